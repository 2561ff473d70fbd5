"""社保补贴 for hard-to-employ people (就业困难人员), round 2024 (policy_rules.md §4, §12; issue 13).

Per labour contract starting in the window, start date S: a hardship certification valid on S; a
fixed-term or open-ended contract of at least ``min_contract_months``; the employer not 失信 (any
unit type or size); the person below retirement at S's month. ``max_months`` = the months to
retirement when fewer than ``until_retirement_months``, else ``standard_months``, from S's month,
fixed at the first approval. One clock per person (``social_insurance.plan_person``)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from subsidies.rules import Check
from xingtai_jobs.core.retirement import months_between

from . import Outcome
from .social_insurance import ContractFacts, contract_checks, describe_clock, plan_person

SCHEME = "si_hardship"
ENTITLEMENT = True  # paid through entitlements (one approval, monthly lines), not screened or applied for as items


def checks(facts: ContractFacts, params: dict) -> list[Check]:
    clause = str(params["clause"])
    s = facts.starts_on
    valid = [c for c in facts.certifications if c[0] <= s and (c[1] is None or s <= c[1])]
    if valid:
        on, until = valid[0]
        text = f"就业困难人员认定 {on.isoformat()} 起" + (f"至 {until.isoformat()}" if until else "（长期有效）") + f"，合同起始日 {s.isoformat()} 在有效期内。"
    elif facts.certifications:
        text = "就业困难人员认定在合同起始日 " + s.isoformat() + " 不在有效期内（" + "；".join(
            f"{a.isoformat()}—{b.isoformat() if b else '长期'}" for a, b in facts.certifications) + "）。"
    else:
        text = "无就业困难人员认定记录。"
    return [Check("certified", bool(valid), "是" if valid else "否", "合同起始日认定有效", f"{clause}（就业困难人员）", text),
            *contract_checks(facts, params)]


def max_months(facts: ContractFacts, params: dict) -> tuple[int, bool]:
    n = months_between(facts.start_month, facts.retirement_month)
    if n < int(params["until_retirement_months"]):
        return n, True
    return int(params["standard_months"]), False


def plan_person_contracts(contracts: Sequence[ContractFacts], params: dict, *, through: dt.date,
                          fixed_max: int | None = None) -> list[Outcome]:
    outcomes = plan_person(contracts, params, through=through, checks_of=checks, max_of=max_months, fixed_max=fixed_max)
    for outcome in outcomes:
        if outcome.eligible:
            outcome.checks.append(describe_clock(outcome, str(params["clause"])))
    return outcomes


def validate_parameters(raw: dict) -> dict:
    from entitlements.policy import SI_HARDSHIP

    clean = SI_HARDSHIP.validate(raw)
    _check_common(clean)
    return clean


def prepare(params: dict) -> dict:
    from entitlements.policy import SI_HARDSHIP

    return SI_HARDSHIP.typed(validate_parameters(params))


def _check_common(clean: dict) -> None:
    from .social_insurance import INSURANCE_FIELDS

    problems = []
    if str(clean["contract_to"]) < str(clean["contract_from"]):
        problems.append("contract_to: before contract_from")
    unknown = {c.strip() for c in str(clean["insurances"]).split(",") if c.strip()} - set(INSURANCE_FIELDS)
    if unknown or not str(clean["insurances"]).strip():
        problems.append(f"insurances: use {', '.join(INSURANCE_FIELDS)}")
    if problems:
        raise ValueError("; ".join(problems))
