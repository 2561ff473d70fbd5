"""Eligibility rules: one pure module per scheme (facts + parameters -> Decision)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from functools import cached_property
from types import ModuleType


@dataclass(frozen=True)
class Check:
    code: str
    passed: bool
    figure: str
    threshold: str
    clause: str
    explanation: str

    def as_dict(self) -> dict:
        return {"code": self.code, "passed": self.passed, "figure": self.figure, "threshold": self.threshold,
                "clause": self.clause, "explanation": self.explanation}


@dataclass(frozen=True)
class Decision:
    """The verdict and amount; ``checks`` (each with figure, threshold, clause and a Chinese
    explanation) is built on first access by the rule's ``explain`` function."""

    eligible: bool
    amount: Decimal
    rate: Decimal
    base: Decimal
    failed_checks: list[str] = field(default_factory=list)
    basis: str | None = None  # the ground the item rests on, where a scheme has several (job expansion)
    explain: Callable[[], list[Check]] = field(default=list, repr=False, compare=False)

    @cached_property
    def checks(self) -> list[Check]:
        return self.explain()

    def checks_as_dicts(self) -> list[dict]:
        return [c.as_dict() for c in self.checks]


def rule_for(scheme_code: str) -> ModuleType:
    from entitlements.rules import internship, si_graduate, si_hardship
    from subsidies.rules import job_expansion, skill_upgrade, stable_job_refund

    rules = {"stable_job_refund": stable_job_refund, "job_expansion": job_expansion, "skill_upgrade": skill_upgrade,
             # whole-period entitlements (the entitlements app): one approval, monthly lines
             "si_hardship": si_hardship, "si_graduate": si_graduate, "internship": internship}
    try:
        return rules[scheme_code]
    except KeyError:
        raise ValueError(f"No eligibility rule for scheme {scheme_code!r}") from None
