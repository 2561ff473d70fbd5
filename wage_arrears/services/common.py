"""What every wage-arrears service shares: the clock seam, money rounding, the handling policy in
force, the status history and the case visibility check."""

from __future__ import annotations

import datetime as dt
from decimal import ROUND_HALF_UP, Decimal

from django.utils import timezone
from django.utils.translation import gettext as _

from xingtai_jobs.core.errors import DomainError
from xingtai_jobs.core.refcache import reference_memo

from ..models import Complaint, HandlingPolicy, StatusStep


def money(value) -> Decimal:
    """The one place amounts are rounded: yuan, 2 places, half-up."""
    return Decimal(value).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def today() -> dt.date:
    return timezone.localdate()


@reference_memo("wage_arrears.HandlingPolicy")
def _policies() -> list[HandlingPolicy]:
    return list(HandlingPolicy.objects.order_by("-valid_from"))


def policy_on(day: dt.date) -> HandlingPolicy:
    """The handling policy in force on ``day`` (from the per-process reference memo)."""
    for policy in _policies():
        if policy.valid_from <= day and (policy.valid_to is None or policy.valid_to >= day):
            return policy
    raise DomainError(_("No wage-arrears handling policy is in force on %(date)s.") % {"date": day}, code="conflict")


def record_step(complaint: Complaint, status: str, on: dt.date, note: str = "") -> None:
    StatusStep.objects.create(complaint=complaint, status=status, on=on, note=note[:300])


def visible(actor, complaint: Complaint) -> bool:
    from ..selectors import complaints_visible_to

    return complaints_visible_to(actor).filter(pk=complaint.pk).exists()


def required_text(value: str, field_name: str, message) -> str:
    value = (value or "").strip()
    if not value:
        raise DomainError(message, field=field_name)
    return value


def locked_case(actor, complaint_id: int) -> Complaint:
    """The complaint, row-locked, when ``actor`` may see it; else ``not_found``."""
    complaint = Complaint.objects.select_for_update().filter(pk=complaint_id).first()
    if complaint is None or not visible(actor, complaint):
        raise DomainError(_("Case not found or not yours to handle."), code="not_found")
    return complaint
