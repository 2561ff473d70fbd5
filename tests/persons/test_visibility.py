"""Who sees which persons: city staff all; county staff their residents and the employees of their
region's enterprises; liaisons, enterprise users, citizens and anonymous nobody — in the admin,
the API and every child table. IDs and phones are masked in lists and API answers."""

import datetime as dt

import pytest

from persons import selectors
from persons.models import Certificate, LabourContract, Person, PersonContribution
from tests.factories import EnterpriseFactory, UserFactory, make_resident_id
from xingtai_jobs.core.models import AuditEvent

pytestmark = pytest.mark.django_db


@pytest.fixture
def people(region_a, region_b, enterprise, other_enterprise):
    a = Person.objects.create(resident_id=make_resident_id(dt.date(1990, 1, 1), "130502", 31), name="襄都人", region=region_a,
                              phone="13811112222")
    b = Person.objects.create(resident_id=make_resident_id(dt.date(1991, 1, 1), "130503", 32), name="信都人", region=region_b)
    commuter = Person.objects.create(resident_id=make_resident_id(dt.date(1992, 1, 1), "130503", 33), name="通勤者", region=region_b)
    LabourContract.objects.create(person=commuter, enterprise=enterprise, starts_on=dt.date(2024, 1, 1), kind="fixed")
    LabourContract.objects.create(person=b, enterprise=other_enterprise, starts_on=dt.date(2024, 1, 1), kind="fixed")
    for p, ent in ((a, enterprise), (b, other_enterprise), (commuter, enterprise)):
        PersonContribution.objects.create(person=p, enterprise=ent, month=dt.date(2024, 1, 1), pension_unit=1, pension_personal=1,
                                          medical_unit=1, medical_personal=1, ui_unit=1, ui_personal=1, injury_unit=1)
        Certificate.objects.create(certificate_no=f"C-{p.pk}", person=p, kind="skill_level", occupation_code="X",
                                   occupation_name="焊工", level=4, issued_on=dt.date(2024, 5, 1))
    return {"a": a, "b": b, "commuter": commuter}


def test_selectors_by_role(people, city_officer, county_officer, other_county_officer, enterprise_user, region_a):
    from xingtai_jobs.core.models import Department

    liaison = UserFactory(username="liaison-p", role="dept_liaison", region=region_a, department=Department.objects.first())
    citizen = UserFactory(username="citizen-p", role="citizen")
    names = lambda u: set(selectors.persons_visible_to(u).values_list("name", flat=True))  # noqa: E731
    assert names(city_officer) == {"襄都人", "信都人", "通勤者"}
    assert names(county_officer) == {"襄都人", "通勤者"}  # resident, or employed by a 襄都区 enterprise
    assert names(other_county_officer) == {"信都人", "通勤者"}
    for nobody in (liaison, citizen, enterprise_user):
        assert names(nobody) == set()
        assert not selectors.contributions_visible_to(nobody).exists()
        assert not selectors.certificates_visible_to(nobody).exists()
    assert selectors.contributions_visible_to(county_officer).count() == 2
    assert selectors.labour_contracts_visible_to(county_officer).count() == 1


def test_api_lists_masked_and_scoped(people, login, county_officer, enterprise_user, api_client):
    client = login(county_officer)
    body = client.get("/api/v1/persons/").json()
    ids = {row["resident_id"] for row in body["results"]}
    assert len(ids) == 2 and all("*" in rid for rid in ids)
    assert people["a"].resident_id not in str(body) and "13811112222" not in str(body)
    assert {row["name"] for row in body["results"]} == {"襄**", "通**"}
    assert client.get(f"/api/v1/persons/{people['b'].pk}/").status_code == 404
    assert client.get(f"/api/v1/persons/{people['a'].pk}/").status_code == 200
    assert len(client.get("/api/v1/persons/certificates/").json()["results"]) == 2
    assert login(enterprise_user).get("/api/v1/persons/").json()["results"] == []
    assert api_client.get("/api/v1/persons/").status_code in (401, 403)


def test_admin_list_masks_and_change_view_is_audited(people, login, county_officer):
    client = login(county_officer)
    page = client.get("/admin/persons/person/").content.decode()
    assert people["a"].resident_id not in page and "13811112222" not in page
    assert "信都人" not in page and "信**" not in page
    assert client.get(f"/admin/persons/person/{people['b'].pk}/change/").status_code in (302, 404)
    response = client.get(f"/admin/persons/person/{people['a'].pk}/change/")
    assert response.status_code == 200 and people["a"].resident_id in response.content.decode()
    assert AuditEvent.objects.filter(action="core.personal_data.viewed", object_id=str(people["a"].pk),
                                     actor=county_officer).exists()


def test_admin_search_by_last_four_digits_keeps_the_full_id_out_of_the_url(people, login, county_officer):
    client = login(county_officer)
    last4 = people["a"].resident_id[-4:]
    page = client.get("/admin/persons/person/", {"q": last4}).content.decode()
    assert "襄**" in page
    full = client.get("/admin/persons/person/", {"q": people["a"].resident_id}).content.decode()
    assert "襄**" not in full  # a full ID is not a search key


def test_admin_import_page_and_template(login, city_officer, county_officer):
    client = login(city_officer)
    response = client.get("/admin/persons/personcontribution/import-template/")
    assert response.status_code == 200
    from io import BytesIO

    from openpyxl import load_workbook

    headers = [c.value for c in load_workbook(BytesIO(response.content)).active[1]]
    assert headers[:3] == ["公民身份号码", "用人单位统一社会信用代码", "费款所属期(YYYY-MM)"]
    assert client.get("/admin/persons/person/import-file/").status_code == 200
    ent_client_denied = login(UserFactory(username="ent-x", role="enterprise_user", enterprise=EnterpriseFactory()))
    assert ent_client_denied.get("/admin/persons/person/import-file/").status_code in (302, 403)
