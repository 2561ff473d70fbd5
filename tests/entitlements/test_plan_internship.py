"""就业见习补贴: months served at the rate × the minimum wage in force each month, the remaining period
paid at once when the host hires the intern early, each intern once."""

import datetime as dt

import pytest

from recruitment.models import InternshipPlacement, InternshipPost
from tests.entitlements.conftest import contract, month, pay, person
from tests.entitlements.test_plan_si_hardship import plan_json
from tests.factories import UserFactory
from xingtai_jobs.core import policy
from xingtai_jobs.core.models import User

pytestmark = pytest.mark.django_db


def placement(p, host, start, months=6, actual_end=None, title="见习岗"):
    from recruitment.services import _add_months

    post = InternshipPost.objects.create(host=host, title=title, positions=5, duration_months=months, stipend="1800.00",
                                         region=host.region, status="approved")
    return InternshipPlacement.objects.create(post=post, person=p, eligibility_basis="离校2年内未就业高校毕业生",
                                              start=start, planned_end=_add_months(start, months), actual_end=actual_end)


def intern(region, name="见习生"):
    return person(dt.date(2002, 4, 1), region=region, name=name)


def test_months_served_at_the_provisional_rate(region_a, employer):
    p = intern(region_a)
    placement(p, employer, dt.date(2024, 3, 1))
    placement(intern(region_a, "另一人"), employer, dt.date(2024, 3, 1))  # host retains nobody: the base rate
    row = {r["resident_id"]: r for r in plan_json("internship", through="2024-12")}[p.resident_id]
    assert row["eligible"] and row["max_months"] == 6
    assert row["months"] == [{"month": f"2024-{m:02d}", "amount": "1200.00"} for m in range(3, 9)]  # 0.60 × 2000 (tier 2)
    assert row["total"] == "7200.00" and row["stop_reason"] == "max_months"


def test_minimum_wage_change_inside_a_placement(region_a, employer):
    city = UserFactory(username="city-mw", role=User.Role.CITY_STAFF)
    policy.add_period(key="entitlements.min_wage.tier_2", actor=city, value="2200.00", valid_from=dt.date(2024, 5, 1),
                      source="测试：最低工资调整", confirmed=True)
    p = intern(region_a)
    placement(p, employer, dt.date(2024, 3, 1))
    placement(intern(region_a, "另一人"), employer, dt.date(2024, 3, 1))
    [row] = [r for r in plan_json("internship", through="2024-12") if r["resident_id"] == p.resident_id]
    assert [m["amount"] for m in row["months"]] == ["1200.00", "1200.00", "1320.00", "1320.00", "1320.00", "1320.00"]


def test_hired_early_remaining_period_paid_once(region_a, employer):
    p = intern(region_a)
    placement(p, employer, dt.date(2024, 3, 1))  # planned to 2024-09-01: 6 months
    contract(p, employer, dt.date(2024, 5, 10), kind="open_ended")
    [row] = plan_json("internship", through="2024-12")
    assert row["months"] == [{"month": "2024-03", "amount": "1400.00"}, {"month": "2024-04", "amount": "1400.00"}]  # no first month paid yet
    assert row["stop_reason"] is None
    pay(p, employer, month(2024, 5))
    [row] = plan_json("internship", through="2024-12")
    # the host retains its only intern (≥ 50 %): the retained rate 0.70 × 2000; four months left paid in May
    assert row["months"] == [{"month": "2024-03", "amount": "1400.00"}, {"month": "2024-04", "amount": "1400.00"},
                             {"month": "2024-05", "amount": "5600.00"}]
    assert row["stop_reason"] == "hired" and row["total"] == "8400.00"


def test_left_early_only_months_served(region_a, employer):
    p = intern(region_a)
    placement(p, employer, dt.date(2024, 3, 15), actual_end=dt.date(2024, 5, 20))
    placement(intern(region_a, "另一人"), employer, dt.date(2024, 3, 1))
    [row] = [r for r in plan_json("internship", through="2024-12") if r["resident_id"] == p.resident_id]
    assert [m["month"] for m in row["months"]] == ["2024-03", "2024-04"]  # 03-15…04-14, 04-15…05-14
    assert row["stop_reason"] == "placement_end"


def test_each_intern_once_and_the_agreement_term(region_a, employer, employer_b):
    p = intern(region_a)
    placement(p, employer, dt.date(2024, 2, 1))
    placement(p, employer_b, dt.date(2024, 9, 1), title="第二岗")
    short = intern(region_a, "短期")
    placement(short, employer, dt.date(2024, 2, 1), months=2)
    rows = plan_json("internship", through="2024-12")
    mine = [r for r in rows if r["resident_id"] == p.resident_id]
    assert [r["eligible"] for r in mine] == [True, False] and mine[1]["failed_checks"] == ["once_per_person"]
    [s] = [r for r in rows if r["resident_id"] == short.resident_id]
    assert s["failed_checks"] == ["planned_term"] and s["max_months"] is None
