"""What the two social-insurance subsidies (社保补贴) share: the facts of one labour contract, the
contract checks, the person's one clock and the monthly lines (policy_rules.md §4, §12).

A person's contracts in the round are taken in order of start date, then USCC; the person has one
clock of ``max_months`` (fixed at the first approval, computed from the first eligible contract
until then); a month whose row is missing or in arrears gets no line and does not use the clock; a
month already paid through an earlier contract is not paid again."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from decimal import Decimal

from subsidies.rules import Check
from xingtai_jobs.core.money import round_money
from xingtai_jobs.core.retirement import add_months, months_between

from . import (
    ARREARS,
    CONTRACT_END,
    MAX_MONTHS,
    MISSING,
    NO_CONTRIBUTION,
    NOTHING_PAID,
    RETIREMENT,
    SKIP_TEXT,
    STOP_TEXT,
    TAKEN,
    Line,
    Outcome,
    Row,
    Skip,
    add_months_to_date,
    codes,
    month_of,
    ym,
)

INSURANCE_FIELDS = {"pension": "pension_unit", "medical": "medical_unit", "unemployment": "ui_unit"}
INSURANCE_TEXT = {"pension": "养老保险", "medical": "医疗保险", "unemployment": "失业保险"}
KIND_TEXT = {"fixed": "固定期限", "open_ended": "无固定期限", "task": "以完成一定工作任务为期限"}


@dataclass(frozen=True)
class ContractFacts:
    contract_id: int
    person_id: int
    uscc: str
    starts_on: dt.date
    ends_on: dt.date | None
    kind: str
    dishonest: bool
    unit_type: str
    size_class: str
    retirement_month: dt.date
    certifications: tuple[tuple[dt.date, dt.date | None], ...] = ()
    education: str = ""
    degree_type: str = ""
    graduation_date: dt.date | None = None
    # months with a row with any employer from the graduation month to the month before the start
    insured_since_graduation: int = 0
    rows: dict[dt.date, Row] | None = None  # this employer's rows for the person, by month

    @property
    def start_month(self) -> dt.date:
        return month_of(self.starts_on)


def contract_checks(facts: ContractFacts, params: dict) -> list[Check]:
    clause = str(params["clause"])
    term = int(params["min_contract_months"])
    start = facts.starts_on
    need_until = add_months_to_date(start, term) - dt.timedelta(days=1)
    kind_ok = facts.kind in ("fixed", "open_ended")
    term_ok = facts.ends_on is None or facts.ends_on >= need_until
    n = months_between(facts.start_month, facts.retirement_month)
    ends = facts.ends_on.isoformat() if facts.ends_on else "无终止日期"
    return [
        Check("contract_kind", kind_ok, KIND_TEXT.get(facts.kind, facts.kind), "固定期限或无固定期限", f"{clause}（劳动合同）",
              f"劳动合同类型为{KIND_TEXT.get(facts.kind, facts.kind)}" + ("。" if kind_ok else "，以完成一定工作任务为期限的合同不予补贴。")),
        Check("contract_term", term_ok, ends, f">= {need_until.isoformat()}", f"{clause}（签订{term}个月以上劳动合同）",
              f"合同起始日 {start.isoformat()}，终止日 {ends}；须签订 {term} 个月以上劳动合同（终止日不早于 {need_until.isoformat()}）。"),
        Check("not_dishonest", not facts.dishonest, "是" if facts.dishonest else "否", "否", f"{clause}（严重失信主体除外）",
              "单位被列入严重失信主体名单，不予补贴。" if facts.dishonest else "单位未被列入严重失信主体名单。"),
        Check("below_retirement", n > 0, ym(facts.retirement_month), f"> {ym(facts.start_month)}", "全国人大常委会关于实施渐进式延迟法定退休年龄的决定（2024-09-13）",
              f"法定退休月份为 {ym(facts.retirement_month)}，距合同起始月 {ym(facts.start_month)} 还有 {max(n, 0)} 个月"
              + ("。" if n > 0 else "，已达到法定退休年龄。")),
    ]


def line_amount(row: Row, params: dict) -> Decimal:
    return round_money(sum((getattr(row, INSURANCE_FIELDS[c]) for c in codes(params["insurances"])), Decimal(0)))


def month_gap(row: Row | None, params: dict) -> str | None:
    """Why this employer's row of a month pays no line (missing, in arrears, nothing paid), or None."""
    if row is None:
        return MISSING
    if row.in_arrears:
        return ARREARS
    if line_amount(row, params) <= 0:
        return NOTHING_PAID
    return None


