"""Eligibility rules: one pure module per scheme (facts + parameters -> Decision)."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
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
    eligible: bool
    amount: Decimal
    rate: Decimal
    base: Decimal
    checks: list[Check] = field(default_factory=list)

    @property
    def failed_checks(self) -> list[str]:
        return [c.code for c in self.checks if not c.passed]

    def checks_as_dicts(self) -> list[dict]:
        return [c.as_dict() for c in self.checks]


def rule_for(scheme_code: str) -> ModuleType:
    from subsidies.rules import stable_job_refund

    rules = {"stable_job_refund": stable_job_refund}
    try:
        return rules[scheme_code]
    except KeyError:
        raise ValueError(f"No eligibility rule for scheme {scheme_code!r}") from None
