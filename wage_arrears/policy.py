"""The figures of the wage-arrears handling rules (劳动保障监察条例, 人社部 blacklist rules,
measures 21-22), declared for the kernel's policy register; the values are default data in
``policy_defaults.toml`` and city staff edit them on /staff/policy/."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from xingtai_jobs.core import policy
from xingtai_jobs.core.policy import INT, TIME, Figure, Unit

FIGURES = policy.declare("wage_arrears", _("Wage-arrears complaints"), [
    Figure("accept_working_days", _("Working days to decide acceptance"), INT, Unit.WORKING_DAYS, min=1, max=60),
    Figure("first_contact_working_days", _("Working days to first contact after assignment"), INT, Unit.WORKING_DAYS, min=0, max=30),
    Figure("resolve_working_days", _("Working days to resolve an accepted case"), INT, Unit.WORKING_DAYS, min=1, max=250),
    Figure("extension_working_days", _("Extension of the resolution deadline (once)"), INT, Unit.WORKING_DAYS, min=0, max=250),
    Figure("due_soon_working_days", _("A deadline is due soon when this many working days are left"), INT, Unit.WORKING_DAYS, min=0, max=30),
    Figure("max_arrears_age_days", _("Oldest arrears accepted"), INT, Unit.DAYS, min=1, max=3660),
    Figure("group_window_days", _("Window in which complaints against one employer form a group case"), INT, Unit.DAYS, min=1, max=3660),
    Figure("blacklist_years", _("Blacklist listing period"), INT, Unit.YEARS, min=1, max=20),
    Figure("early_removal_months", _("Early removal possible this long after paying"), INT, Unit.MONTHS, min=0, max=120),
    Figure("session_weekday", _("Weekday of the joint reception session"), INT, Unit.WEEKDAY, min=0, max=6),
    Figure("session_start", _("Start of the joint reception session"), TIME, Unit.CLOCK),
    Figure("session_weeks_ahead", _("Reception sessions created this many weeks ahead"), INT, Unit.WEEKS, min=1, max=26),
], order=40)


@dataclass(frozen=True)
class HandlingPolicy:
    """The handling figures in force on one day (what services read as ``policy.<figure>``)."""

    accept_working_days: int
    first_contact_working_days: int
    resolve_working_days: int
    extension_working_days: int
    due_soon_working_days: int
    max_arrears_age_days: int
    group_window_days: int
    blacklist_years: int
    early_removal_months: int
    session_weekday: int
    session_start: dt.time
    session_weeks_ahead: int


def handling_policy(day: dt.date) -> HandlingPolicy:
    """Every handling figure in force on ``day`` (from the kernel's reference memo)."""
    return HandlingPolicy(**policy.values("wage_arrears", on=day))
