"""The person layer and person-scheme items over the API (/api/v1/persons/, /api/v1/subsidies/):
scoped like the pages, names, IDs and phones masked, the full ID and phone only for bureau staff
who see the person and each such answer audited; applications for a hire or a certificate as on
the pages."""

import datetime as dt
import io

import pytest
from django.core.management import call_command

from persons.models import (
    Certificate,
    CitizenAccount,
    HardshipCategory,
    HardshipCertification,
    LabourContract,
)
from subsidies.models import Application
from tests.factories import UserFactory
from tests.subsidies.test_person_screening import month, pay, world  # noqa: F401 - the fixture
from xingtai_jobs.core import clock
from xingtai_jobs.core.models import AuditEvent

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _today(monkeypatch):
    monkeypatch.setattr(clock, "today", lambda: dt.date(2025, 1, 15))


@pytest.fixture
def phoned(world):  # noqa: F811
    world["grad"].phone = "13912345678"
    world["grad"].save()
    HardshipCertification.objects.create(person=world["youth"], category=HardshipCategory.objects.get(code="long_unemployed"),
                                         certified_on=dt.date(2024, 3, 1), region=world["youth"].region)
    return world


def api(api_client, user):
    api_client.force_authenticate(user)
    return api_client


def results(response):
    assert response.status_code == 200, response.content
    return response.json()["results"]


def test_county_staff_list_their_persons_masked_and_other_roles_none(phoned, api_client, county_officer, other_county_officer,
                                                                     enterprise_user):
    rows = results(api(api_client, county_officer).get("/api/v1/persons/"))
    assert {r["id"] for r in rows} == {phoned[p].pk for p in ("grad", "old_grad", "youth")}
    text = str(rows)
    for p in ("grad", "old_grad", "youth"):
        assert phoned[p].resident_id not in text and phoned[p].name not in text
    grad = next(r for r in rows if r["id"] == phoned["grad"].pk)
    assert grad["phone"] == "139****5678" and grad["resident_id"].endswith(phoned["grad"].resident_id[-4:])
    for user in (other_county_officer, enterprise_user, UserFactory(username="citizen-api", role="citizen")):
        client = api(api_client, user)
        for path in ("persons/", "persons/labour-contracts/", "persons/certificates/", "persons/contributions/",
                     "persons/unemployment-registrations/", "persons/hardship-certifications/"):
            assert results(client.get(f"/api/v1/{path}")) == [], (user.username, path)


def test_child_rows_follow_the_person_and_filter_by_person(phoned, api_client, county_officer):
    client = api(api_client, county_officer)
    youth = phoned["youth"]
    rows = results(client.get("/api/v1/persons/contributions/", {"person": youth.pk}))
    assert len(rows) == 4 and {r["person"] for r in rows} == {youth.pk} and rows[0]["month"] == "2024-07"
    assert [r["category"] for r in results(client.get("/api/v1/persons/hardship-certifications/"))] == ["long_unemployed"]
    assert len(results(client.get("/api/v1/persons/unemployment-registrations/"))) == 1
    assert len(results(client.get("/api/v1/persons/labour-contracts/", {"person": youth.pk}))) == 2
    for bad in ("abc", "-1", "1e3", "9" * 20):
        assert client.get("/api/v1/persons/contributions/", {"person": bad}).status_code == 400


def test_the_full_view_is_for_staff_who_see_the_person_and_is_audited(phoned, api_client, county_officer, other_county_officer,
                                                                      enterprise_user, city_officer):
    grad = phoned["grad"]
    url = f"/api/v1/persons/{grad.pk}/full/"
    response = api(api_client, county_officer).get(url)
    assert response.status_code == 200
    assert response.json() == {"id": grad.pk, "name": grad.name, "resident_id": grad.resident_id, "phone": "13912345678"}
    event = AuditEvent.objects.get(action="core.personal_data.viewed")
    assert event.actor == county_officer and event.object_id == str(grad.pk) and grad.resident_id not in str(event.after)
    assert api(api_client, city_officer).get(url).status_code == 200
    assert api(api_client, other_county_officer).get(url).status_code == 404
    assert api(api_client, enterprise_user).get(url).status_code == 403
    api_client.force_authenticate(None)
    assert api_client.get(url).status_code in (401, 403)
    assert AuditEvent.objects.filter(action="core.personal_data.viewed").count() == 2


def test_items_carry_the_beneficiary_and_the_masked_subject(phoned, api_client, county_officer, login):
    call_command("screen_subsidy", "job_expansion", "--year", "2024", "--as-of", "2024-10", stdout=io.StringIO())
    worker = phoned["old_grad"]
    pay(worker, phoned["ent2"], *[month(2023, m) for m in range(1, 11)])
    Certificate.objects.create(certificate_no="C-API", person=worker, kind="skill_level", occupation_code="X",
                               occupation_name="焊工", level=4, issued_on=dt.date(2024, 9, 20))
    call_command("screen_subsidy", "skill_upgrade", "--year", "2024", "--as-of", "2025-01-15", stdout=io.StringIO())
    response = api(api_client, county_officer).get("/api/v1/subsidies/items/")
    rows = {r["basis"]: r for r in results(response)}
    text = response.content.decode()
    for p in ("grad", "old_grad", "youth"):  # (the names are common words the checks use: 青年)
        assert phoned[p].resident_id not in text and f'"{phoned[p].name}"' not in text
    hire = LabourContract.objects.get(person=phoned["youth"], enterprise=phoned["ent"], starts_on=dt.date(2024, 7, 1))
    job = rows[f"contract:{hire.pk}"]
    assert (job["scheme"], job["beneficiary_kind"], job["subject_name"], job["certificate"]) == (
        "job_expansion", "enterprise", "青*", None)
    assert job["uscc"] != phoned["ent"].uscc and job["uscc"].startswith(phoned["ent"].uscc[:8])
    skill = rows["certificate:C-API"]
    assert (skill["beneficiary_kind"], skill["enterprise_name"], skill["uscc"], skill["beneficiary_name"]) == (
        "person", "", "", "往**")
    assert skill["certificate"] == {"number": "C-API", "occupation": "焊工", "level": 4, "level_name": "四级/中级工"}
    ent_user = UserFactory(username="ent-api", role="enterprise_user", enterprise=phoned["ent"])
    own = results(api(api_client, ent_user).get("/api/v1/subsidies/items/"))
    assert {r["basis"] for r in own} == {f"contract:{hire.pk}"}


