"""Template context shared by every page: the bureau name and the navigation that each app
declares on its AppConfig (``nav_links``), so adding a section needs no edit to the base layout."""

from __future__ import annotations

from django.apps import apps
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext_lazy as _

BUREAU_NAME = _("Xingtai Human Resources and Social Security Bureau")
PORTAL_NAME = _("Employment Services Portal")


def _collect(audience: str) -> list[dict]:
    links = []
    for config in apps.get_app_configs():
        for item in getattr(config, "nav_links", ()):
            label, url_name, who = item[0], item[1], item[2]
            if who != audience:
                continue
            try:
                links.append({"label": label, "url": reverse(url_name), "description": item[3] if len(item) > 3 else ""})
            except NoReverseMatch:
                continue
    return links


def portal(request):
    user = getattr(request, "user", None)
    return {
        "BUREAU_NAME": BUREAU_NAME,
        "PORTAL_NAME": PORTAL_NAME,
        "public_nav": _collect("public"),
        "enterprise_nav": _collect("enterprise"),
        "staff_nav": _collect("staff"),
        # staff pages (/staff/...) show the staff's own navigation: work areas, not the public menu
        "staff_area": bool(request.path.startswith("/staff/") and user is not None and user.is_authenticated
                           and user.is_staff),
    }


def _today():
    from xingtai_jobs.core import clock

    return clock.today()


def calendar_notice(request):
    """For staff: the coming years whose official holidays are not in the working-day calendar yet
    (chinese-calendar has no data and no staff override exists), so deadlines into them count
    Monday-Friday until someone enters the State Council's schedule."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated or not user.is_staff:
        return {}
    from django.conf import settings

    from xingtai_jobs.core.workdays import years_without_schedule

    years = years_without_schedule(_today(), settings.XT_CALENDAR_NOTICE_DAYS)
    return {"calendar_gap_years": ", ".join(str(y) for y in years)} if years else {}
