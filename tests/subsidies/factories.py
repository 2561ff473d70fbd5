"""Factories for the subsidies tests: an open round and enterprises with a year of figures."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.utils import timezone

from subsidies.models import Scheme, SchemeRound
from subsidies.policy import round_defaults
from tests.factories import EnterpriseFactory, insurance_year

DEFAULTS_2024 = round_defaults("stable_job_refund")  # the default data (subsidies/policy_defaults.toml)

YEAR = 2025


def open_round(*, year: int = YEAR, budget: Decimal = Decimal("1000000.00"), **params) -> SchemeRound:
    today = timezone.localdate()
    scheme, _ = Scheme.objects.get_or_create(  # transaction=True tests flush the initial data
        code="stable_job_refund", defaults={"name": "失业保险稳岗返还", "clause": "23条措施 第二条(二)"})
    round_, _ = SchemeRound.objects.update_or_create(
        scheme=scheme, assessment_year=year,
        defaults={"name": f"测试轮次(考核年度{year})", "opens_on": today - dt.timedelta(days=30),
                  "closes_on": today + dt.timedelta(days=365), "budget": budget, "parameters": {**DEFAULTS_2024, **params}},
    )
    return round_


def eligible_enterprise(*, year: int = YEAR, insured: int = 50, premium: str = "1000.00", **kw):
    """An enterprise paying ``premium`` every month of ``year`` and the year before, no layoffs."""
    ent = kw.pop("enterprise", None) or EnterpriseFactory(**kw)
    insurance_year(ent, year - 1, insured_count=insured, ui_premium_due=Decimal(premium), ui_premium_paid=Decimal(premium))
    insurance_year(ent, year, insured_count=insured, ui_premium_due=Decimal(premium), ui_premium_paid=Decimal(premium))
    return ent
