"""Registration: capacity, the waiting list promoted in order, bad input refused with nothing written."""

import datetime as dt

import pytest
from django.urls import reverse

from recruitment import services
from recruitment.models import Event, Registration, ServiceRecord
from tests.factories import make_resident_id
from tests.recruitment.factories import EventFactory, GraduateFactory
from xingtai_jobs.core.errors import DomainError
from xingtai_jobs.core.models import AuditEvent

pytestmark = pytest.mark.django_db


def register(event, n, **kw):
    data = {"name": f"求职者{n}", "phone": f"139{n:08d}", "education": "bachelor", "wanted_occupation": "会计"} | kw
    return services.registration_create(event_id=event.pk, **data)


def test_places_are_confirmed_up_to_capacity_then_the_waiting_list_fills():
    event = EventFactory(capacity=2)
    statuses = [register(event, i).status for i in range(4)]
    assert statuses == ["confirmed", "confirmed", "waitlisted", "waitlisted"]
    event.refresh_from_db()
    assert event.confirmed_count == 2


def test_a_cancelled_place_goes_to_the_first_on_the_waiting_list(city_officer):
    event = EventFactory(capacity=1)
    first = register(event, 1)
    second, third = register(event, 2), register(event, 3)
    promoted = services.registration_cancel(registration=first, actor=city_officer)
    assert [r.pk for r in promoted] == [second.pk]
    second.refresh_from_db(), third.refresh_from_db()
    assert (second.status, third.status) == ("confirmed", "waitlisted")
    assert Event.objects.get(pk=event.pk).confirmed_count == 1
    # cancelling a waiting-list place frees nothing
    services.registration_cancel(registration=third, actor=city_officer)
    assert Event.objects.get(pk=event.pk).confirmed_count == 1


def test_raising_the_capacity_promotes_in_order(city_officer):
    event = EventFactory(capacity=1)
    register(event, 1)
    waiting = [register(event, i) for i in (2, 3, 4)]
    promoted = services.event_change_capacity(event=event, capacity=3, actor=city_officer)
    assert [r.pk for r in promoted] == [waiting[0].pk, waiting[1].pk]
    with pytest.raises(DomainError):
        services.event_change_capacity(event=event, capacity=2, actor=city_officer)


def test_the_same_phone_cannot_register_twice_and_nothing_is_written():
    event = EventFactory()
    register(event, 7)
    before = (Registration.objects.count(), AuditEvent.objects.count())
    with pytest.raises(DomainError, match="already registered|已报名"):
        register(event, 7, name="另一个人")
    assert (Registration.objects.count(), AuditEvent.objects.count()) == before
    assert Event.objects.get(pk=event.pk).confirmed_count == 1


@pytest.mark.parametrize("status", [Event.Status.DRAFT, Event.Status.CLOSED, Event.Status.RESULTS])
def test_registration_is_refused_when_the_event_is_not_open(status):
    event = EventFactory(status=status)
    with pytest.raises(DomainError):
        register(event, 1)
    assert not Registration.objects.exists()


@pytest.mark.parametrize("field,value", [("phone", "12345"), ("resident_id", "130502199001011234"), ("name", " "),
                                         ("education", "phd"), ("wanted_occupation", "")])
def test_bad_input_is_refused_with_the_field_named(field, value):
    event = EventFactory()
    with pytest.raises(DomainError) as err:
        register(event, 1, **{field: value})
    assert err.value.field == field
    assert not Registration.objects.exists()
    assert Event.objects.get(pk=event.pk).confirmed_count == 0


def test_a_full_event_page_offers_the_waiting_list_and_the_form_lands_on_the_ticket(client):
    event = EventFactory(capacity=1)
    register(event, 1)
    page = client.get(reverse("recruitment:event-detail", args=[event.pk])).content.decode()
    assert "候补" in page  # the waiting list is offered (Chinese UI by default)
    response = client.post(reverse("recruitment:event-detail", args=[event.pk]),
                           {"name": "李四", "phone": "13912345678", "education": "college", "wanted_occupation": "电工"})
    registration = Registration.objects.get(phone="13912345678")
    assert response.status_code == 302 and response.url == reverse("recruitment:ticket", args=[registration.token])
    assert registration.status == "waitlisted"


