"""Rules of the enterprise registry: no side effects; the figures come from the kernel policy register."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from django.utils.translation import gettext as _

from xingtai_jobs.core import clock, policy

from .models import SizeClass
from .policy import SIZE_GROUPS, size_key

# GB/T 4754-2017: section letter → range of its two-digit divisions.
INDUSTRY_SECTIONS: dict[str, tuple[int, int]] = {
    "A": (1, 5), "B": (6, 12), "C": (13, 43), "D": (44, 46), "E": (47, 50), "F": (51, 52), "G": (53, 60),
    "H": (61, 62), "I": (63, 65), "J": (66, 69), "K": (70, 70), "L": (71, 72), "M": (73, 75), "N": (76, 79),
    "O": (80, 82), "P": (83, 83), "Q": (84, 85), "R": (86, 90), "S": (91, 96), "T": (97, 97),
}
_INDUSTRY_RE = re.compile(r"^([A-Z])?(\d{2,4})?$")


def normalize_industry_code(text: str) -> str:
    """'c30' → 'C30', '30' → 'C30', 'C' → 'C'; raises ValueError with a readable message."""
    value = (text or "").strip().upper().replace(" ", "")
    match = _INDUSTRY_RE.match(value)
    if not value or not match:
        raise ValueError(_("Enter a GB/T 4754 industry code: a section letter and a division, e.g. C30."))
    section, digits = match.group(1), match.group(2)
    if digits:
        division = int(digits[:2])
        owner = next((s for s, (lo, hi) in INDUSTRY_SECTIONS.items() if lo <= division <= hi), None)
        if owner is None:
            raise ValueError(_("Division %(division)s does not exist in GB/T 4754.") % {"division": digits[:2]})
        if section and section != owner:
            raise ValueError(
                _("Division %(division)s belongs to section %(owner)s, not %(section)s.")
                % {"division": digits[:2], "owner": owner, "section": section}
            )
        return owner + digits
    if section not in INDUSTRY_SECTIONS:
        raise ValueError(_("Section %(section)s does not exist in GB/T 4754.") % {"section": section})
    return section


# --- monthly employment report ------------------------------------------------------------------


@dataclass(frozen=True)
class ConsistencyResult:
    status: str  # EmploymentReport.Consistency value
    note: str


def check_report_consistency(*, previous_headcount: int | None, headcount: int, new_hires: int, separations: int) -> ConsistencyResult:
    """previous headcount + hires - separations must equal this month's headcount."""
    if previous_headcount is None:
        return ConsistencyResult("no_previous", "")
    expected = previous_headcount + new_hires - separations
    if expected == headcount:
        return ConsistencyResult("ok", "")
    note = _(
        "Previous month %(prev)s + hires %(hires)s - separations %(seps)s = %(expected)s, but the reported headcount is %(headcount)s."
    ) % {"prev": previous_headcount, "hires": new_hires, "seps": separations, "expected": expected, "headcount": headcount}
    return ConsistencyResult("inconsistent", note)


def report_due_date(month: dt.date) -> dt.date:
    """The last day on which the report for ``month`` is on time (the due day of the next month)."""
    following = (month.replace(day=28) + dt.timedelta(days=4)).replace(day=1)
    return following.replace(day=policy.value("enterprises.report_due_day", on=following))


def is_report_late(month: dt.date, submitted_on: dt.date) -> bool:
    return submitted_on > report_due_date(month)


def previous_month(month: dt.date) -> dt.date:
    return (month.replace(day=1) - dt.timedelta(days=1)).replace(day=1)


def next_month(month: dt.date) -> dt.date:
    return (month.replace(day=28) + dt.timedelta(days=4)).replace(day=1)


def report_calendar(reported: list[dt.date], latest: dt.date, *, months: int = 36) -> tuple[dt.date, list[dt.date]]:
    """The enterprise's next report and the gaps in its history.

    ``reported``: the months it has reported; ``latest``: the last month that can be reported (the
    previous month). Months from its first report up to ``latest`` without a report are missing
    (at most ``months`` back; months before the first report are not asked for). The next report is
    the oldest missing month, else the month after the last one reported (``latest`` + 1 when all
    are in: it becomes due once that month ends)."""
    done = {m.replace(day=1) for m in reported}
    floor = latest
    for _step in range(months - 1):
        floor = previous_month(floor)
    start = max(min(done), floor) if done else latest
    missing, month = [], start
    while month <= latest:
        if month not in done:
            missing.append(month)
        month = next_month(month)
    # every month up to ``latest`` is in (or none was ever asked for): the next one is the current month
    return (missing[0] if missing else next_month(latest)), missing


# --- size class fallback ------------------------------------------------------------------------


def compute_size_class(industry_code: str, *, employees: int | None = None, revenue: int | None = None,
                       assets: int | None = None, on: dt.date | None = None) -> str | None:
    """Size class by the statistical standard in force on ``on`` (the bounds are policy figures
    ``enterprises.size.*``) from the indicators that are known.

    Large/medium/small need every *known* listed indicator at or above the lower bound (otherwise
    the unit drops a class); micro is what remains. Returns None when none of the industry's
    indicators is known (e.g. construction with only a headcount): the caller keeps its default.
    """
    day = on or clock.today()
    code = (industry_code or "").upper()
    digits = code[1:] if code[:1].isalpha() else code
    section = code[:1] if code[:1].isalpha() else ""
    group, _label, _codes, indicators = SIZE_GROUPS[-1]  # "other": what no group names
    best = -1
    for candidate, _label, codes, candidate_indicators in SIZE_GROUPS:
        for c in codes:
            matched = (c.isalpha() and c == section) or (c.isdigit() and digits.startswith(c))
            if matched and len(c) > best:  # the most specific code wins (7010 over K)
                group, indicators, best = candidate, candidate_indicators, len(c)
    values = {"employees": employees, "revenue": revenue, "assets": assets}
    known = [indicator for indicator in indicators if values[indicator] is not None]
    if not known:
        return None
    for size in (SizeClass.LARGE, SizeClass.MEDIUM, SizeClass.SMALL):
        if all(values[i] >= policy.value(size_key(group, i, size.value), on=day) for i in known):
            return size.value
    return SizeClass.MICRO.value
