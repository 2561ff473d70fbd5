"""就业见习补贴 (internship subsidy), round 2024 (policy_rules.md §5, §12; issue 13).

Per placement starting in the round's window, on a host's internship post: for each month served
(month i runs from start + i months to the day before start + i + 1 months), the round's rate (the
higher retained rate when the host keeps enough of its interns) × the minimum wage of the host's
region tier in force on the first day of that month; at most the agreement's planned months and at
most ``max_months``. When the host signs a labour contract with the intern before the planned end
and the contract's first month is paid, the planned months not yet served are paid as one line in
the contract's start month. Each intern once (the earliest placement); the intern's eligibility
was checked when placed (16–24 registered unemployed, or graduates within 2 years)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from subsidies.rules import Check
from xingtai_jobs.core.money import round_money
from xingtai_jobs.core.retirement import add_months, months_between

from . import HIRED, MAX_MONTHS, PLACEMENT_END, STOP_TEXT, Line, Outcome, add_months_to_date, month_of, ym

SCHEME = "internship"
ENTITLEMENT = True  # paid through entitlements (one approval, monthly lines), not screened or applied for as items


@dataclass(frozen=True)
class PlacementFacts:
    placement_id: int
    person_id: int | None
    uscc: str
    region_code: str
    start: dt.date
    planned_end: dt.date
    actual_end: dt.date | None
    eligibility_basis: str
    hired_on: dt.date | None = None  # a labour contract with the host starting before the planned end
    hire_month_paid: bool = False  # the host's row for the contract's first month exists, not in arrears
    subsidised_before: bool = False  # an earlier placement of the same intern is subsidised
    retained: bool = False  # the host retains at least the round's share of its interns
    # month → (tier, monthly minimum wage) of the host's region in force on the first day of that month
    min_wage: dict[dt.date, tuple[int, Decimal]] | None = None


def planned_months(facts: PlacementFacts) -> int:
    months = months_between(facts.start, facts.planned_end)
    if facts.planned_end.day < facts.start.day:
        months -= 1
    return max(0, months)


def rate(facts: PlacementFacts, params: dict) -> Decimal:
    return Decimal(params["retained_rate"] if facts.retained else params["rate"])


def plan(facts: PlacementFacts, params: dict, *, through: dt.date) -> Outcome:
    clause = str(params["clause"])
    planned = planned_months(facts)
    lo, hi = int(params["min_planned_months"]), int(params["max_planned_months"])
    cap = min(planned, int(params["max_months"]))
    checks = [
        Check("eligible_intern", facts.person_id is not None, facts.eligibility_basis or "无", "见习人员条件",
              f"{clause}（见习对象）", (f"见习人员条件：{facts.eligibility_basis}。" if facts.person_id is not None
                                     else "见习人员未在人员库登记，无法按月核定。")),
        Check("planned_term", lo <= planned <= hi, str(planned), f"{lo}—{hi}", f"{clause}（见习期限）",
              f"见习协议期限 {planned} 个月（{facts.start.isoformat()} 至 {facts.planned_end.isoformat()}），须为 {lo}—{hi} 个月。"),
        Check("once_per_person", not facts.subsidised_before, "是" if facts.subsidised_before else "否", "否",
              f"{clause}（每人享受一次）",
              "该见习人员已有更早的见习享受补贴，不再重复享受。" if facts.subsidised_before else "该见习人员此前未享受见习补贴。"),
    ]
    failed = [c.code for c in checks if not c.passed]
    start_month = month_of(facts.start)
    if failed:
        return Outcome(False, failed, checks, start_month)
    r = rate(facts, params)
    wages = facts.min_wage or {}
    outcome = Outcome(True, [], checks, start_month, max_months=cap)
    end = facts.actual_end or facts.planned_end
    hire = facts.hired_on if facts.hired_on and facts.start <= facts.hired_on < facts.planned_end else None
    i = 0
    while True:
        if i >= cap:
            outcome.stop_reason = MAX_MONTHS
            break
        period_end = add_months_to_date(facts.start, i + 1) - dt.timedelta(days=1)
        month = add_months(start_month, i)
        if hire is not None and period_end >= hire:
            left = cap - i
            hire_month = month_of(hire)
            if not facts.hire_month_paid or hire_month > through:
                break  # the remaining period is paid once the contract's first month is in
            tier, wage = wages[hire_month]
            outcome.lines.append(Line(hire_month, round_money(r * wage * left), {
                "tier": tier, "min_wage": str(wage), "rate": str(r), "months": left, "hired_on": hire.isoformat()}, months=left))
            outcome.stop_reason = HIRED
            break
        if period_end > end:
            if facts.actual_end is not None or period_end > facts.planned_end:
                outcome.stop_reason = PLACEMENT_END
            break
        if month_of(period_end) > through:
            break
        tier, wage = wages[month]
        outcome.lines.append(Line(month, round_money(r * wage), {"tier": tier, "min_wage": str(wage), "rate": str(r)}))
        i += 1
    if outcome.stop_reason is None:
        outcome.end_month = add_months(start_month, cap - 1)
        outcome.end_reason = MAX_MONTHS if hire is None else HIRED
    else:
        outcome.end_month = outcome.lines[-1].month if outcome.lines else start_month
        outcome.end_reason = outcome.stop_reason
    outcome.checks.append(Check(
        "schedule", True, str(cap), f"{outcome.months_used}/{cap}", f"{clause}（补贴标准、期限）",
        f"补贴标准为当月所在地最低工资标准的 {r * 100:.0f}%"
        + ("（留用率达到要求，按较高比例）" if facts.retained else "")
        + f"，最长 {cap} 个月；已计算 {outcome.months_used} 个月；预计至 {ym(outcome.end_month)} 止（{STOP_TEXT.get(outcome.end_reason or '', '')}）。"))
    return outcome


def months_needing_wage(facts: PlacementFacts) -> list[dt.date]:
    """The months whose minimum wage the plan may read (the loader fills ``min_wage`` for them)."""
    start = month_of(facts.start)
    months = [add_months(start, i) for i in range(max(planned_months(facts), 0) + 1)]
    if facts.hired_on:
        months.append(month_of(facts.hired_on))
    return sorted(set(months))


def validate_parameters(raw: dict) -> dict:
    from entitlements.policy import INTERNSHIP

    clean = INTERNSHIP.validate(raw)
    problems = []
    if clean["min_planned_months"] > clean["max_planned_months"]:
        problems.append("min_planned_months: above max_planned_months")
    if str(clean["placement_to"]) < str(clean["placement_from"]):
        problems.append("placement_to: before placement_from")
    if problems:
        raise ValueError("; ".join(problems))
    return clean


def prepare(params: dict) -> dict:
    from entitlements.policy import INTERNSHIP

    return INTERNSHIP.typed(validate_parameters(params))