def test_apply_over_the_api_as_on_the_pages(phoned, api_client, enterprise_user):
    from subsidies import services

    ent_user = UserFactory(username="ent-apply", role="enterprise_user", enterprise=phoned["ent"])
    je = services.round_for_year("job_expansion", 2024)
    su = services.round_for_year("skill_upgrade", 2024)
    missed = LabourContract.objects.get(person=phoned["old_grad"], enterprise=phoned["ent"])
    other = LabourContract.objects.get(person=phoned["grad"], enterprise=phoned["ent2"])
    client = api(api_client, ent_user)
    for bad in ({}, {"round": "x"}, {"round": je.pk}, {"round": je.pk, "contract": "x"}, {"round": je.pk, "contract": other.pk},
                {"round": 10**12, "contract": missed.pk}, {"round": su.pk, "contract": missed.pk}):
        response = client.post("/api/v1/subsidies/items/apply/", bad, format="json")
        assert response.status_code in (400, 404), (bad, response.status_code)
    assert client.post("/api/v1/subsidies/items/apply/", [1], format="json").status_code == 400
    assert not Application.objects.exists()
    response = client.post("/api/v1/subsidies/items/apply/", {"round": je.pk, "contract": missed.pk, "note": "补报"}, format="json")
    assert response.status_code == 201, response.content
    body = response.json()
    assert (body["basis"], body["state"], body["eligible"], body["subject_name"]) == (f"contract:{missed.pk}", "applied", False, "往**")
    assert [c["code"] for c in body["checks"] if not c["passed"]] == ["basis"]
    again = client.post("/api/v1/subsidies/items/apply/", {"round": je.pk, "contract": missed.pk}, format="json")
    assert again.status_code == 400 and Application.objects.count() == 1
    # a citizen applies for their own certificate; another's is refused
    worker = phoned["old_grad"]
    pay(worker, phoned["ent2"], *[month(2023, m) for m in range(1, 11)])
    Certificate.objects.create(certificate_no="C-MINE", person=worker, kind="skill_level", occupation_code="X",
                               occupation_name="焊工", level=5, issued_on=dt.date(2024, 9, 20))
    Certificate.objects.create(certificate_no="C-YOUTH", person=phoned["youth"], kind="skill_level", occupation_code="Y",
                               occupation_name="电工", level=5, issued_on=dt.date(2024, 9, 1))
    citizen = UserFactory(username="citizen-apply", role="citizen")
    CitizenAccount.objects.create(user=citizen, resident_id=worker.resident_id, name=worker.name, phone="13900004444", person=worker)
    client = api(api_client, citizen)
    refused = client.post("/api/v1/subsidies/items/apply/", {"round": su.pk, "certificate": "C-YOUTH"}, format="json")
    assert refused.status_code == 400
    response = client.post("/api/v1/subsidies/items/apply/", {"round": su.pk, "certificate": "C-MINE"}, format="json")
    assert response.status_code == 201 and response.json()["amount"] == "1000.00"
    assert response.json()["beneficiary_kind"] == "person"
    assert set(Application.objects.values_list("basis_key", flat=True)) == {f"contract:{missed.pk}", "certificate:C-MINE"}


def test_an_enterprise_applies_for_its_stable_job_refund_over_the_api_and_others_may_not(api_client, enterprise, enterprise_user,
                                                                                         county_officer, monkeypatch):
    from django.utils import timezone

    from tests.subsidies.factories import eligible_enterprise, open_round

    monkeypatch.setattr(clock, "today", timezone.localdate)  # the factory's round is open around the real date
    round_ = open_round(year=2025)
    eligible_enterprise(enterprise=enterprise)
    refused = api(api_client, county_officer).post("/api/v1/subsidies/items/apply/", {"round": round_.pk}, format="json")
    assert refused.status_code == 403 and not Application.objects.exists()
    response = api(api_client, enterprise_user).post("/api/v1/subsidies/items/apply/", {"round": round_.pk, "note": "申请"},
                                                     format="json")
    assert response.status_code == 201, response.content
    body = response.json()
    assert (body["scheme"], body["beneficiary_kind"], body["basis"], body["state"], body["eligible"]) == (
        "stable_job_refund", "enterprise", "", "applied", True)
    again = api(api_client, enterprise_user).post("/api/v1/subsidies/items/apply/", {"round": round_.pk}, format="json")
    assert again.status_code == 409 and Application.objects.count() == 1
