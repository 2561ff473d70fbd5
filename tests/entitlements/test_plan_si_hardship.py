"""社保补贴 for hard-to-employ people: the plan from the person layer, every boundary of issue 13."""

import datetime as dt
import json
from decimal import Decimal
from io import StringIO

import pytest
from django.core.management import call_command

from entitlements.models import Entitlement, EntitlementLine
from entitlements.services import record_plan, round_for
from tests.entitlements.conftest import certify, contract, month, months, pay, person

pytestmark = pytest.mark.django_db


def plan_json(scheme="si_hardship", through="2027-12", dry_run=True):
    out = StringIO()
    args = [scheme, "--year", "2024", "--through", through, "--json"] + (["--dry-run"] if dry_run else [])
    call_command("plan_entitlements", *args, stdout=out)
    return json.loads(out.getvalue())


def by_uscc(rows):
    return {r["uscc"]: r for r in rows}


def test_issue_example_until_retirement(region_a, employer):
    man = person(dt.date(1967, 1, 10), region=region_a)  # retires 2027-08
    certify(man)
    contract(man, employer, dt.date(2024, 7, 15))
    pay(man, employer, *months(month(2024, 7), month(2027, 12)))
    [row] = plan_json()
    assert row["resident_id"] == man.resident_id and row["uscc"] == employer.uscc and row["eligible"]
    assert row["start_month"] == "2024-07" and row["max_months"] == 37
    assert len(row["months"]) == 37 and row["months"][0] == {"month": "2024-07", "amount": "616.00"}
    assert row["months"][-1]["month"] == "2027-07"
    assert row["total"] == "22792.00" and row["stop_reason"] == "retirement" and row["failed_checks"] == []
    assert not Entitlement.objects.exists()  # --dry-run records nothing


def test_until_retirement_switch_at_60_months(region_a, employer, employer_b):
    near = person(dt.date(1968, 5, 3), region=region_a)  # delay 11 months: retires 2029-04, 59 months after 2024-05
    far = person(dt.date(1968, 6, 3), region=region_a)  # retires 2029-05: 60 months after 2024-05
    for p, ent in ((near, employer), (far, employer_b)):
        certify(p)
        contract(p, ent, dt.date(2024, 5, 2))
        pay(p, ent, month(2024, 5))
    rows = by_uscc(plan_json(through="2024-12"))
    assert rows[employer.uscc]["max_months"] == 59  # fewer than 60 months to retirement: until retirement
    assert rows[employer_b.uscc]["max_months"] == 36  # 60 months: the standard 3 years


def test_certification_valid_on_start_date(region_a, employer, employer_b):
    on_day = person(region=region_a, name="当日")
    certify(on_day, on=dt.date(2024, 3, 1), until=dt.date(2024, 3, 31))
    contract(on_day, employer, dt.date(2024, 3, 31))
    late = person(region=region_a, name="晚认定")
    certify(late, on=dt.date(2024, 4, 1))
    contract(late, employer_b, dt.date(2024, 3, 31))
    pay(on_day, employer, month(2024, 3))
    rows = {r["resident_id"]: r for r in plan_json(through="2024-03")}
    assert rows[on_day.resident_id]["eligible"] and rows[on_day.resident_id]["months"] == [{"month": "2024-03", "amount": "616.00"}]
    assert rows[late.resident_id]["failed_checks"] == ["certified"] and rows[late.resident_id]["max_months"] is None
    assert rows[late.resident_id]["months"] == []


def test_contract_term_exactly_12_months_and_task_contracts(region_a, employer):
    exact, short, task = (person(region=region_a, name=n) for n in ("整年", "差一天", "任务"))
    for p in (exact, short, task):
        certify(p)
    contract(exact, employer, dt.date(2024, 3, 15), dt.date(2025, 3, 14), kind="fixed")
    contract(short, employer, dt.date(2024, 3, 15), dt.date(2025, 3, 13), kind="fixed")
    contract(task, employer, dt.date(2024, 3, 15), None, kind="task")
    pay(exact, employer, month(2024, 3))
    rows = {r["resident_id"]: r for r in plan_json(through="2024-03")}
    assert rows[exact.resident_id]["eligible"]
    assert rows[short.resident_id]["failed_checks"] == ["contract_term"]
    assert rows[task.resident_id]["failed_checks"] == ["contract_kind"]


