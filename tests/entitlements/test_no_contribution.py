"""The ``no_contribution`` end: a round parameter (``no_contribution_months``, provisional: the
sources give no number) of consecutive months without contributions — no row of the employer, in
arrears, nothing paid — that ends an entitlement; fewer such months are skipped and do not use the clock."""

import datetime as dt
import importlib
import json
from io import StringIO

import pytest
from django.apps import apps as django_apps
from django.core.management import call_command

from entitlements import services
from entitlements.models import Entitlement
from subsidies.models import SchemeRound
from tests.entitlements.conftest import certify, contract, month, months, pay, person

pytestmark = pytest.mark.django_db


def plan(scheme="si_hardship", through="2025-06"):
    out = StringIO()
    call_command("plan_entitlements", scheme, "--year", "2024", "--through", through, "--json", "--dry-run", stdout=out)
    return {r["resident_id"]: r for r in json.loads(out.getvalue())}


def hired(region, employer, *, paid, arrears=(), nothing=(), start=dt.date(2024, 1, 1), **kw):
    p = person(region=region, **kw)
    certify(p)
    contract(p, employer, start)
    pay(p, employer, *paid)
    pay(p, employer, *arrears, in_arrears=True)
    pay(p, employer, *nothing, pension="0.00", medical="0.00", ui="0.00")
    return p


def test_the_parameter_is_policy_data_and_provisional():
    for code in ("si_hardship", "si_graduate"):
        round_ = SchemeRound.objects.get(scheme__code=code, assessment_year=2024)
        assert round_.parameters["no_contribution_months"] == 3
        assert "no_contribution_months" in round_.provisional


def test_three_months_without_contributions_end_it(region_a, employer, employer_b):
    stops = hired(region_a, employer, paid=months(month(2024, 1), month(2024, 5)) + [month(2025, 1)],
                  arrears=[month(2024, 6)], nothing=[month(2024, 7)], name="停缴")  # 8 missing: the third month
    two = hired(region_a, employer_b, paid=[m for m in months(month(2024, 1), month(2025, 6)) if m not in (month(2024, 6), month(2024, 7))],
                name="两个月")
    rows = plan()
    row = rows[stops.resident_id]
    assert row["stop_reason"] == "no_contribution"
    assert [m["month"] for m in row["months"]] == ["2024-01", "2024-02", "2024-03", "2024-04", "2024-05"]  # nothing after, 2025-01 neither
    two_row = rows[two.resident_id]
    assert two_row["stop_reason"] is None and len(two_row["months"]) == 16  # two months without: skipped, clock not used
    services.record_plan(round_=services.round_for("si_hardship", 2024), through=month(2025, 6))
    ent = Entitlement.objects.get(person=stops)
    assert ent.schedule["end_reason"] == "no_contribution" and ent.schedule["end_month"] == "2024-05"
    assert [s["reason"] for s in ent.schedule["skipped"]] == ["arrears", "nothing_paid", "missing"]


def test_the_round_parameter_is_read(region_a, employer):
    round_ = services.round_for("si_hardship", 2024)
    round_.parameters = {**round_.parameters, "no_contribution_months": 2}
    round_.save()
    p = hired(region_a, employer, paid=[month(2024, 1), month(2024, 2), month(2024, 5)], arrears=[month(2024, 3)])
    row = plan(through="2024-05")[p.resident_id]
    assert row["stop_reason"] == "no_contribution" and len(row["months"]) == 2  # March in arrears, April missing


def test_an_approved_entitlement_ends_with_the_reason_and_its_last_month(region_a, employer, city_officer):
    p = hired(region_a, employer, paid=months(month(2024, 1), month(2024, 3)))
    round_ = services.round_for("si_hardship", 2024)
    services.record_plan(round_=round_, through=month(2024, 3))
    ent = services.entitlement_review_start(entitlement=Entitlement.objects.get(person=p), actor=city_officer)
    services.entitlement_approve(entitlement=ent, actor=city_officer)
    other = person(region=region_a, name="他人")  # the months after arrive for someone else: nothing for p
    pay(other, employer, *months(month(2024, 4), month(2024, 6)))
    services.record_plan(round_=round_, through=month(2024, 6))
    ent.refresh_from_db()
    assert (ent.state, ent.end_reason, ent.ended_month) == ("ended", "no_contribution", month(2024, 3))
    assert ent.lines.count() == 3


def test_a_round_shipped_before_the_parameter_gains_it_provisional():
    migration = importlib.import_module("entitlements.migrations.0003_no_contribution_months")
    round_ = SchemeRound.objects.get(scheme__code="si_graduate", assessment_year=2024)
    round_.parameters = {k: v for k, v in round_.parameters.items() if k != "no_contribution_months"}
    round_.provisional = [p for p in round_.provisional if p != "no_contribution_months"]
    round_.save()
    kept = SchemeRound.objects.get(scheme__code="si_hardship", assessment_year=2024)
    kept.parameters = {**kept.parameters, "no_contribution_months": 5}
    kept.save()
    migration.forwards(django_apps, None)
    round_.refresh_from_db()
    kept.refresh_from_db()
    assert round_.parameters["no_contribution_months"] == 3 and "no_contribution_months" in round_.provisional
    assert kept.parameters["no_contribution_months"] == 5  # a round that has it keeps its value
