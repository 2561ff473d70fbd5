"""The event registration's state machine, declared once (docs/workflows/recruitment.registration.md):
the registration, cancellation, promotion and check-in services guard with it."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from xingtai_jobs.core.workflow import Machine, Step, anyone, bureau_staff, register

from .models import Registration

S = Registration.Status


def _not_checked_in(user, registration) -> bool:
    return registration.checked_in_at is None


def _not_confirmed(registration):
    return _("This ticket is not confirmed (status: %(status)s).") % {
        "status": Registration.Status(registration.status).label}


REGISTRATION = register(Machine(
    "recruitment.registration", model="recruitment.Registration", title=_("Event registration"), states=S,
    initial=(S.CONFIRMED, S.WAITLISTED),
    steps=[
        Step("promote", _("Promote from the waiting list"), [S.WAITLISTED], S.CONFIRMED, who=anyone,
             who_label="when a place frees up", button=False, service="recruitment.services.event_change_capacity",
             audit_action="recruitment.registration.promoted"),
        Step("cancel", _("Cancel the registration"), [S.CONFIRMED, S.WAITLISTED], S.CANCELLED, who=anyone,
             who_label="the holder or staff", when=_not_checked_in, when_label="not checked in",
             when_message=_("A checked-in registration cannot be cancelled."),
             refusals={S.CANCELLED: _("This registration is already cancelled.")}, button=False,
             service="recruitment.services.registration_cancel", audit_action="recruitment.registration.cancelled"),
        Step("check_in", _("Check in"), [S.CONFIRMED], None, who=bureau_staff, who_label="bureau staff",
             who_message=_("Only bureau staff can check people in."),
             refusals={S.WAITLISTED: _not_confirmed, S.CANCELLED: _not_confirmed}, button=False,
             service="recruitment.services.registration_check_in",
             audit_action="recruitment.registration.checked_in"),
    ],
))
