"""Who may open a page: one decorator per audience, the same everywhere.

    from xingtai_jobs.core.access import staff_required, bureau_staff_required, city_staff_required,
        enterprise_required, citizen_required

- A visitor who is not signed in is sent to the login page (``settings.LOGIN_URL``, ``?next=``).
- A signed-in person of another role gets the site's 403 page with the reason (``403.html``).

Audiences: ``staff_required`` every staff role (city, county, department liaison);
``bureau_staff_required`` city and county staff; ``city_staff_required`` city staff (and
superusers); ``enterprise_required`` an enterprise account linked to its enterprise;
``citizen_required`` a citizen's own account. Which rows a page shows still comes from the app's
selector; these decorators only decide who may open it at all.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext_lazy as _

View = Callable[..., HttpResponse]


def role_required(test: Callable[[Any], bool], reason: Any) -> Callable[[View], View]:
    """A decorator letting through signed-in, active users for whom ``test(user)`` is true."""

    def decorator(view: View) -> View:
        @wraps(view)
        def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            user = request.user
            if not user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            if not user.is_active or not test(user):
                raise PermissionDenied(reason)
            return view(request, *args, **kwargs)

        return wrapper

    return decorator


def is_staff_member(user: Any) -> bool:
    return bool(user.is_staff and (user.is_superuser or user.role in user.STAFF_ROLES))


staff_required = role_required(is_staff_member, _("This page is for bureau staff."))
bureau_staff_required = role_required(lambda u: u.is_bureau_staff, _("This page is for city and county bureau staff."))
city_staff_required = role_required(lambda u: u.is_city_staff, _("Only city-level staff may open this page."))
enterprise_required = role_required(
    lambda u: u.is_enterprise_user and u.enterprise_id is not None,
    _("The enterprise portal is only for enterprise accounts. Staff use the back office."),
)
citizen_required = role_required(lambda u: u.role == u.Role.CITIZEN and not u.is_staff,
                                 _("This page is for a citizen's own account."))
