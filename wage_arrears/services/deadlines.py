"""Deadlines: the one extension of the resolution deadline and the daily sweep (flags, escalation,
the 清零 board's daily snapshot)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext as _

from xingtai_jobs.core import workdays
from xingtai_jobs.core.audit import audit
from xingtai_jobs.core.models import Region

from .. import rules, workflows
from ..models import ClearanceSnapshot, Complaint, DeadlineFlag
from ..workflows import COMPLAINT
from . import common
from .common import locked_case, policy_on, required_text

RESOLUTION_STATES = workflows.RESOLUTION_STATES


@transaction.atomic
def complaint_extend(*, complaint_id: int, actor, reason: str, request=None) -> Complaint:
    """Extend the resolution deadline once, with a city officer's approval and reason."""
    reason = required_text(reason, "reason", _("Give the reason for the extension."))
    complaint = locked_case(actor, complaint_id)
    COMPLAINT.check("extend", actor, complaint, label=complaint.tracking_code)
    policy = policy_on(complaint.accepted_on or common.today())
    assert complaint.resolve_due is not None  # an accepted case has its resolution deadline
    new_due = workdays.add_working_days(complaint.resolve_due, policy.extension_working_days)
    COMPLAINT.move("extend", complaint, actor=actor, request=request, guard=Q(extended=False), updates={
        "extended": True, "extension_reason": reason, "extension_approved_by": actor, "resolve_due": new_due},
        record={"before": {"resolve_due": complaint.resolve_due}, "after": {"resolve_due": new_due, "reason": reason}})
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

    per_region: dict[int, Any] = {row["region_id"]: row for row in
                  Complaint.objects.values("region_id").annotate(**open_overdue_counts()).order_by()}
    ClearanceSnapshot.objects.bulk_create(
        [ClearanceSnapshot(region_id=pk, on=on, open=per_region.get(pk, {}).get("open", 0),
                           overdue=per_region.get(pk, {}).get("overdue", 0))
         for pk in Region.objects.values_list("id", flat=True)],
        update_conflicts=True, unique_fields=["region", "on"], update_fields=["open", "overdue"],
    )
