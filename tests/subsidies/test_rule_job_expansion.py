"""一次性扩岗补助 rule at and around every boundary (pure: facts and parameters in, Decision out)."""

import datetime as dt
from dataclasses import replace
from decimal import Decimal

import pytest

from subsidies.rules import job_expansion as je

P = {"hire_from": dt.date(2024, 1, 1), "hire_to": dt.date(2024, 12, 31), "unit_types": "enterprise", "amount": Decimal("1500.00"),
     "min_paid_months": 3, "graduate_window_years": 2, "youth_min_age": 16, "youth_max_age": 24, "clause": "邢人社办〔2024〕84号 第二条（四）"}

BASE = je.Facts(
    starts_on=dt.date(2024, 7, 1), uscc="91130502MA0A1B2C3J", birth_date=dt.date(2001, 3, 9), education="bachelor",
    degree_type="regular", graduation_date=dt.date(2024, 6, 30), registrations=(), months_insured_since_graduation=0,
    paid_months=3, as_of_month=dt.date(2024, 9, 1), insured_in_as_of_month=True, unit_type="enterprise", dishonest=False,
    deregistering=False, confirmed_elsewhere=False,
)


def d(**over):
    return je.decide(replace(BASE, **over), P)


def test_graduate_of_the_year_is_eligible_for_1500():
    decision = d()
    assert decision.eligible and decision.basis == "graduate_in_year" and decision.amount == Decimal("1500.00")
    assert [c.code for c in decision.checks] == ["basis", "paid_months", "still_insured", "unit_type", "not_dishonest",
                                                 "not_deregistering", "once_per_person"]
    assert all(c.passed and c.clause.startswith("邢人社办") for c in decision.checks)


def test_graduation_later_in_the_year_of_the_start_counts():
    assert d(starts_on=dt.date(2024, 3, 1), graduation_date=dt.date(2024, 6, 30)).basis == "graduate_in_year"


@pytest.mark.parametrize(("grad_year", "insured_months", "basis"), [
    (2023, 0, "graduate_within_2y"), (2022, 0, "graduate_within_2y"), (2021, 0, None), (2023, 1, None), (2025, 0, None),
])
def test_graduate_window_and_employment_since_leaving_school(grad_year, insured_months, basis):
    decision = d(graduation_date=dt.date(grad_year, 6, 30), months_insured_since_graduation=insured_months,
                 birth_date=dt.date(1995, 1, 1))
    assert decision.basis == basis
    assert decision.eligible is (basis is not None)


@pytest.mark.parametrize(("education", "degree"), [("senior_secondary", ""), ("bachelor", "adult"), ("master", "self_study"),
                                                   ("junior_college", "technician_class")])
def test_only_regular_higher_education_graduates(education, degree):
    decision = d(education=education, degree_type=degree, birth_date=dt.date(1990, 1, 1))
    assert not decision.eligible and decision.failed_checks == ["basis"]


REG = je.Registration(dt.date(2024, 1, 10), None)


@pytest.mark.parametrize(("birth", "eligible"), [
    (dt.date(2008, 7, 1), True),   # turns 16 on the start date
    (dt.date(2008, 7, 2), False),  # 15 on the start date
    (dt.date(1999, 7, 2), True),   # 24, turns 25 the next day
    (dt.date(1999, 7, 1), False),  # turns 25 on the start date
])
def test_youth_age_on_the_start_date(birth, eligible):
    decision = d(education="senior_secondary", degree_type="", graduation_date=None, registrations=(REG,), birth_date=birth)
    assert decision.eligible is eligible
    assert decision.basis == ("youth_16_24" if eligible else None)


@pytest.mark.parametrize(("registered", "ended", "eligible"), [
    (dt.date(2024, 7, 1), None, True), (dt.date(2024, 7, 2), None, False),
    (dt.date(2024, 1, 1), dt.date(2024, 7, 1), True), (dt.date(2024, 1, 1), dt.date(2024, 6, 30), False),
])
def test_registration_valid_on_the_start_date(registered, ended, eligible):
    decision = d(education="none", degree_type="", graduation_date=None, birth_date=dt.date(2004, 1, 1),
                 registrations=(je.Registration(registered, ended),))
    assert decision.eligible is eligible


@pytest.mark.parametrize(("months", "eligible"), [(2, False), (3, True)])
def test_paid_months(months, eligible):
    decision = d(paid_months=months)
    assert decision.eligible is eligible
    assert ("paid_months" in decision.failed_checks) is not eligible


def test_not_insured_in_the_as_of_month():
    decision = d(insured_in_as_of_month=False)
    assert decision.failed_checks == ["still_insured"] and decision.amount == Decimal("0.00")
    assert "2024-09" in next(c for c in decision.checks if c.code == "still_insured").explanation


@pytest.mark.parametrize(("over", "code"), [({"unit_type": "social_org"}, "unit_type"), ({"dishonest": True}, "not_dishonest"),
                                            ({"deregistering": True}, "not_deregistering"),
                                            ({"confirmed_elsewhere": True}, "once_per_person")])
def test_employer_and_person_exclusions(over, code):
    assert d(**over).failed_checks == [code]


def test_social_organisations_in_the_2025_round():
    params = {**P, "unit_types": "enterprise,social_org"}
    assert je.decide(replace(BASE, unit_type="social_org"), params).eligible


def test_once_per_person_within_a_screening_keeps_the_earliest_then_the_lowest_uscc():
    a = replace(BASE, starts_on=dt.date(2024, 8, 1), uscc="91130502AAAAAAAAA1")
    b = replace(BASE, starts_on=dt.date(2024, 7, 1), uscc="91130502ZZZZZZZZZ9")
    c = replace(BASE, starts_on=dt.date(2024, 7, 1), uscc="91130502BBBBBBBBB2")
    other = replace(BASE, uscc="91130502CCCCCCCCC3")
    decided = je.once_per_person([("p1", f, je.decide(f, P)) for f in (a, b, c)] + [("p2", other, je.decide(other, P))])
    verdict = {(p, f.uscc): dec for p, f, dec in decided}
    assert verdict[("p1", c.uscc)].eligible
    assert verdict[("p1", a.uscc)].failed_checks == ["once_per_person"] and verdict[("p1", a.uscc)].amount == Decimal("0.00")
    assert verdict[("p1", b.uscc)].failed_checks == ["once_per_person"]
    assert verdict[("p2", other.uscc)].eligible
    assert "2024-07-01" in next(ch for ch in verdict[("p1", a.uscc)].checks if ch.code == "once_per_person").explanation


def test_an_ineligible_earlier_contract_does_not_block_a_later_eligible_one():
    early = replace(BASE, starts_on=dt.date(2024, 7, 1), uscc="91130502AAAAAAAAA1", paid_months=1)
    late = replace(BASE, starts_on=dt.date(2024, 9, 1), uscc="91130502BBBBBBBBB2")
    decided = je.once_per_person([("p", f, je.decide(f, P)) for f in (early, late)])
    assert [dec.eligible for _p, _f, dec in decided] == [False, True]
    assert decided[0][2].failed_checks == ["paid_months"]


def test_graduation_gap_months():
    assert je.graduation_gap_months(dt.date(2023, 6, 30), dt.date(2024, 7, 15)) == (dt.date(2023, 6, 1), dt.date(2024, 6, 1))
    assert je.graduation_gap_months(dt.date(2024, 7, 5), dt.date(2024, 7, 15)) is None
