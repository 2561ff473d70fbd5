"""Rounds as data in the admin, the beat task closing notices, objections list masking."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from subsidies import services, tasks
from subsidies.apps import SubsidiesConfig
from subsidies.models import Application, PublicNotice, Scheme, SchemeRound
from subsidies.policy import round_defaults
from tests.factories import UserFactory
from tests.subsidies.factories import eligible_enterprise
from xingtai_jobs.core.models import User

DEFAULTS_2024 = round_defaults("stable_job_refund")  # the default data (subsidies/policy_defaults.toml)


def test_initial_rounds_ship_every_parameter(db):
    rounds = {r.assessment_year: r for r in SchemeRound.objects.filter(scheme__code="stable_job_refund")}
    assert rounds[2023].closes_on == dt.date(2024, 12, 31) and rounds[2024].closes_on == dt.date(2025, 12, 31)
    for r in rounds.values():
        r.full_clean()
        assert r.parameters["layoff_ratio_limit"] == "0.055" and r.parameters["min_full_payment_months"] == 12


def test_a_round_with_bad_parameters_is_refused_with_the_problem_named(db):
    scheme = Scheme.objects.get(code="stable_job_refund")
    round_ = SchemeRound(scheme=scheme, name="2026", assessment_year=2025, opens_on=dt.date(2026, 1, 1), closes_on=dt.date(2026, 12, 31),
                         budget=Decimal("100"), parameters={**DEFAULTS_2024, "rate_sme": "six"})
    with pytest.raises(ValidationError, match="rate_sme"):
        round_.full_clean()


def test_staff_add_a_round_in_the_admin(login, city_officer):
    client = login(UserFactory(username="root", is_superuser=True, role=User.Role.CITY_STAFF))
    import json

    data = {"scheme": Scheme.objects.get(code="stable_job_refund").pk, "name": "2026年稳岗返还", "assessment_year": 2025,
            "opens_on": "2026-01-01", "closes_on": "2026-12-31", "budget": "1000000.00", "parameters": json.dumps(DEFAULTS_2024), "source": ""}
    response = client.post(reverse("admin:subsidies_schemeround_add"), data)
    assert response.status_code == 302, response.content.decode()[:2000]
    assert SchemeRound.objects.filter(assessment_year=2025).exists()


def test_beat_task_closes_due_notices(round_, city_officer):
    assert "subsidies-close-notices" in SubsidiesConfig.beat_schedule
    ent = eligible_enterprise()
    services.screening_run(round_=round_)
    user = UserFactory(role=User.Role.ENTERPRISE_USER, enterprise=ent)
    services.bank_account_confirm(enterprise=ent, actor=user, account_name=ent.name, bank_name="工行", account_number="6222020400001234567")
    app = services.application_review_start(app=Application.objects.get(), actor=city_officer)
    services.application_approve(app=app, actor=city_officer)
    services.notice_publish(round_=round_, actor=city_officer, on_date=dt.date(2024, 1, 2))
    assert tasks.close_notices.delay().get() == 1
    assert tasks.close_notices.delay().get() == 0  # idempotent
    assert PublicNotice.objects.get().status == PublicNotice.Status.CLOSED
    assert Application.objects.get().state == Application.State.PAYABLE


def test_objections_list_masks_the_phone_and_hides_other_regions(round_, login, county_officer, other_county_officer, city_officer):
    ent = eligible_enterprise(region=county_officer.region)
    services.screening_run(round_=round_)
    user = UserFactory(role=User.Role.ENTERPRISE_USER, enterprise=ent)
    services.bank_account_confirm(enterprise=ent, actor=user, account_name=ent.name, bank_name="工行", account_number="6222020400001234567")
    app = services.application_review_start(app=Application.objects.get(), actor=county_officer)
    services.application_approve(app=app, actor=county_officer)
    notice = services.notice_publish(round_=round_, actor=county_officer)
    services.objection_file(notice=notice, app_id=app.pk, name="李四", phone="13800138000", text="该企业去年裁员没有如实申报")
    page = login(county_officer).get(reverse("subsidies:staff_objections")).content.decode()
    assert "138****8000" in page and "13800138000" not in page
    page = login(other_county_officer).get(reverse("subsidies:staff_objections")).content.decode()
    assert "李四" not in page
