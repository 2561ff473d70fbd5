"""Policy figures the enterprise registry uses, as data with an effective window.

Nothing here is a literal buried in code: each table row says from when (and until when) it
applies, and the look-up helpers pick the row in force on a given date. To change a figure,
add a new row with a new ``valid_from`` and close the old one with ``valid_to``.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass


@dataclass(frozen=True)
class ReportDeadline:
    """A monthly employment report is late when submitted after ``due_day`` of the next month."""

    valid_from: dt.date
    valid_to: dt.date | None
    due_day: int
    source: str


REPORT_DEADLINES: tuple[ReportDeadline, ...] = (
    ReportDeadline(dt.date(2020, 1, 1), None, 15, "bureau practice: reports due by the 15th of the following month"),
)


@dataclass(frozen=True)
class SizeThresholds:
    """Lower bounds (inclusive) of large / medium / small for one indicator of one industry group.

    Indicators: ``employees`` (X, people), ``revenue`` (Y, 万元), ``assets`` (Z, 万元).
    """

    indicator: str
    large: int
    medium: int
    small: int


@dataclass(frozen=True)
class SizeStandard:
    """One industry group of 统计上大中小微型企业划分办法(2017) (国统字〔2017〕213号)."""

    group: str
    codes: tuple[str, ...]  # GB/T 4754 section letters ("C") or division/group digits ("51", "702", "7010")
    thresholds: tuple[SizeThresholds, ...]


@dataclass(frozen=True)
class SizeStandardEdition:
    valid_from: dt.date
    valid_to: dt.date | None
    name: str
    groups: tuple[SizeStandard, ...]
    default_group: SizeStandard


def _t(indicator: str, large: int, medium: int, small: int) -> SizeThresholds:
    return SizeThresholds(indicator, large, medium, small)


SIZE_STANDARDS: tuple[SizeStandardEdition, ...] = (
    SizeStandardEdition(
        valid_from=dt.date(2017, 12, 28),
        valid_to=None,
        name="统计上大中小微型企业划分办法(2017) 国统字〔2017〕213号",
        groups=(
            SizeStandard("agriculture", ("A",), (_t("revenue", 20000, 500, 50),)),
            SizeStandard("industry", ("B", "C", "D"), (_t("employees", 1000, 300, 20), _t("revenue", 40000, 2000, 300))),
            SizeStandard("construction", ("E",), (_t("revenue", 80000, 6000, 300), _t("assets", 80000, 5000, 300))),
            SizeStandard("wholesale", ("51",), (_t("employees", 200, 20, 5), _t("revenue", 40000, 5000, 1000))),
            SizeStandard("retail", ("52",), (_t("employees", 300, 50, 10), _t("revenue", 20000, 500, 100))),
            SizeStandard("transport", ("54", "55", "56", "57", "58"), (_t("employees", 1000, 300, 20), _t("revenue", 30000, 3000, 200))),
            SizeStandard("warehousing", ("59",), (_t("employees", 200, 100, 20), _t("revenue", 30000, 1000, 100))),
            SizeStandard("postal", ("60",), (_t("employees", 1000, 300, 20), _t("revenue", 30000, 2000, 100))),
            SizeStandard("accommodation_catering", ("61", "62"), (_t("employees", 300, 100, 10), _t("revenue", 10000, 2000, 100))),
            SizeStandard("telecom", ("63", "64"), (_t("employees", 2000, 100, 10), _t("revenue", 100000, 1000, 100))),
            SizeStandard("software", ("65",), (_t("employees", 300, 100, 10), _t("revenue", 10000, 1000, 50))),
            SizeStandard("real_estate_development", ("7010",), (_t("revenue", 200000, 1000, 100), _t("assets", 10000, 5000, 2000))),
            SizeStandard("property_management", ("702",), (_t("employees", 1000, 300, 100), _t("revenue", 5000, 1000, 500))),
            SizeStandard("leasing_business_services", ("L",), (_t("employees", 300, 100, 10), _t("assets", 120000, 8000, 100))),
        ),
        default_group=SizeStandard("other", (), (_t("employees", 300, 100, 10),)),
    ),
)


def _in_force(rows, on: dt.date):
    for row in rows:
        if row.valid_from <= on and (row.valid_to is None or on <= row.valid_to):
            return row
    raise LookupError(f"no policy row in force on {on.isoformat()}")


def report_deadline_for(on: dt.date) -> ReportDeadline:
    return _in_force(REPORT_DEADLINES, on)


def size_standard_for(on: dt.date) -> SizeStandardEdition:
    return _in_force(SIZE_STANDARDS, on)
