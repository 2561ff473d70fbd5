"""Deadlines: the one extension of the resolution deadline and the daily sweep (flags, escalation,
the 清零 board's daily snapshot)."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils.translation import gettext as _

from xingtai_jobs.core import workdays
from xingtai_jobs.core.audit import audit
from xingtai_jobs.core.errors import DomainError
from xingtai_jobs.core.models import Region

from .. import rules
from ..models import ClearanceSnapshot, Complaint, DeadlineFlag, Status
from . import common
from .common import policy_on, required_text, visible

RESOLUTION_STATES = (Status.ACCEPTED, Status.ASSIGNED, Status.IN_CONTACT, Status.VERIFIED, Status.HANDLED)


@transaction.atomic
def complaint_extend(*, complaint_id: int, actor, reason: str, request=None) -> Complaint:
    """Extend the resolution deadline once, with a city officer's approval and reason."""
    reason = required_text(reason, "reason", _("Give the reason for the extension."))
    if actor is None or not actor.is_city_staff:
        raise DomainError(_("Only a city officer may approve an extension."), code="forbidden")
    complaint = Complaint.objects.select_for_update().filter(pk=complaint_id).first()
    if complaint is None or not visible(actor, complaint):
        raise DomainError(_("Case not found or not yours to handle."), code="not_found")
    if complaint.status not in RESOLUTION_STATES or complaint.resolve_due is None:
        raise DomainError(_("Only an accepted, open case can be extended."), code="conflict")
    policy = policy_on(complaint.accepted_on or common.today())
    new_due = workdays.add_working_days(complaint.resolve_due, policy.extension_working_days)
    changed = Complaint.objects.filter(pk=complaint.pk, extended=False).update(
        extended=True, extension_reason=reason, extension_approved_by=actor, resolve_due=new_due,
    )
    if changed != 1:
        raise DomainError(_("The resolution deadline has already been extended once."), code="conflict")
    audit("wage_arrears.complaint.extended", complaint, actor=actor, request=request,
          before={"resolve_due": complaint.resolve_due}, after={"resolve_due": new_due, "reason": reason})
    complaint.refresh_from_db()
    return complaint


@transaction.atomic
def deadlines_sweep(*, on: dt.date | None = None) -> dict:
    """Mark open cases due soon or overdue (set-based) and escalate newly overdue ones to the city."""
    on = on or common.today()
    policy = policy_on(on)
    soon_until = workdays.add_working_days(on, policy.due_soon_working_days)
    counts = {"overdue": 0, "due_soon": 0, "escalated": 0}
    newly_overdue: list[int] = []
    for states, due_field in rules.DUE_FIELD_BY_STATES:
        base = Complaint.objects.filter(status__in=states)
        overdue = base.filter(**{f"{due_field}__lt": on})
        newly_overdue += list(overdue.filter(escalated_on__isnull=True).values_list("id", flat=True))
        counts["overdue"] += overdue.update(deadline_flag=DeadlineFlag.OVERDUE)
        counts["due_soon"] += base.filter(**{f"{due_field}__gte": on, f"{due_field}__lte": soon_until}).update(
            deadline_flag=DeadlineFlag.DUE_SOON)
        base.filter(**{f"{due_field}__gt": soon_until}).update(deadline_flag=DeadlineFlag.OK)
    Complaint.objects.exclude(status__in=rules.STATES_WITH_DEADLINE).exclude(
        deadline_flag=DeadlineFlag.OK).update(deadline_flag=DeadlineFlag.OK)
    if newly_overdue:
        counts["escalated"] = Complaint.objects.filter(pk__in=newly_overdue).update(escalated_on=on)
        for complaint in Complaint.objects.filter(pk__in=newly_overdue).only("id", "tracking_code", "region_id"):
            audit("wage_arrears.complaint.escalated", complaint, message="overdue", after={"escalated_on": on})
    _snapshot_clearance(on)
    return counts


def _snapshot_clearance(on: dt.date) -> None:
    """Record every region's open and overdue cases on ``on`` (re-running the sweep replaces them)."""
    from ..selectors import open_overdue_counts

    per_region = {row["region_id"]: row for row in
                  Complaint.objects.values("region_id").annotate(**open_overdue_counts()).order_by()}
    ClearanceSnapshot.objects.bulk_create(
        [ClearanceSnapshot(region_id=pk, on=on, open=per_region.get(pk, {}).get("open", 0),
                           overdue=per_region.get(pk, {}).get("overdue", 0))
         for pk in Region.objects.values_list("id", flat=True)],
        update_conflicts=True, unique_fields=["region", "on"], update_fields=["open", "overdue"],
    )
