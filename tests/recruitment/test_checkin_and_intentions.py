"""The ticket QR URL: staff check the holder in once; an employer at the event records an intention."""

import re

import pytest
from django.urls import reverse
from django.utils import timezone

from recruitment import services
from recruitment.models import Intention, Registration
from tests.factories import EnterpriseFactory, UserFactory
from tests.recruitment.factories import EventFactory, GraduateFactory, PostingFactory, participate
from xingtai_jobs.core.errors import DomainError
from xingtai_jobs.core.models import User

pytestmark = pytest.mark.django_db


@pytest.fixture
def event():
    return EventFactory(capacity=5)


@pytest.fixture
def ticket(event):
    return services.registration_create(event_id=event.pk, name="张三", phone="13912345678", education="bachelor", wanted_occupation="车工")


def ticket_url(registration):
    return reverse("recruitment:ticket", args=[registration.token])


def test_the_holder_sees_the_qr_code_the_short_code_and_a_masked_phone(client, ticket):
    page = client.get(ticket_url(ticket)).content.decode()
    assert "<svg" in page and ticket.code in page
    assert "139****5678" in page and "13912345678" not in page


def test_staff_check_in_once_and_a_second_scan_says_when(login, city_officer, ticket):
    client = login(city_officer)
    first = client.post(ticket_url(ticket), follow=True).content.decode()
    ticket.refresh_from_db()
    hhmm = timezone.localtime(ticket.checked_in_at).strftime("%H:%M")
    assert ticket.checked_in_by == city_officer
    assert hhmm in first
    second = client.post(ticket_url(ticket), follow=True).content.decode()
    assert re.search(rf"(Already checked in at|已于) ?{hhmm}", second)
    assert Registration.objects.get(pk=ticket.pk).checked_in_at == ticket.checked_in_at


def test_county_staff_of_another_region_cannot_check_in(other_county_officer, ticket):
    with pytest.raises(DomainError):
        services.registration_check_in(registration=ticket, actor=other_county_officer)
    assert Registration.objects.get(pk=ticket.pk).checked_in_at is None


def test_a_ticket_of_another_event_is_refused(city_officer, ticket):
    elsewhere = EventFactory()
    with pytest.raises(DomainError, match="another event|其他活动"):
        services.registration_check_in(registration=ticket, actor=city_officer, at_event=elsewhere)
    assert Registration.objects.get(pk=ticket.pk).checked_in_at is None


def test_a_waitlisted_ticket_cannot_check_in(city_officer):
    event = EventFactory(capacity=0)
    waiting = services.registration_create(event_id=event.pk, name="候补", phone="13912340000", education="bachelor", wanted_occupation="车工")
    with pytest.raises(DomainError):
        services.registration_check_in(registration=waiting, actor=city_officer)


def test_an_employer_at_the_event_records_an_intention_and_then_sees_the_phone(login, enterprise, enterprise_user, event, ticket):
    posting = participate(event, enterprise)[0]
    client = login(enterprise_user)
    before = client.get(ticket_url(ticket)).content.decode()
    assert "张三" in before and "139****5678" in before and "13912345678" not in before
    response = client.post(ticket_url(ticket), {"posting": posting.pk, "note": "下周面试"}, follow=True)
    intention = Intention.objects.get()
    assert (intention.registration, intention.posting, intention.enterprise, intention.note) == (ticket, posting, enterprise, "下周面试")
    assert "13912345678" in response.content.decode()


def test_an_employer_not_at_the_event_is_refused(login, other_enterprise, event, ticket):
    outsider = UserFactory(username="ent_b", role=User.Role.ENTERPRISE_USER, enterprise=other_enterprise)
    PostingFactory(enterprise=other_enterprise)
    response = login(outsider).post(ticket_url(ticket), {"posting": 1})
    assert response.status_code == 403
    assert "13912345678" not in response.content.decode()
    assert not Intention.objects.exists()


def test_a_pending_participant_is_not_at_the_event(enterprise, enterprise_user, event, ticket):
    services.participant_signup(event=event, enterprise=enterprise, actor=enterprise_user)
    posting = PostingFactory(enterprise=enterprise)
    with pytest.raises(DomainError):
        services.intention_record(registration=ticket, posting_id=posting.pk, actor=enterprise_user)


def test_the_posting_must_be_the_employers_and_at_this_event(enterprise, enterprise_user, event, ticket):
    participate(event, enterprise)
    not_at_event = PostingFactory(enterprise=enterprise)
    someone_elses = participate(event, EnterpriseFactory())[0]
    for posting in (not_at_event, someone_elses):
        with pytest.raises(DomainError):
            services.intention_record(registration=ticket, posting_id=posting.pk, actor=enterprise_user)
    assert not Intention.objects.exists()


def test_the_same_intention_is_recorded_once(enterprise, enterprise_user, event, ticket):
    posting = participate(event, enterprise)[0]
    services.intention_record(registration=ticket, posting_id=posting.pk, actor=enterprise_user)
    with pytest.raises(DomainError):
        services.intention_record(registration=ticket, posting_id=posting.pk, actor=enterprise_user)
    assert Intention.objects.count() == 1


def test_an_intention_of_a_graduate_counts_as_a_referral_in_the_ledger(enterprise, enterprise_user, event):
    graduate = GraduateFactory()
    registration = services.registration_create(event_id=event.pk, name=graduate.person.name, phone=graduate.person.phone, education="bachelor",
                                                wanted_occupation="车工")
    posting = participate(event, enterprise)[0]
    services.intention_record(registration=registration, posting_id=posting.pk, actor=enterprise_user)
    graduate.refresh_from_db()
    assert graduate.referrals == 2  # the registration and the intention
    assert graduate.services.filter(kind="referral", posting=posting).exists()


def test_citizens_and_other_roles_cannot_check_in_or_record(ticket):
    citizen = UserFactory(username="citizen1")
    with pytest.raises(DomainError):
        services.registration_check_in(registration=ticket, actor=citizen)
    with pytest.raises(DomainError):
        services.intention_record(registration=ticket, posting_id=1, actor=citizen)


def test_at_a_check_in_station_a_ticket_of_another_event_is_refused_over_http(login, city_officer, ticket):
    station = EventFactory(title="另一场招聘会")
    client = login(city_officer)
    client.post(reverse("recruitment:staff-checkin-station", args=[station.pk]))
    page = client.post(ticket_url(ticket), follow=True).content.decode()
    assert "其他活动" in page
    assert Registration.objects.get(pk=ticket.pk).checked_in_at is None
    client.post(reverse("recruitment:staff-checkin-station", args=[station.pk]), {"stop": "1"})
    client.post(ticket_url(ticket))
    assert Registration.objects.get(pk=ticket.pk).checked_in_at is not None


def test_the_enterprise_home_names_a_job_seeker_whose_registration_is_linked_to_the_registry(
        login, enterprise, enterprise_user, event):
    """A registration linked to its person keeps no name of its own (``Registration.who``): the
    employer's list of job seekers who left their contact reads the person's."""
    graduate = GraduateFactory(name="卫十二")
    registration = services.registration_create(event_id=event.pk, name="卫十二", phone=graduate.person.phone,
                                                education="bachelor", wanted_occupation="车工")
    assert (registration.person, registration.name) == (graduate.person, "")
    posting = participate(event, enterprise)[0]
    services.intention_record(registration=registration, posting_id=posting.pk, actor=enterprise_user)
    page = login(enterprise_user).get(reverse("recruitment:enterprise-home")).content.decode()
    assert re.search(r">卫十二</a>", page)
