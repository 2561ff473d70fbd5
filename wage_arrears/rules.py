"""The pure rules of the wage-arrears area: how a case is identified (tracking codes, employer and
project names as compared for group cases) and how its dates are counted. No database, no clock."""

from __future__ import annotations

import calendar
import datetime as dt
import re

from .models import Status

# Tracking codes: no 0/O, 1/I/L, so they can be read aloud and typed without confusion.
CODE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"


def normalize_tracking_code(value: str) -> str:
    raw = re.sub(r"[\s\-]", "", (value or "").upper())
    if raw.startswith("QX"):
        raw = raw[2:]
    if len(raw) != 8 or any(ch not in CODE_ALPHABET for ch in raw):
        return ""
    return f"QX-{raw[:4]}-{raw[4:]}"


_NAME_NOISE = re.compile(r"[\s()（）\[\]【】·.,，、\-—_\"'“”]+")


def normalize_name(value: str) -> str:
    """Employer and project names as compared for group cases: no spaces, brackets or punctuation."""
    return _NAME_NOISE.sub("", (value or "").strip()).lower()


def same_employer_and_project(a, b) -> bool:
    """Two complaints name one employer (normalised name or USCC) and one project (normalised)."""
    same_employer = a.employer_name_normalized == b.employer_name_normalized or bool(
        a.employer_uscc and a.employer_uscc == b.employer_uscc)
    return same_employer and a.project_normalized == b.project_normalized


def assignee_fits(assignee, *, region_id: int | None, department_id: int | None) -> bool:
    """Who may be named to handle a case: city staff, the case region's county staff, or the
    handling department's liaison in that region."""
    return bool(assignee.is_active and (
        assignee.is_city_staff
        or (assignee.is_county_staff and assignee.region_id == region_id)
        or (assignee.is_department_liaison and assignee.region_id == region_id
            and assignee.department_id == department_id)
    ))


# --- deadlines ----------------------------------------------------------------------------------

# Which deadline runs in which open state: acceptance (5 working days), first contact after
# assignment (1), resolution from acceptance (60, extendable once).
DUE_FIELD_BY_STATES: tuple[tuple[tuple[str, ...], str], ...] = (
    ((Status.SUBMITTED,), "accept_due"),
    ((Status.ASSIGNED,), "first_contact_due"),
    ((Status.ACCEPTED, Status.IN_CONTACT, Status.VERIFIED, Status.HANDLED), "resolve_due"),
)
STATES_WITH_DEADLINE = tuple(s for states, _field in DUE_FIELD_BY_STATES for s in states)


def arrears_too_old(*, period_end: dt.date, received_on: dt.date, limit_days: int) -> bool:
    """The arrears ended more than ``limit_days`` before the complaint (the "too old" refusal applies)."""
    return period_end < received_on - dt.timedelta(days=limit_days)


def group_window_start(received_on: dt.date, window_days: int) -> dt.date:
    """The earliest receipt date of a complaint that may join one received on ``received_on``."""
    return received_on - dt.timedelta(days=window_days)


def listed_until(listed_on: dt.date, years: int) -> dt.date:
    """The last day of a blacklist listing of ``years`` years."""
    return add_years(listed_on, years)


def early_removal_from(paid_on: dt.date, months: int) -> dt.date:
    """The first day an employer who paid on ``paid_on`` may ask to leave the list early."""
    return add_months(paid_on, months)


def add_years(day: dt.date, years: int) -> dt.date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


def add_months(day: dt.date, months: int) -> dt.date:
    month0 = day.month - 1 + months
    year, month = day.year + month0 // 12, month0 % 12 + 1
    return day.replace(year=year, month=month, day=min(day.day, calendar.monthrange(year, month)[1]))
