"""The citizen account (/me/): sign up with resident ID, name and mobile; linked to the registry only
when ID and name match; a citizen sees only their own records; bad input answers 400."""

import datetime as dt

import pytest

from persons.models import Certificate, CitizenAccount, LabourContract, Person
from persons.services import citizen_accounts_link_pending
from tests.factories import EnterpriseFactory, UserFactory, make_resident_id
from xingtai_jobs.core.models import AuditEvent, User

pytestmark = pytest.mark.django_db

RID = make_resident_id(dt.date(1996, 4, 2), "130528", 51)  # born in 宁晋县
PWD = "qiang-mima-2024"


def signup(client, **over):
    data = {"resident_id": RID, "name": "王小明", "phone": "13912345678", "password1": PWD, "password2": PWD}
    data.update(over)
    return client.post("/me/signup/", data)


@pytest.fixture
def person(region_a):
    p = Person.objects.create(resident_id=RID, name="王小明", region=region_a)
    Certificate.objects.create(certificate_no="CZ-1", person=p, kind="skill_level", occupation_code="X", occupation_name="电工",
                               level=4, issued_on=dt.date(2024, 5, 1))
    LabourContract.objects.create(person=p, enterprise=EnterpriseFactory(name="邢台合同单位有限公司"),
                                  starts_on=dt.date(2024, 3, 1), kind="fixed")
    return p


def test_signup_links_when_id_and_name_match_and_shows_own_records(client, person):
    response = signup(client)
    assert response.status_code == 302 and response["Location"] == "/me/"
    account = CitizenAccount.objects.get()
    assert account.person == person and account.user.role == User.Role.CITIZEN and not account.user.is_staff
    page = client.get("/me/").content.decode()
    assert "电工" in page and "邢台合同单位有限公司" in page
    assert RID not in page  # masked on the page too
    assert AuditEvent.objects.filter(action="persons.citizen.linked").exists()


def test_name_mismatch_creates_an_unlinked_account_that_links_after_the_registry_has_it(client, region_a):
    assert signup(client, name="王晓明").status_code == 302
    account = CitizenAccount.objects.get()
    assert account.person is None
    assert "电工" not in client.get("/me/").content.decode()
    Person.objects.create(resident_id=RID, name="王小明", region=region_a)
    assert citizen_accounts_link_pending() == 0  # the name still differs
    Person.objects.filter(resident_id=RID).update(name="王晓明")
    assert citizen_accounts_link_pending() == 1
    account.refresh_from_db()
    assert account.person.resident_id == RID


@pytest.mark.parametrize(("over", "field"), [
    ({"resident_id": RID[:-1] + ("0" if RID[-1] != "0" else "1")}, "resident_id"),
    ({"resident_id": "123"}, "resident_id"),
    ({"name": "\u200b\u200b"}, "name"),
    ({"phone": "12345"}, "phone"),
    ({"password2": "another-password-1"}, "password2"),
    ({"password1": "12345678901", "password2": "12345678901"}, "password1"),
])
def test_bad_input_is_400_and_creates_nothing(client, over, field):
    response = signup(client, **over)
    assert response.status_code == 400
    assert field in response.context["form"].errors
    assert not CitizenAccount.objects.exists() and not User.objects.filter(role=User.Role.CITIZEN).exists()


def test_second_account_for_the_same_id_or_phone_is_refused(client, person):
    assert signup(client).status_code == 302
    other = client.__class__()
    response = signup(other, phone="13700000000")
    assert response.status_code == 409 and "resident_id" in response.context["form"].errors
    response = signup(other, resident_id=make_resident_id(dt.date(1990, 1, 1), "130582", 13))
    assert response.status_code == 409 and "phone" in response.context["form"].errors
    assert CitizenAccount.objects.count() == 1


def test_me_is_for_citizens_only(client, login, county_officer, enterprise_user):
    assert client.get("/me/").status_code == 302  # to the login page
    assert login(county_officer).get("/me/").status_code == 403
    assert login(enterprise_user).get("/me/").status_code == 403


def test_a_citizen_sees_only_their_own_records(client, login, person, region_a):
    other = Person.objects.create(resident_id=make_resident_id(dt.date(1990, 1, 1), "130502", 71), name="别人", region=region_a)
    Certificate.objects.create(certificate_no="CZ-OTHER", person=other, kind="skill_level", occupation_code="Y",
                               occupation_name="焊工", level=5, issued_on=dt.date(2024, 5, 1))
    signup(client)
    page = client.get("/me/").content.decode()
    assert "CZ-1" in page and "CZ-OTHER" not in page
    stranger = UserFactory(username="citizen-no-account", role=User.Role.CITIZEN)
    assert "CZ-1" not in login(stranger).get("/me/").content.decode()


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_citizen_signs_up_on_a_phone(phone_page, region_a):
    Person.objects.create(resident_id=RID, name="王小明", region=Person._meta.get_field("region").related_model.objects.get(code="130502"))
    page = phone_page
    page.goto(page.base + "/me/signup/")
    page.fill("#id_resident_id", RID)
    page.fill("#id_name", "王小明")
    page.fill("#id_phone", "13912345678")
    page.fill("#id_password1", PWD)
    page.fill("#id_password2", PWD)
    page.click("main form button[type=submit]")
    page.wait_for_url("**/me/")
    assert "已关联" in page.content() or "Linked" in page.content()
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 400  # no horizontal scroll at phone width


def test_signups_are_rate_limited_per_address_and_the_refusal_changes_nothing(client, settings):
    settings.XT_RATELIMIT_SIGNUP_IP = "2/h"
    assert signup(client, phone="13700000001").status_code == 302
    other = client.__class__()
    assert signup(other, phone="13700000002").status_code == 409  # same ID: refused, counted
    response = signup(other, resident_id=make_resident_id(dt.date(1991, 1, 1), "130503", 77), phone="13700000003")
    assert response.status_code == 429
    assert CitizenAccount.objects.count() == 1