def test_the_form_shows_the_error_and_writes_nothing(client):
    event = EventFactory()
    register(event, 1)
    response = client.post(reverse("recruitment:event-detail", args=[event.pk]),
                           {"name": "王五", "phone": "13900000001", "education": "college", "wanted_occupation": "电工"})
    assert response.status_code == 409  # a duplicate is a conflict
    assert "已报名" in response.content.decode()
    assert Registration.objects.count() == 1


def test_a_graduate_registering_is_linked_by_id_else_by_phone_and_the_referral_counts():
    event = EventFactory()
    by_id = GraduateFactory()
    by_phone = GraduateFactory()
    r1 = register(event, 1, resident_id=by_id.person.resident_id, phone="13700000001")
    r2 = register(event, 2, phone=by_phone.person.phone)
    r3 = register(event, 3, resident_id=make_resident_id(seq=999))
    assert (r1.ledger_entry_id, r2.ledger_entry_id, r3.ledger_entry_id) == (by_id.pk, by_phone.pk, None)
    by_id.refresh_from_db()
    assert by_id.referrals == 1
    assert ServiceRecord.objects.filter(entry=by_id, kind="referral", registration=r1).exists()


def test_the_registration_api_returns_the_ticket_and_maps_a_duplicate_to_409(api_client):
    event = EventFactory()
    payload = {"event": event.pk, "name": "赵六", "phone": "13811112222", "education": "bachelor", "wanted_occupation": "出纳"}
    ok = api_client.post("/api/v1/recruitment/registrations/", payload, format="json")
    assert ok.status_code == 201 and ok.json()["status"] == "confirmed" and ok.json()["phone"] == "138****2222"
    again = api_client.post("/api/v1/recruitment/registrations/", payload, format="json")
    assert again.status_code == 409 and again.json()["code"] == "conflict" and "phone" in again.json()


def test_staff_cancel_in_the_admin_promotes_and_cannot_edit_registrations_directly(login, city_officer):
    event = EventFactory(capacity=1)
    first, second = register(event, 1), register(event, 2)
    client = login(city_officer)
    assert client.post(reverse("admin:recruitment_registration_change", args=[first.pk]), {"status": "cancelled"}).status_code == 403
    client.post(reverse("admin:recruitment_registration_changelist"), {"action": "cancel", "_selected_action": [first.pk]})
    first.refresh_from_db(), second.refresh_from_db()
    assert (first.status, second.status) == ("cancelled", "confirmed")
    page = client.get(reverse("admin:recruitment_registration_changelist")).content.decode()
    assert "139****0002" in page and "13900000002" not in page


def test_the_registration_admin_page_shows_a_registration_masked(login, city_officer):
    event = EventFactory()
    rid = make_resident_id(dt.date(2001, 1, 1), seq=95)
    registration = register(event, 95, resident_id=rid, phone="13700000095")
    page = login(city_officer).get(reverse("admin:recruitment_registration_change", args=[registration.pk]))
    body = page.content.decode()
    assert page.status_code == 200 and rid not in body and rid[-4:] in body and "13700000095" not in body


def test_a_linked_registration_shows_its_person_on_the_ticket_the_admin_and_the_api(login, city_officer, client, region_a):
    from persons.models import Person

    event = EventFactory()
    rid = make_resident_id(dt.date(2001, 1, 1), seq=96)
    Person.objects.create(resident_id=rid, name="求职者96", phone="13900000096", region=region_a)
    response = client.post("/api/v1/recruitment/registrations/", {"event": event.pk, "name": "求职者96", "phone": "13700000096",
                                                                  "resident_id": rid, "education": "bachelor", "wanted_occupation": "会计"})
    assert response.status_code == 201 and response.json()["name"] == "求职者96"
    registration = Registration.objects.get()
    assert registration.person is not None and registration.name == ""
    ticket = client.get(reverse("recruitment:ticket", args=[registration.token])).content.decode()
    assert "求职者96" in ticket and rid not in ticket
    page = login(city_officer).get(reverse("admin:recruitment_registration_change", args=[registration.pk])).content.decode()
    assert "求职者96" in page and rid[-4:] in page and rid not in page
