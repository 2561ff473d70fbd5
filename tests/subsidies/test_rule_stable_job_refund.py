"""Every check of the 稳岗返还 rule at and around its boundary (pure function, no database)."""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal

import pytest

from subsidies.policy import round_defaults
from subsidies.rules.stable_job_refund import Facts, decide, validate_parameters

DEFAULTS_2024 = round_defaults("stable_job_refund")  # the default data (subsidies/policy_defaults.toml)

P = dict(DEFAULTS_2024)


def facts(**kw) -> Facts:
    base = {
        "full_payment_months": 24, "underpaid_months_in_year": 0, "months_in_year": 12, "insured_total": 50 * 12, "layoffs": 0,
        "premium_paid": Decimal("12000.00"), "unit_type": "enterprise", "size_class": "small", "dishonest": False,
        "wage_arrears_blacklisted": False, "deregistering": False,
    }
    base.update(kw)
    return Facts(**base)


def check(decision, code):
    return next(c for c in decision.checks if c.code == code)


def test_a_clean_small_enterprise_gets_sixty_percent_of_premiums_paid():
    d = decide(facts(), P)
    assert d.eligible and d.rate == Decimal("0.60") and d.base == Decimal("12000.00") and d.amount == Decimal("7200.00")
    assert d.failed_checks == []
    assert all(c.clause.startswith("邢人社办〔2024〕84号") for c in d.checks)
    assert "足额缴纳" in check(d, "full_payment_months").explanation


@pytest.mark.parametrize("months,ok", [(11, False), (12, True), (13, True)])
def test_twelve_full_payment_months_boundary(months, ok):
    d = decide(facts(full_payment_months=months), P)
    assert check(d, "full_payment_months").passed is ok
    assert d.eligible is ok
    assert check(d, "full_payment_months").figure == str(months)


def test_a_partly_paid_month_in_the_assessment_year_fails_even_with_enough_full_months():
    d = decide(facts(full_payment_months=23, underpaid_months_in_year=1), P)
    assert not d.eligible and d.failed_checks == ["no_underpaid_month"] and d.amount == Decimal("0.00")


def test_all_twelve_months_of_figures_are_required():
    d = decide(facts(months_in_year=11, insured_total=50 * 11), P)
    assert not d.eligible and "complete_year" in d.failed_checks


# Small units (avg <= 30): layoffs <= 20% of avg. avg 25 -> 5 allowed, 6 not.
@pytest.mark.parametrize("layoffs,ok", [(4, True), (5, True), (6, False)])
def test_twenty_percent_for_units_of_thirty_or_fewer(layoffs, ok):
    d = decide(facts(insured_total=25 * 12, layoffs=layoffs), P)
    assert check(d, "layoff_rate").passed is ok


def test_twenty_percent_is_compared_exactly_with_a_fractional_average():
    # avg = 361/12 = 30.083 > 30: the 5.5% limit applies; 1 layoff = 3.32% passes.
    assert check(decide(facts(insured_total=361, layoffs=1), P), "layoff_rate").passed
    # avg = 359/12 = 29.92 <= 30: 20% of 29.92 = 5.98: 5 passes, 6 fails.
    assert check(decide(facts(insured_total=359, layoffs=5), P), "layoff_rate").passed
    assert not check(decide(facts(insured_total=359, layoffs=6), P), "layoff_rate").passed


def test_exactly_thirty_average_uses_the_twenty_percent_rule():
    assert check(decide(facts(insured_total=360, layoffs=6), P), "layoff_rate").passed  # 6 = 20% of 30
    assert not check(decide(facts(insured_total=360, layoffs=7), P), "layoff_rate").passed


# Over 30: layoffs / avg <= 5.5%. avg 200 -> 11 allowed, 12 not; avg 31 -> 1.705 -> 1 ok, 2 not.
@pytest.mark.parametrize("avg,layoffs,ok", [(200, 0, True), (200, 10, True), (200, 11, True), (200, 12, False),
                                             (31, 1, True), (31, 2, False)])
def test_five_and_a_half_percent_for_units_over_thirty(avg, layoffs, ok):
    d = decide(facts(insured_total=avg * 12, layoffs=layoffs), P)
    assert check(d, "layoff_rate").passed is ok
    assert d.eligible is ok


def test_the_layoff_limit_is_a_parameter_not_a_literal():
    params = dict(P, layoff_ratio_limit="0.06")
    assert check(decide(facts(insured_total=200 * 12, layoffs=12), params), "layoff_rate").passed


@pytest.mark.parametrize("flag,code", [("dishonest", "not_dishonest"), ("wage_arrears_blacklisted", "not_wage_arrears_blacklisted"),
                                       ("deregistering", "not_deregistering")])
def test_dishonest_blacklisted_or_deregistering_units_are_excluded(flag, code):
    d = decide(facts(**{flag: True}), P)
    assert not d.eligible and d.failed_checks == [code] and d.amount == Decimal("0.00")


@pytest.mark.parametrize("size,rate", [("large", "0.30"), ("medium", "0.60"), ("small", "0.60"), ("micro", "0.60")])
def test_enterprise_rate_follows_the_size_class(size, rate):
    d = decide(facts(size_class=size, insured_total=5000 * 12), P)
    assert d.rate == Decimal(rate) and d.amount == Decimal("12000.00") * Decimal(rate)


@pytest.mark.parametrize("unit_type", ["social_org", "foundation", "social_service_org", "law_firm", "accounting_firm", "individual_business"])
@pytest.mark.parametrize("total,rate", [(300 * 12, "0.30"), (300 * 12 - 1, "0.60"), (301 * 12, "0.30")])
def test_other_unit_types_use_three_hundred_insured_whatever_their_size_class(unit_type, total, rate):
    d = decide(facts(unit_type=unit_type, size_class="large", insured_total=total), P)
    assert d.rate == Decimal(rate)


def test_amount_is_rounded_half_up_to_the_cent():
    d = decide(facts(premium_paid=Decimal("1000.01"), size_class="large"), P)  # 300.003 -> 300.00
    assert d.amount == Decimal("300.00")
    d = decide(facts(premium_paid=Decimal("0.05")), P)  # 0.03 exactly
    assert d.amount == Decimal("0.03")
    d = decide(facts(premium_paid=Decimal("1000.025"), size_class="large"), P)  # base rounds 1000.03 -> 300.009 -> 300.01
    assert d.amount == Decimal("300.01")


def test_parameters_are_validated_with_every_problem_named():
    with pytest.raises(ValueError) as exc:
        validate_parameters({**P, "rate_sme": "1.5", "months_in_year": "x", "bogus": 1})
    text = str(exc.value)
    assert "rate_sme" in text and "months_in_year" in text and "bogus" in text
    missing = dict(P)
    del missing["layoff_ratio_limit"]
    with pytest.raises(ValueError, match="layoff_ratio_limit"):
        validate_parameters(missing)


def test_facts_are_plain_and_the_rule_is_deterministic():
    f = facts(layoffs=3, insured_total=100 * 12)
    assert decide(f, P) == decide(replace(f), P)
