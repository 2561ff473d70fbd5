"""The staff workbench page (``/staff/``) and where each kind of user lands after logging in."""

from __future__ import annotations

from django.contrib.auth import views as auth_views
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from xingtai_jobs.core import workbench
from xingtai_jobs.core.access import staff_required
from xingtai_jobs.core.errors import DomainError
from xingtai_jobs.core.scoping import regions_for


@staff_required
@never_cache
@require_GET
def workbench_page(request):
    """Every kind of work waiting for the officer, counted (one query per kind) and linked. City
    staff may narrow to one county (``?region=<code>``, parsed strictly: a bad code is a 400)."""
    try:
        region = workbench.region_from_query(request)
    except DomainError as exc:
        return render(request, "core/workbench.html", {"error": exc.message, "regions": _region_choices(request.user)},
                      status=exc.status)
    sections = workbench.collect(request.user, region)
    return render(request, "core/workbench.html", {
        "sections": sections, "region": region, "regions": _region_choices(request.user),
        "waiting": sum(s.total for s in sections),
    })


def _region_choices(user):
    # only city staff choose: county staff and liaisons work in their own region
    return list(regions_for(user).order_by("code").values("code", "name")) if user.is_city_staff else []


def landing_url(user) -> str:
    """Where a user lands after logging in when no ``next`` page was asked for: staff on the
    workbench, enterprise accounts on their portal, citizens on their own page, others at home."""
    from xingtai_jobs.core.access import is_staff_member

    if is_staff_member(user):
        return reverse("workbench")
    if user.is_enterprise_user and user.enterprise_id:
        return reverse("enterprise-home")
    if user.role == user.Role.CITIZEN:
        return reverse("persons-me")
    return reverse("home")


class PortalLoginView(auth_views.LoginView):
    template_name = "core/login.html"

    def get_default_redirect_url(self):
        return landing_url(self.request.user)
