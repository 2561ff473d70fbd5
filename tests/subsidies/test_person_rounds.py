"""The shipped rounds of the person schemes: parameters from the sets' default data, validated and
typed the kernel's way, the same numbers as the rule tests use, provisional figures marked."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from subsidies.models import SchemeRound
from subsidies.rules import job_expansion, skill_upgrade
from tests.subsidies.test_rule_job_expansion import P as JE
from tests.subsidies.test_rule_skill_upgrade import P as SU

pytestmark = pytest.mark.django_db
# the money path's figures every round carries (subsidies.policy.ENGINE_FIGURES)
ENGINE = {"notice_working_days": 5, "max_payment_attempts": 3, "batch_max_items": 50000}


def test_job_expansion_rounds_2024_and_2025():
    r2024 = SchemeRound.objects.get(scheme__code="job_expansion", assessment_year=2024)
    r2025 = SchemeRound.objects.get(scheme__code="job_expansion", assessment_year=2025)
    assert job_expansion.prepare(r2024.parameters) == {**JE, **ENGINE}
    p2025 = job_expansion.prepare(r2025.parameters)
    assert (p2025["hire_from"], p2025["hire_to"]) == (dt.date(2025, 1, 1), dt.date(2025, 12, 31))
    assert set(p2025["unit_types"].split(",")) == {"enterprise", "social_org"}
    assert p2025["amount"] == Decimal("1500.00") and "amount" in r2025.provisional


def test_skill_upgrade_round_2024():
    round_ = SchemeRound.objects.get(scheme__code="skill_upgrade", assessment_year=2024)
    assert skill_upgrade.prepare(round_.parameters) == {**SU, **ENGINE}
    assert "shortage_uplift" in round_.provisional


@pytest.mark.parametrize(("name", "value"), [("amount", "-1"), ("amount", "1500.001"), ("hire_from", "2024-13-01"),
                                              ("min_paid_months", 0), ("youth_min_age", 5)])
def test_bad_round_parameters_are_refused_with_the_name(name, value):
    round_ = SchemeRound.objects.get(scheme__code="job_expansion", assessment_year=2024)
    round_.parameters = dict(round_.parameters, **{name: value})
    with pytest.raises(ValidationError) as info:
        round_.clean()
    assert name in str(info.value)
