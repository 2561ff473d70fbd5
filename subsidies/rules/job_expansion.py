"""一次性扩岗补助 (one-off job-expansion subsidy): 邢人社办〔2024〕84号 第二条(四), policy_rules.md §3.

Pure: the facts of one labour contract and a round's typed parameters in, a Decision out. No
database, no clock: the as-of month is a fact. Every number comes from the parameters.

"Once per person" has two parts: a person with a confirmed item in any round (a fact of the
contract), and, within one screening, only the earliest eligible contract (then the lowest USCC)
of a person: ``once_per_person`` applies the second part over a screening's decisions.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, replace
from decimal import Decimal
from functools import partial

from subsidies.rules import Check, Decision
from xingtai_jobs.core.money import round_money
from xingtai_jobs.core.retirement import add_months

HIGHER_EDUCATION = frozenset({"junior_college", "bachelor", "master", "doctor"})
REGULAR = "regular"

GRADUATE_IN_YEAR = "graduate_in_year"
GRADUATE_WITHIN_2Y = "graduate_within_2y"
YOUTH_16_24 = "youth_16_24"

BASIS_LABELS = {
    GRADUATE_IN_YEAR: "毕业年度内高校毕业生",
    GRADUATE_WITHIN_2Y: "离校2年内未就业高校毕业生",
    YOUTH_16_24: "登记失业的16-24岁青年",
}

# Parameters of a round (declared, typed and validated by the kernel's policy sets):
# hire_from, hire_to (date), unit_types (comma-separated unit-type codes), amount (money),
# min_paid_months, graduate_window_years, youth_min_age, youth_max_age (int), clause (text).


@dataclass(frozen=True)
class Registration:
    registered_on: dt.date
    ended_on: dt.date | None


@dataclass(frozen=True)
class Facts:
    """One labour contract starting in the round's hire window, with what is known of the person
    and the employer. Months are first days of months."""

    starts_on: dt.date
    uscc: str
    birth_date: dt.date
    education: str
    degree_type: str
    graduation_date: dt.date | None
    registrations: tuple[Registration, ...]
    # months (any employer) with a contribution row, from the graduation month to the month before
    # the start month: empty means not employed since leaving school
    months_insured_since_graduation: int
    # months from the start month up to the as-of month in which this employer's row has pension,
    # unemployment and work-injury employer parts > 0 and is not in arrears
    paid_months: int
    as_of_month: dt.date
    insured_in_as_of_month: bool  # this employer's row in the as-of month exists and is not in arrears
    unit_type: str
    dishonest: bool
    deregistering: bool
    confirmed_elsewhere: bool  # the person has a confirmed (approved or later) item in any round


def age_on(birth: dt.date, day: dt.date) -> int:
    years = day.year - birth.year
    if (day.month, day.day) < (birth.month, birth.day):
        years -= 1
    return years


def _unit_types(params: dict) -> frozenset[str]:
    return frozenset(t.strip() for t in str(params["unit_types"]).split(",") if t.strip())


def basis_for(facts: Facts, params: dict) -> str | None:
    start = facts.starts_on
    graduated = facts.graduation_date if facts.education in HIGHER_EDUCATION and facts.degree_type == REGULAR else None
    if graduated is not None and graduated.year == start.year:
        return GRADUATE_IN_YEAR
    window = int(params["graduate_window_years"])
    if graduated is not None and start.year - window <= graduated.year <= start.year - 1 and facts.months_insured_since_graduation == 0:
        return GRADUATE_WITHIN_2Y
    registered = any(r.registered_on <= start and (r.ended_on is None or r.ended_on >= start) for r in facts.registrations)
    age = age_on(facts.birth_date, start)
    if registered and int(params["youth_min_age"]) <= age <= int(params["youth_max_age"]):
        return YOUTH_16_24
    return None


def decide(facts: Facts, params: dict) -> Decision:
    basis = basis_for(facts, params)
    verdicts = {
        "basis": basis is not None,
        "paid_months": facts.paid_months >= int(params["min_paid_months"]),
        "still_insured": facts.insured_in_as_of_month,
        "unit_type": facts.unit_type in _unit_types(params),
        "not_dishonest": not facts.dishonest,
        "not_deregistering": not facts.deregistering,
        "once_per_person": not facts.confirmed_elsewhere,
    }
    failed = [code for code, ok in verdicts.items() if not ok]
    amount = round_money(Decimal(params["amount"])) if not failed else round_money(Decimal(0))
    return Decision(eligible=not failed, amount=amount, rate=Decimal(0), base=amount, failed_checks=failed, basis=basis,
                    explain=partial(_explain, facts, params, verdicts, basis))


def once_per_person(decided: Iterable[tuple[str, Facts, Decision]]) -> list[tuple[str, Facts, Decision]]:
    """Within one screening: of each person's (key) eligible contracts only the earliest start, then
    the lowest USCC, stays eligible; the others fail ``once_per_person``. Order is kept."""
    items = list(decided)
    winner: dict[str, tuple[dt.date, str]] = {}
    for person, facts, decision in items:
        if decision.eligible:
            key = (facts.starts_on, facts.uscc)
            if person not in winner or key < winner[person]:
                winner[person] = key
    out = []
    for person, facts, decision in items:
        if decision.eligible and winner[person] != (facts.starts_on, facts.uscc):
            decision = replace(decision, eligible=False, amount=round_money(Decimal(0)), base=round_money(Decimal(0)),
                               failed_checks=["once_per_person"],
                               explain=partial(_with_duplicate, decision.explain, winner[person]))
        out.append((person, facts, decision))
    return out


def _with_duplicate(explain, kept: tuple[dt.date, str]) -> list[Check]:
    checks = [c for c in explain() if c.code != "once_per_person"]
    checks.append(Check("once_per_person", False, "重复", "每人限享受一次", "邢人社办〔2024〕84号 第二条（四）",
                        f"同一人员本次筛查中另有更早的劳动合同（{kept[0].isoformat()} 起，单位 {kept[1][:8]}******{kept[1][-2:]}）"
                        "已认定享受，本合同不再重复享受。"))
    return checks


def _yesno(flag: bool) -> str:
    return "是" if flag else "否"


def _explain(facts: Facts, params: dict, verdicts: dict, basis: str | None) -> list[Check]:
    clause = str(params["clause"])
    start = facts.starts_on
    window = int(params["graduate_window_years"])
    lo, hi = int(params["youth_min_age"]), int(params["youth_max_age"])
    if basis:
        basis_text = f"合同起始日 {start.isoformat()}，符合“{BASIS_LABELS[basis]}”。"
    else:
        parts = []
        if facts.education in HIGHER_EDUCATION and facts.degree_type == REGULAR and facts.graduation_date:
            grad = facts.graduation_date.year
            if start.year - window <= grad <= start.year - 1 and facts.months_insured_since_graduation:
                parts.append(f"{grad} 年毕业，离校后已有 {facts.months_insured_since_graduation} 个月参保缴费记录（已就业过）")
            else:
                parts.append(f"{grad} 年毕业，不在 {start.year - window}—{start.year} 年毕业范围内")
        else:
            parts.append("不是普通全日制高校毕业生")
        age = age_on(facts.birth_date, start)
        registered = any(r.registered_on <= start and (r.ended_on is None or r.ended_on >= start) for r in facts.registrations)
        parts.append(f"合同起始日年满 {age} 周岁，{'有' if registered else '无'}有效失业登记"
                     f"（青年须 {lo}—{hi} 周岁且登记失业）")
        basis_text = "；".join(parts) + "。"
    months = int(params["min_paid_months"])
    allowed = "、".join(sorted(_unit_types(params)))
    return [
        Check("basis", verdicts["basis"], BASIS_LABELS.get(basis or "", "不符合"), "毕业年度内或离校2年内未就业高校毕业生，或16-24岁登记失业青年",
              f"{clause}（招用对象）", basis_text),
        Check("paid_months", verdicts["paid_months"], str(facts.paid_months), f">= {months}", f"{clause}（足额缴纳社会保险费）",
              f"自合同起始月至 {facts.as_of_month:%Y-%m}，本单位为其足额缴纳养老、失业、工伤保险单位部分 {facts.paid_months} 个月，"
              f"要求不少于 {months} 个月。"),
        Check("still_insured", verdicts["still_insured"], _yesno(facts.insured_in_as_of_month), "是", f"{clause}（审核时在保）",
              f"{facts.as_of_month:%Y-%m} 本单位{'有' if facts.insured_in_as_of_month else '无'}该人员正常缴费记录。"),
        Check("unit_type", verdicts["unit_type"], facts.unit_type, allowed, f"{clause}（适用单位）",
              f"单位类型为 {facts.unit_type}，本轮适用于：{allowed}。"),
        Check("not_dishonest", verdicts["not_dishonest"], _yesno(facts.dishonest), "否", f"{clause}（严重失信主体除外）",
              "单位被列入严重失信主体名单。" if facts.dishonest else "单位未被列入严重失信主体名单。"),
        Check("not_deregistering", verdicts["not_deregistering"], _yesno(facts.deregistering), "否", f"{clause}（注销、清算单位除外）",
              "单位处于注销或清算中。" if facts.deregistering else "单位未处于注销或清算中。"),
        Check("once_per_person", verdicts["once_per_person"], _yesno(facts.confirmed_elsewhere), "否", f"{clause}（每人限享受一次）",
              "该人员已在其他批次享受过一次性扩岗补助。" if facts.confirmed_elsewhere else "该人员此前未享受过一次性扩岗补助。"),
    ]


def hire_window(params: dict) -> tuple[dt.date, dt.date]:
    return params["hire_from"], params["hire_to"]


def graduation_gap_months(graduation_date: dt.date, start: dt.date) -> tuple[dt.date, dt.date] | None:
    """The months in which any contribution means 'employed since leaving school': from the
    graduation month to the month before the start month (None when empty)."""
    first = graduation_date.replace(day=1)
    last = add_months(start.replace(day=1), -1)
    return (first, last) if first <= last else None


def validate_parameters(raw: dict) -> dict:
    """The parameters normalised for JSON storage; ValueError naming every problem (declared in
    ``subsidies.policy.JOB_EXPANSION``)."""
    from subsidies.policy import JOB_EXPANSION

    return JOB_EXPANSION.validate(raw)


def prepare(params: dict) -> dict:
    """Validated, typed parameters (dates, Decimals, ints) for ``decide``."""
    from subsidies.policy import JOB_EXPANSION

    return JOB_EXPANSION.typed(validate_parameters(params))
