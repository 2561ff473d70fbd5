"""Pure rules of the entitlements (no database, no clock): one module per scheme. Facts of one
labour contract (one placement for the internship subsidy) and a round's typed parameters in, an
``Outcome`` out: the checks with their clauses (Chinese), the person's shared ``max_months`` and
the monthly lines up to the month whose facts are in."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal

from subsidies.rules import Check
from xingtai_jobs.core.retirement import add_months

# Why an entitlement stops (or will stop).
CONTRACT_END = "contract_end"
MAX_MONTHS = "max_months"
RETIREMENT = "retirement"
NO_CONTRIBUTION = "no_contribution"
REVOKED = "revoked"
PLACEMENT_END = "placement_end"
HIRED = "hired"

# Why a month has no line.
MISSING = "missing"
ARREARS = "arrears"
NOTHING_PAID = "nothing_paid"
TAKEN = "taken"  # the month is already on the person's clock through another contract

SKIP_TEXT = {
    MISSING: "当月无本单位缴费记录",
    ARREARS: "当月欠缴（未足额缴费）",
    NOTHING_PAID: "当月单位缴费为零",
    TAKEN: "当月已由该人员另一劳动合同享受",
}
STOP_TEXT = {
    CONTRACT_END: "劳动合同期满",
    MAX_MONTHS: "享受期限届满",
    RETIREMENT: "达到法定退休年龄",
    NO_CONTRIBUTION: "连续多月未缴纳社会保险费",
    REVOKED: "撤销认定",
    PLACEMENT_END: "见习结束",
    HIRED: "见习期内签订劳动合同，剩余期限一次性发放",
}


@dataclass(frozen=True)
class Row:
    """One month of this employer's contribution row for the person."""

    pension_unit: Decimal
    medical_unit: Decimal
    ui_unit: Decimal
    in_arrears: bool


@dataclass(frozen=True)
class Line:
    month: dt.date
    amount: Decimal
    facts: dict
    months: int = 1  # months the line pays for (the internship's remaining period: several)


@dataclass(frozen=True)
class Skip:
    month: dt.date
    reason: str


@dataclass
class Outcome:
    eligible: bool
    failed_checks: list[str]
    checks: list[Check]
    start_month: dt.date
    max_months: int | None = None
    lines: list[Line] = field(default_factory=list)
    skipped: list[Skip] = field(default_factory=list)
    stop_reason: str | None = None  # why the lines stopped by the month computed (None: still running)
    end_month: dt.date | None = None  # the last month it can pay for, as far as known now
    end_reason: str | None = None
    clock_end: str = MAX_MONTHS  # what the end of the clock is called (retirement when the clock runs until retirement)

    @property
    def total(self) -> Decimal:
        return sum((line.amount for line in self.lines), Decimal("0.00"))

    @property
    def months_used(self) -> int:
        return sum(line.months for line in self.lines)


def month_of(day: dt.date) -> dt.date:
    return day.replace(day=1)


def add_months_to_date(day: dt.date, n: int) -> dt.date:
    """The same day ``n`` months later (the last day of the month when it has fewer days)."""
    first = add_months(day.replace(day=1), n)
    last_day = (add_months(first, 1) - dt.timedelta(days=1)).day
    return first.replace(day=min(day.day, last_day))


def ym(month: dt.date | None) -> str:
    return f"{month:%Y-%m}" if month else ""


def month_ranges(months: list[dt.date]) -> str:
    """Months as runs: 2024-01—2024-03、2024-05 (sorted, each month once)."""
    runs: list[list[dt.date]] = []
    for m in sorted(set(months)):
        if runs and add_months(runs[-1][-1], 1) == m:
            runs[-1].append(m)
        else:
            runs.append([m])
    return "、".join(ym(r[0]) if len(r) == 1 else f"{ym(r[0])}—{ym(r[-1])}" for r in runs)


def codes(text: str) -> frozenset[str]:
    return frozenset(t.strip() for t in str(text).split(",") if t.strip())
