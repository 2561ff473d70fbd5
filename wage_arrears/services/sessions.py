"""Joint reception sessions (联合接访): created ahead for every region, cases put on their agenda,
outcomes recorded."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils.translation import gettext as _

from xingtai_jobs.core import workdays
from xingtai_jobs.core.audit import audit
from xingtai_jobs.core.errors import DomainError
from xingtai_jobs.core.models import Department, Region
from xingtai_jobs.core.scoping import ensure_actor_may_see

from ..models import Complaint, ReceptionSession
from ..workflows import COMPLAINT
from . import common
from .common import locked_case, policy_on, required_text


@transaction.atomic
def complaint_schedule_session(*, complaint_id: int, actor, session_id: int, request=None) -> Complaint:
    complaint = locked_case(actor, complaint_id)
    COMPLAINT.check("schedule", actor, complaint, label=complaint.tracking_code)
    session = ReceptionSession.objects.filter(pk=session_id, region_id=complaint.region_id).first()
    if session is None:
        raise DomainError(_("Choose a reception session of the case's region."), field="session")
    ensure_actor_may_see(actor, session)
    if session.date < common.today():
        raise DomainError(_("This session is already over."), field="session", code="conflict")
    COMPLAINT.move("schedule", complaint, actor=actor, request=request, updates={"session": session},
                   record={"after": {"session": session.pk, "date": session.date}})
    complaint.session = session
    return complaint


@transaction.atomic
def sessions_create_ahead(*, on: dt.date | None = None) -> int:
    """Create the joint reception session of every region for each coming session day (Friday by
    policy) in the policy's horizon, skipping public holidays. Idempotent."""
    on = on or common.today()
    policy = policy_on(on)
    days_to = (policy.session_weekday - on.weekday()) % 7
    first = on + dt.timedelta(days=days_to)
    dates = [first + dt.timedelta(weeks=w) for w in range(policy.session_weeks_ahead)]
    dates = [d for d in dates if workdays.is_working_day(d)]
    regions = list(Region.objects.all())
    departments = list(Department.objects.filter(is_active=True))
    existing = set(ReceptionSession.objects.filter(date__in=dates).values_list("region_id", "date"))
    new = [
        ReceptionSession(region=r, date=d, start_time=policy.session_start, location=r.address)
        for d in dates for r in regions if (r.pk, d) not in existing
    ]
    created = ReceptionSession.objects.bulk_create(new, ignore_conflicts=True)
    created_ids = list(ReceptionSession.objects.filter(date__in=dates).exclude(
        pk__in=ReceptionSession.departments.through.objects.values("receptionsession_id")).values_list("id", flat=True))
    through = ReceptionSession.departments.through
    through.objects.bulk_create(
        [through(receptionsession_id=sid, department_id=dep.pk) for sid in created_ids for dep in departments],
        ignore_conflicts=True,
    )
    if new:
        audit("wage_arrears.sessions.created", None, message=f"{len(created)} sessions",
              after={"dates": [d.isoformat() for d in dates]})
    return len(new)


@transaction.atomic
def session_record_outcomes(*, session_id: int, actor, outcomes: str, request=None) -> ReceptionSession:
    from ..selectors import sessions_visible_to

    session = sessions_visible_to(actor).select_for_update().filter(pk=session_id).first()
    if session is None:
        raise DomainError(_("Session not found."), code="not_found")
    if not actor.is_bureau_staff:
        raise DomainError(_("Only bureau staff may do this."), code="forbidden")
    outcomes = required_text(outcomes, "outcomes", _("Write down the outcomes of the session."))
    before = {"outcomes": session.outcomes, "held": session.held}
    session.outcomes, session.held = outcomes, True
    session.save(update_fields=["outcomes", "held"])
    audit("wage_arrears.session.held", session, actor=actor, request=request, before=before,
          after={"outcomes": outcomes, "held": True})
    return session
