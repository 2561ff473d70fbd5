"""技能提升补贴 rule at and around every boundary."""

import datetime as dt
from dataclasses import replace
from decimal import Decimal

import pytest

from subsidies.rules import skill_upgrade as su

P = {"window_from": dt.date(2024, 1, 1), "window_to": dt.date(2024, 12, 31), "amount_level_5": Decimal("1000.00"),
     "amount_level_4": Decimal("1500.00"), "amount_level_3": Decimal("2000.00"), "shortage_uplift": Decimal("0"),
     "min_ui_months": 12, "claim_window_months": 12, "max_per_year": 3, "clause": "邢人社办〔2024〕84号 第二条（三）"}

BASE = su.Facts(certificate_no="C-1", issued_on=dt.date(2024, 3, 31), level=4, occupation_code="6-18-02-04",
                occupation_name="焊工", shortage=False, free_training=False, ui_months=12, ui_in_issue_month=True,
                benefit_periods=(), claimed_on=dt.date(2024, 12, 1))


def d(granted=None, params=P, **over):
    return su.decide(replace(BASE, **over), params, granted or su.Granted())


@pytest.mark.parametrize(("level", "amount"), [(5, "1000.00"), (4, "1500.00"), (3, "2000.00")])
def test_amount_by_level(level, amount):
    decision = d(level=level)
    assert decision.eligible and decision.amount == Decimal(amount)


@pytest.mark.parametrize("level", [2, 1])
def test_levels_2_and_1_are_not_covered(level):
    decision = d(level=level)
    assert decision.failed_checks == ["level_covered"] and decision.amount == Decimal("0.00")


@pytest.mark.parametrize(("months", "in_issue_month", "eligible"), [(11, True, False), (12, True, True), (12, False, False)])
def test_twelve_insured_months_including_the_issue_month(months, in_issue_month, eligible):
    decision = d(ui_months=months, ui_in_issue_month=in_issue_month)
    assert decision.eligible is eligible


@pytest.mark.parametrize(("periods", "eligible"), [
    (((dt.date(2024, 1, 1), dt.date(2024, 3, 31)),), True),
    (((dt.date(2024, 1, 1), None),), True),
    (((dt.date(2024, 4, 1), None),), False),
    (((dt.date(2023, 1, 1), dt.date(2024, 3, 30)),), False),
])
def test_benefit_recipients_qualify_without_insured_months(periods, eligible):
    decision = d(ui_months=0, ui_in_issue_month=False, benefit_periods=periods)
    assert decision.eligible is eligible
    if eligible:
        assert decision.basis == "benefit"


@pytest.mark.parametrize(("claimed", "eligible"), [(dt.date(2025, 3, 31), True), (dt.date(2025, 4, 1), False)])
def test_claim_window_edge(claimed, eligible):
    assert d(claimed_on=claimed).eligible is eligible


def test_free_training_certificates_are_refused():
    assert d(free_training=True).failed_checks == ["not_free_training"]


def test_shortage_uplift():
    params = {**P, "shortage_uplift": Decimal("0.20")}
    assert d(params=params, shortage=True).amount == Decimal("1800.00")
    assert d(params=params, shortage=False).amount == Decimal("1500.00")
    assert d(shortage=True).amount == Decimal("1500.00")  # 2024: no uplift


def cert(no, issued, level=4, occupation="6-18-02-04"):
    return replace(BASE, certificate_no=no, issued_on=issued, level=level, occupation_code=occupation)


def test_same_level_twice_and_downgrade_within_a_screening():
    decided = su.screen_person([cert("C-3", dt.date(2024, 6, 1), level=5), cert("C-2", dt.date(2024, 5, 1)),
                                cert("C-1", dt.date(2024, 4, 1))], P, su.Granted())
    verdicts = {f.certificate_no: dec for f, dec in decided}
    assert [f.certificate_no for f, _dec in decided] == ["C-1", "C-2", "C-3"]  # issue order
    assert verdicts["C-1"].eligible
    assert verdicts["C-2"].failed_checks == ["same_level_once"]
    assert verdicts["C-3"].failed_checks == ["no_downgrade"]


def test_an_upgrade_in_the_same_occupation_is_granted():
    decided = su.screen_person([cert("C-1", dt.date(2024, 4, 1), level=5), cert("C-2", dt.date(2024, 9, 1), level=4)], P, su.Granted())
    assert [dec.eligible for _f, dec in decided] == [True, True]


def test_the_fourth_certificate_in_a_year_is_refused_and_refused_ones_do_not_count():
    certs = [cert("C-1", dt.date(2024, 2, 1), occupation="A"), cert("C-2", dt.date(2024, 3, 1), occupation="B"),
             replace(cert("C-2b", dt.date(2024, 3, 2), occupation="X"), free_training=True),
             cert("C-3", dt.date(2024, 4, 1), occupation="C"), cert("C-4", dt.date(2024, 5, 1), occupation="D")]
    decided = {f.certificate_no: dec for f, dec in su.screen_person(certs, P, su.Granted())}
    assert [decided[n].eligible for n in ("C-1", "C-2", "C-3")] == [True, True, True]
    assert decided["C-2b"].failed_checks == ["not_free_training"]
    assert decided["C-4"].failed_checks == ["yearly_limit"]


def test_earlier_confirmed_grants_count():
    granted = su.Granted([su.Grant("6-18-02-04", 3, 2023), su.Grant("A", 5, 2024), su.Grant("B", 5, 2024), su.Grant("C", 5, 2024)])
    decision = d(granted=granted)
    assert set(decision.failed_checks) == {"no_downgrade", "yearly_limit"}
    other_year = su.Granted([su.Grant("A", 5, 2023), su.Grant("B", 5, 2023), su.Grant("C", 5, 2023)])
    assert d(granted=other_year).eligible


def test_explanations_cite_the_clause_and_name_the_figures():
    decision = d(ui_months=11)
    check = next(c for c in decision.checks if c.code == "insured_or_benefit")
    assert not check.passed and "11" in check.explanation and check.clause.startswith("邢人社办〔2024〕84号 第二条（三）")
    assert "2025-03-31" in next(c for c in decision.checks if c.code == "claim_window").threshold