def test_arrears_and_missing_months_do_not_use_the_clock(region_a, employer):
    p = person(dt.date(1990, 1, 1), region=region_a)
    certify(p)
    contract(p, employer, dt.date(2024, 1, 1))
    pay(p, employer, *months(month(2024, 1), month(2027, 12)))
    pay(p, employer, month(2024, 2), in_arrears=True)
    from persons.models import PersonContribution

    PersonContribution.objects.filter(person=p, month=month(2024, 3)).delete()
    [row] = plan_json(through="2027-12")
    got = [m["month"] for m in row["months"]]
    assert row["max_months"] == 36 and len(got) == 36
    assert "2024-02" not in got and "2024-03" not in got
    assert got[-1] == "2027-02" and row["stop_reason"] == "max_months"  # two months later than without the gaps


def test_contract_end_stops_the_lines(region_a, employer):
    p = person(region=region_a)
    certify(p)
    contract(p, employer, dt.date(2024, 1, 1), dt.date(2025, 6, 30), kind="fixed")
    pay(p, employer, *months(month(2024, 1), month(2025, 12)))
    [row] = plan_json(through="2025-12")
    assert len(row["months"]) == 18 and row["months"][-1]["month"] == "2025-06" and row["stop_reason"] == "contract_end"


def test_one_clock_per_person_across_two_employers(region_a, employer, employer_b):
    p = person(dt.date(1990, 1, 1), region=region_a)
    certify(p)
    contract(p, employer, dt.date(2024, 1, 1), dt.date(2025, 12, 31), kind="fixed")  # 24 months
    contract(p, employer_b, dt.date(2024, 12, 1))  # overlaps one month, then takes over
    pay(p, employer, *months(month(2024, 1), month(2025, 12)))
    pay(p, employer_b, *months(month(2024, 12), month(2028, 12)))
    rows = by_uscc(plan_json(through="2028-12"))
    first, second = rows[employer.uscc], rows[employer_b.uscc]
    assert first["max_months"] == second["max_months"] == 36
    assert len(first["months"]) == 24 and len(second["months"]) == 12
    assert second["months"][0]["month"] == "2026-01"  # 2024-12 … 2025-12 already on the clock through the first contract
    assert second["stop_reason"] == "max_months"


def test_dishonest_employer_and_retired_person(region_a, employer, employer_b):
    employer.dishonest = True
    employer.save()
    p = person(region=region_a)
    old = person(dt.date(1960, 1, 1), region=region_a)  # retired 2020
    for x in (p, old):
        certify(x)
    contract(p, employer, dt.date(2024, 5, 1))
    contract(old, employer_b, dt.date(2024, 5, 1))
    rows = by_uscc(plan_json(through="2024-12"))
    assert rows[employer.uscc]["failed_checks"] == ["not_dishonest"]
    assert rows[employer_b.uscc]["failed_checks"] == ["below_retirement"]


def test_recording_is_idempotent_and_lines_stop_at_the_last_month_in(region_a, employer):
    p = person(region=region_a)
    certify(p)
    contract(p, employer, dt.date(2024, 1, 1))
    pay(p, employer, *months(month(2024, 1), month(2024, 6)))
    round_ = round_for("si_hardship", 2024)
    record_plan(round_=round_, through=month(2024, 12))
    ent = Entitlement.objects.get()
    assert ent.state == Entitlement.State.CANDIDATE and ent.max_months == 36
    assert EntitlementLine.objects.filter(entitlement=ent).count() == 6
    assert ent.computed_through == month(2024, 6)  # the last month whose contributions are in
    record_plan(round_=round_, through=month(2024, 12))
    assert Entitlement.objects.count() == 1 and EntitlementLine.objects.count() == 6
    assert sum(EntitlementLine.objects.values_list("amount", flat=True)) == Decimal("3696.00")
