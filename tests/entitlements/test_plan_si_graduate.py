"""社保补贴 for graduates: the graduate window (in year, within 2 years without insured months) and the employer size."""

import datetime as dt

import pytest

from enterprises.models import Enterprise
from tests.entitlements.conftest import contract, month, months, pay, person
from tests.entitlements.test_plan_si_hardship import plan_json
from tests.factories import EnterpriseFactory, make_uscc

pytestmark = pytest.mark.django_db


def grad(region, year, **kw):
    return person(dt.date(year - 22, 3, 1), region=region, education="bachelor", degree_type="regular",
                  graduation_date=dt.date(year, 6, 30), **kw)


def test_graduate_window_and_employer_size(region_a, employer, employer_b):
    large = EnterpriseFactory(uscc=make_uscc(7103), region=region_a, size_class="medium")
    in_year, two_back, three_back, worked, adult, at_large = (
        grad(region_a, 2024, name="应届"), grad(region_a, 2022, name="前两年"), grad(region_a, 2021, name="前三年"),
        grad(region_a, 2023, name="已就业"), person(region=region_a, education="bachelor", degree_type="adult",
                                                 graduation_date=dt.date(2024, 1, 10), name="成教"),
        grad(region_a, 2024, name="中型"))
    for p in (in_year, two_back, three_back, worked, adult):
        contract(p, employer, dt.date(2024, 7, 1))
        pay(p, employer, *months(month(2024, 7), month(2025, 9)))
    contract(at_large, large, dt.date(2024, 7, 1))
    pay(worked, employer_b, month(2023, 10))  # insured after graduating: not "unemployed within 2 years"
    rows = {r["resident_id"]: r for r in plan_json("si_graduate", through="2025-09")}
    assert rows[in_year.resident_id]["eligible"] and rows[in_year.resident_id]["max_months"] == 12
    assert len(rows[in_year.resident_id]["months"]) == 12 and rows[in_year.resident_id]["stop_reason"] == "max_months"
    assert rows[two_back.resident_id]["eligible"]
    assert rows[three_back.resident_id]["failed_checks"] == ["graduate"]
    assert rows[worked.resident_id]["failed_checks"] == ["graduate"]
    assert rows[adult.resident_id]["failed_checks"] == ["graduate"]
    assert rows[at_large.resident_id]["failed_checks"] == ["size"]


def test_graduate_social_organisation_not_covered(region_a):
    org = EnterpriseFactory(uscc=make_uscc(7104), region=region_a, size_class="small", unit_type="social_org")
    p = grad(region_a, 2024)
    contract(p, org, dt.date(2024, 7, 1))
    [row] = plan_json("si_graduate", through="2024-12")
    assert row["failed_checks"] == ["unit_type"]
    assert Enterprise.objects.count() == 1
