"""What every wage-arrears service shares: the clock seam, money rounding, the handling policy in
force, the status history and the case visibility check."""

from __future__ import annotations

import datetime as dt

from django.utils.translation import gettext as _

from xingtai_jobs.core import clock
from xingtai_jobs.core.errors import DomainError
from xingtai_jobs.core.money import round_money

from ..models import Complaint, StatusStep
from ..policy import HandlingPolicy, handling_policy

money = round_money  # the kernel's one rounding (xingtai_jobs/core/money.py)


def today() -> dt.date:
    """The kernel clock (``xingtai_jobs.core.clock``), read at each call."""
    return clock.today()


def policy_on(day: dt.date) -> HandlingPolicy:
    """The handling figures in force on ``day`` (kernel policy register, served from its memo)."""
    return handling_policy(day)


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
