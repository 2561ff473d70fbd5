"""Staff sessions end after ``XT_STAFF_IDLE_MINUTES`` without a request (default 30).

Applies to every session of a user with ``is_staff`` (bureau staff, department liaisons,
superusers): the session records when it was last used; a request after a longer pause logs the
user out first, so the page asks for a login again (the API answers as to an anonymous client).
Citizens' and enterprises' sessions keep Django's normal age. API tokens are not sessions and
are not affected."""

from __future__ import annotations

import time

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.utils.translation import gettext as _

LAST_SEEN_KEY = "_xt_last_seen"
# The time stamp is written at most this often, so that a burst of requests saves the session once
# (the idle time is then honoured to within this much).
WRITE_EVERY_SECONDS = 60


def stamp(session) -> None:
    session[LAST_SEEN_KEY] = time.time()
    session.set_expiry(settings.XT_STAFF_IDLE_MINUTES * 60 + WRITE_EVERY_SECONDS)  # the stored session ends too


def on_login(sender, request, user, **kwargs) -> None:
    """``user_logged_in`` receiver: a staff session starts its idle clock at login."""
    if user.is_staff and request is not None and hasattr(request, "session"):
        stamp(request.session)


class StaffIdleTimeoutMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and user.is_staff:
            idle = settings.XT_STAFF_IDLE_MINUTES * 60
            now = time.time()
            last = request.session.get(LAST_SEEN_KEY)
            if isinstance(last, int | float) and now - last > idle:
                logout(request)
                messages.info(request, _("Your staff session ended after %(minutes)d minutes without activity. Please log in again.")
                              % {"minutes": settings.XT_STAFF_IDLE_MINUTES})
            elif not isinstance(last, int | float) or now - last >= WRITE_EVERY_SECONDS:
                stamp(request.session)
        return self.get_response(request)
