"""社保补贴 for graduates, round 2024 (policy_rules.md §4; 就业补助资金管理办法 第七条(二); issue 13).

As ``si_hardship`` with: a regular higher-education graduate whose graduation year is S's year, or
one of the ``graduate_window_years`` before with no contribution row with any employer from the
graduation month to the month before S; the employer of a covered unit type and size (small,
micro); ``max_months`` fixed by the round; no certification, no extension until retirement."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from subsidies.rules import Check

from . import Outcome, codes
from .social_insurance import ContractFacts, contract_checks, describe_clock, plan_person

SCHEME = "si_graduate"
ENTITLEMENT = True  # paid through entitlements (one approval, monthly lines), not screened or applied for as items
HIGHER_EDUCATION = frozenset({"junior_college", "bachelor", "master", "doctor"})
SIZE_TEXT = {"large": "大型", "medium": "中型", "small": "小型", "micro": "微型"}


def graduate_basis(facts: ContractFacts, params: dict) -> tuple[bool, str]:
    s = facts.starts_on
    window = int(params["graduate_window_years"])
    if not (facts.education in HIGHER_EDUCATION and facts.degree_type == "regular" and facts.graduation_date):
        return False, "不是普通全日制高校毕业生。"
    year = facts.graduation_date.year
    if year == s.year:
        return True, f"{year} 年毕业，属合同起始年度（{s.year}）毕业年度内高校毕业生。"
    if s.year - window <= year <= s.year - 1:
        if facts.insured_since_graduation == 0:
            return True, f"{year} 年毕业，离校后至合同起始前无任何单位参保缴费记录，属离校{window}年内未就业高校毕业生。"
        return False, f"{year} 年毕业，离校后已有 {facts.insured_since_graduation} 个月参保缴费记录（已就业过）。"
    return False, f"{year} 年毕业，不在 {s.year - window}—{s.year} 年毕业范围内。"


def checks(facts: ContractFacts, params: dict) -> list[Check]:
    clause = str(params["clause"])
    ok, text = graduate_basis(facts, params)
    types, sizes = codes(params["unit_types"]), codes(params["size_classes"])
    allowed_sizes = "、".join(SIZE_TEXT.get(s, s) for s in sorted(sizes))
    return [
        Check("graduate", ok, str(facts.graduation_date or ""), f"毕业年度内或离校{params['graduate_window_years']}年内未就业",
              f"{clause}（高校毕业生）", text),
        Check("unit_type", facts.unit_type in types, facts.unit_type, "、".join(sorted(types)), f"{clause}（适用单位）",
              f"单位类型为 {facts.unit_type}，本轮适用于：{'、'.join(sorted(types))}。"),
        Check("size", facts.size_class in sizes, SIZE_TEXT.get(facts.size_class, facts.size_class), allowed_sizes, f"{clause}（小微企业）",
              f"企业规模为{SIZE_TEXT.get(facts.size_class, facts.size_class)}，本轮适用于{allowed_sizes}企业。"),
        *contract_checks(facts, params),
    ]


def max_months(facts: ContractFacts, params: dict) -> tuple[int, bool]:
    return int(params["max_months"]), False


def plan_person_contracts(contracts: Sequence[ContractFacts], params: dict, *, through: dt.date,
                          fixed_max: int | None = None) -> list[Outcome]:
    outcomes = plan_person(contracts, params, through=through, checks_of=checks, max_of=max_months, fixed_max=fixed_max)
    for outcome in outcomes:
        if outcome.eligible:
            outcome.checks.append(describe_clock(outcome, str(params["clause"])))
    return outcomes


def validate_parameters(raw: dict) -> dict:
    from entitlements.policy import SI_GRADUATE

    from .si_hardship import _check_common

    clean = SI_GRADUATE.validate(raw)
    _check_common(clean)
    return clean


def prepare(params: dict) -> dict:
    from entitlements.policy import SI_GRADUATE

    return SI_GRADUATE.typed(validate_parameters(params))