def gap_ends(gap: int, params: dict) -> bool:
    """``gap`` consecutive months without contributions since the last paid month end the
    entitlement (the round's ``no_contribution_months``)."""
    return gap >= int(params["no_contribution_months"])


def plan_person(contracts: Sequence[ContractFacts], params: dict, *, through: dt.date,
                checks_of: Callable[[ContractFacts, dict], list[Check]],
                max_of: Callable[[ContractFacts, dict], tuple[int, bool]],
                fixed_max: int | None = None) -> list[Outcome]:
    """The outcomes of one person's contracts (in start-date, then USCC order). ``max_of`` gives
    (max_months, until_retirement) from the contract that sets the clock; ``fixed_max`` is the
    value fixed at the person's first approval (then it is never recomputed)."""
    ordered = sorted(contracts, key=lambda c: (c.starts_on, c.uscc))
    decided = []
    for facts in ordered:
        checks = checks_of(facts, params)
        failed = [c.code for c in checks if not c.passed]
        decided.append((facts, checks, failed))
    first = next((facts for facts, _c, failed in decided if not failed), None)
    if first is None:
        return [Outcome(False, failed, checks, facts.start_month) for facts, checks, failed in decided]
    computed, until_retirement = max_of(first, params)
    max_months = fixed_max if fixed_max is not None else computed
    taken: set[dt.date] = set()
    used = 0
    out = []
    for facts, checks, failed in decided:
        if failed:
            out.append(Outcome(False, failed, checks, facts.start_month))
            continue
        outcome = Outcome(True, [], checks, facts.start_month, max_months=max_months,
                          clock_end=RETIREMENT if until_retirement else MAX_MONTHS)
        rows = facts.rows or {}
        end_m = month_of(facts.ends_on) if facts.ends_on else None
        m = facts.start_month
        gap = 0  # consecutive months without contributions (missing, in arrears, nothing paid) since the last paid month
        while True:
            if used >= max_months:
                outcome.stop_reason = outcome.clock_end
                break
            if end_m is not None and m > end_m:
                outcome.stop_reason = CONTRACT_END
                break
            if m >= facts.retirement_month:
                outcome.stop_reason = RETIREMENT
                break
            if m > through:
                break
            row = rows.get(m)
            reason = month_gap(row, params)
            if m in taken:
                outcome.skipped.append(Skip(m, TAKEN))
            elif reason is None:
                assert row is not None
                outcome.lines.append(Line(m, line_amount(row, params), {
                    "pension_unit": str(row.pension_unit), "medical_unit": str(row.medical_unit), "ui_unit": str(row.ui_unit),
                    "insurances": sorted(codes(params["insurances"]))}))
                taken.add(m)
                used += 1
            else:
                outcome.skipped.append(Skip(m, reason))
            # this employer's months without contributions, one after the other (a month on the clock
            # through another contract counts by this employer's row too)
            gap = 0 if reason is None else gap + 1
            if gap_ends(gap, params):
                outcome.stop_reason = NO_CONTRIBUTION
                break
            m = add_months(m, 1)
        if outcome.stop_reason is None:
            left = max_months - used
            candidates = [(add_months(m, left - 1), outcome.clock_end),
                          (add_months(facts.retirement_month, -1), RETIREMENT)]
            if end_m is not None:
                candidates.append((end_m, CONTRACT_END))
            order = {CONTRACT_END: 0, RETIREMENT: 1, MAX_MONTHS: 2}
            outcome.end_month, outcome.end_reason = min(candidates, key=lambda c: (c[0], order[c[1]]))
        elif outcome.stop_reason == NO_CONTRIBUTION:
            outcome.end_month, outcome.end_reason = add_months(m, -gap), NO_CONTRIBUTION  # the month before the gap
        else:
            outcome.end_month = outcome.lines[-1].month if outcome.lines else add_months(m, -1)
            outcome.end_reason = outcome.stop_reason
        out.append(outcome)
    return out


def describe_clock(outcome: Outcome, clause: str) -> Check:
    """The check-by-check explanation's last entry: the clock and where the lines stop."""
    skipped = "；".join(f"{ym(s.month)} {SKIP_TEXT[s.reason]}" for s in outcome.skipped) or "无"
    stop = STOP_TEXT.get(outcome.end_reason or "", "")
    return Check("schedule", True, str(outcome.max_months), f"{outcome.months_used}/{outcome.max_months}", f"{clause}（享受期限）",
                 f"享受期限 {outcome.max_months} 个月（自合同起始月计，同一人员各劳动合同累计计算）；已计算 {outcome.months_used} 个月，"
                 f"跳过月份：{skipped}；预计至 {ym(outcome.end_month)} 止（{stop}）。")
