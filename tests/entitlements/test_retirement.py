"""Statutory retirement through the entitlement path (issue 13): the issue's examples, each cap, the
recorded base age (55 for a woman in a cadre post) over the default of her sex, on the full plan
and on the monthly fast path."""

import datetime as dt
import json
from io import StringIO

import pytest
from django.core.management import call_command

from entitlements import services
from entitlements.models import Entitlement, EntitlementLine
from tests.entitlements.conftest import approve_all, certify, contract, month, months, pay, person
from tests.factories import EnterpriseFactory, make_uscc
from tests.pg import require_postgres  # noqa: F401 - a fixture

pytestmark = pytest.mark.django_db


def plan(through="2030-12"):
    out = StringIO()
    call_command("plan_entitlements", "si_hardship", "--year", "2024", "--through", through, "--json", "--dry-run", stdout=out)
    return {r["resident_id"]: r for r in json.loads(out.getvalue())}


def retirement_check(resident_id: str) -> str:
    ent = Entitlement.objects.get(person__resident_id=resident_id)
    [check] = [c for c in ent.checks if c["code"] == "below_retirement"]
    return check["figure"]


def hired(region, n, birth, *, start=dt.date(2024, 1, 1), female=False, base_age=None, paid_through=dt.date(2030, 12, 1)):
    ent = EnterpriseFactory(uscc=make_uscc(7600 + n), region=region)
    p = person(birth, region=region, female=female, retirement_base_age=base_age)
    certify(p)
    contract(p, ent, start)
    pay(p, ent, *months(month(start.year, start.month), paid_through))
    return p


@pytest.mark.parametrize(("birth", "female", "base_age", "start", "retires", "max_months", "last", "stop"), [
    # a man born 1965-01 retires 2025-02 (60 years + 1 month)
    (dt.date(1965, 1, 20), False, None, dt.date(2024, 1, 1), "2025-02", 13, "2025-01", "retirement"),
    # born 1967-01: 2027-08 (the issue's JSON example: from 2024-07, 37 months)
    (dt.date(1967, 1, 10), False, None, dt.date(2024, 7, 15), "2027-08", 37, "2027-07", "retirement"),
    # a woman worker born 1974-06: before the cohort, 50 years: 2024-06
    (dt.date(1974, 6, 1), True, None, dt.date(2024, 1, 1), "2024-06", 5, "2024-05", "retirement"),
    # the same woman with 55 recorded (cadre post): 55 years + 14 months = 2030-08, 79 months: the standard 36
    (dt.date(1974, 6, 1), True, 55, dt.date(2024, 1, 1), "2030-08", 36, "2026-12", "max_months"),
    # a woman worker born 1980-03 retires 2032-11
    (dt.date(1980, 3, 5), True, None, dt.date(2024, 1, 1), "2032-11", 36, "2026-12", "max_months"),
    # a woman with 55 recorded born 1970-01: the first of her cohort, 2025-02
    (dt.date(1970, 1, 3), True, 55, dt.date(2024, 1, 1), "2025-02", 13, "2025-01", "retirement"),
])
def test_issue_examples_through_the_plan(region_a, birth, female, base_age, start, retires, max_months, last, stop):
    p = hired(region_a, 1, birth, start=start, female=female, base_age=base_age)
    row = plan()[p.resident_id]
    assert row["eligible"] and row["max_months"] == max_months
    assert len(row["months"]) == max_months and row["months"][-1]["month"] == last
    assert row["stop_reason"] == stop
    services.record_plan(round_=services.round_for("si_hardship", 2024), through=month(2030, 12))
    assert retirement_check(p.resident_id) == retires


@pytest.mark.parametrize(("birth", "female", "base_age", "retires"), [
    (dt.date(1976, 9, 1), False, None, "2039-09"),  # 60: the 36-month cap reached (k = 140)
    (dt.date(1976, 8, 1), False, None, "2039-07"),  # one birth month earlier: 35 months
    (dt.date(1995, 1, 1), False, None, "2058-01"),  # long after: still 36
    (dt.date(1984, 11, 1), True, None, "2039-11"),  # 50 (women workers): the 60-month cap (k = 118)
    (dt.date(1984, 10, 1), True, None, "2039-09"),  # one birth month earlier: 59 months
    (dt.date(1995, 1, 1), True, None, "2050-01"),  # still 60
    (dt.date(1981, 9, 1), True, 55, "2039-09"),  # 55 recorded: the 36-month cap
    (dt.date(1981, 8, 1), True, 55, "2039-07"),
])
def test_each_cap_in_the_decision(region_a, birth, female, base_age, retires):
    p = hired(region_a, 2, birth, female=female, base_age=base_age, paid_through=month(2024, 3))
    services.record_plan(round_=services.round_for("si_hardship", 2024), through=month(2024, 3))
    assert retirement_check(p.resident_id) == retires
    ent = Entitlement.objects.get(person=p)
    assert ent.max_months == 36 and ent.schedule["end_reason"] == "max_months"


@pytest.mark.postgres_only
@pytest.mark.usefixtures("require_postgres")
def test_monthly_fast_path_ends_at_the_recorded_base_age(region_a, city_officer):
    """Two women born 1974-06 hired in 2024-01: with no base age recorded she retires in 2024-06
    (5 months from 2024-01: until retirement), with 55 recorded in 2030-08. Approved with the rows
    through April; the fast path computes May for both and ends the first (her clock runs out at
    retirement), then June for the second only."""
    worker = hired(region_a, 3, dt.date(1974, 6, 1), female=True, paid_through=month(2024, 4))
    cadre = hired(region_a, 4, dt.date(1974, 6, 1), female=True, base_age=55, paid_through=month(2024, 4))
    round_ = services.round_for("si_hardship", 2024)
    services.record_plan(round_=round_, through=month(2024, 4))
    approve_all(city_officer)
    assert set(Entitlement.objects.values_list("state", flat=True)) == {"running"}
    assert EntitlementLine.objects.count() == 8
    for p in (worker, cadre):  # May's and June's rows arrive
        pay(p, p.entitlements.get().enterprise, month(2024, 5), month(2024, 6))
    assert services.compute_month(round_=round_, month=month(2024, 5)) == {"lines": 2, "ended": 1}
    assert services.compute_month(round_=round_, month=month(2024, 6)) == {"lines": 1, "ended": 0}
    assert list(EntitlementLine.objects.filter(month=month(2024, 6)).values_list("person", flat=True)) == [cadre.pk]
    ended = Entitlement.objects.get(person=worker)
    assert (ended.state, ended.end_reason, ended.ended_month) == ("ended", "retirement", month(2024, 5))
    assert Entitlement.objects.get(person=cadre).state == "running"
