"""Entitlement rounds are neither applied for nor screened as subsidy items (the service, the portal,
the staff screening page, the command), and the entitlement services refuse the rounds of the item
schemes: each with a clear message, nothing stored."""

from __future__ import annotations

import datetime as dt
from io import StringIO

import pytest
from django.contrib.messages import get_messages
from django.core.management import CommandError, call_command

from entitlements import services
from entitlements.models import Entitlement, EntitlementLine
from entitlements.services_payouts import group_lines
from subsidies import services as subsidies
from subsidies.models import Application
from tests.entitlements.conftest import hardship_case, month
from tests.subsidies.factories import open_round
from xingtai_jobs.core import clock
from xingtai_jobs.core.errors import DomainError

pytestmark = pytest.mark.django_db
REFUSED = "按已核准的按期补贴逐月发放"
NOT_OURS = "不通过按期补贴发放"


@pytest.fixture
def si_round(monkeypatch):
    monkeypatch.setattr(clock, "today", lambda: dt.date(2024, 7, 10))  # inside the round's window
    return services.round_for("si_hardship", 2024)


@pytest.mark.parametrize("code", ["si_hardship", "si_graduate", "internship"])
def test_applying_for_an_entitlement_round_is_refused(code, enterprise, enterprise_user, monkeypatch):
    monkeypatch.setattr(clock, "today", lambda: dt.date(2024, 7, 10))
    round_ = services.round_for(code, 2024)
    with pytest.raises(DomainError) as exc:
        subsidies.application_submit(enterprise=enterprise, round_=round_, actor=enterprise_user)
    assert exc.value.code == "conflict" and REFUSED in str(exc.value) and round_.name in str(exc.value)
    assert not Application.objects.exists()


def test_the_portal_offers_no_apply_and_refuses_a_posted_one(si_round, login, enterprise_user):
    client = login(enterprise_user)
    page = client.get("/enterprise/subsidies/").content.decode()
    assert f"/enterprise/subsidies/apply/{si_round.pk}/" not in page
    response = client.post(f"/enterprise/subsidies/apply/{si_round.pk}/", {"note": "申请"})
    assert response.status_code == 302 and response["Location"] == "/enterprise/subsidies/"
    assert any(REFUSED in str(m) for m in get_messages(response.wsgi_request))
    assert not Application.objects.exists()


def test_screening_an_entitlement_round_is_refused(si_round, city_officer, login, region_a, employer):
    hardship_case(region_a, employer)
    for call in (lambda: subsidies.screening_start(round_=si_round, actor=city_officer),
                 lambda: subsidies.screening_run(round_=si_round),
                 lambda: subsidies.screening_compute(round_=si_round),
                 lambda: subsidies.screening_write_chunk(round_id=si_round.pk, id_range=(1, 10**9))):
        with pytest.raises(DomainError) as exc:
            call()
        assert exc.value.code == "conflict" and REFUSED in str(exc.value)
    response = login(city_officer).post(f"/staff/subsidies/rounds/{si_round.pk}/screen/")
    assert response.status_code == 302
    assert any(REFUSED in str(m) for m in get_messages(response.wsgi_request))
    assert not Application.objects.exists() and not Entitlement.objects.exists()


@pytest.mark.parametrize("dry_run", [True, False])
def test_the_screening_command_refuses_an_entitlement_round(si_round, dry_run):
    with pytest.raises(CommandError, match=REFUSED):
        call_command("screen_subsidy", "si_hardship", "--year", "2024", *(["--dry-run"] if dry_run else []), stdout=StringIO())
    assert not Application.objects.exists()


def test_the_entitlement_services_refuse_an_item_round(city_officer):
    round_ = open_round()
    for call in (lambda: services.record_plan(round_=round_, through=month(2024, 6)),
                 lambda: list(services.plan_chunks(round_, through=month(2024, 6))),
                 lambda: services.compute_month(round_=round_, month=month(2024, 6)),
                 lambda: group_lines(round_=round_)):
        with pytest.raises(DomainError) as exc:
            call()
        assert exc.value.code == "conflict" and NOT_OURS in str(exc.value) and round_.name in str(exc.value)
    assert not Entitlement.objects.exists() and not EntitlementLine.objects.exists() and not Application.objects.exists()


def test_the_plan_command_refuses_an_item_scheme():
    open_round()
    with pytest.raises(CommandError, match="stable_job_refund"):
        call_command("plan_entitlements", "stable_job_refund", "--year", "2024", "--through", "2024-06", stdout=StringIO())
    assert not Entitlement.objects.exists()
