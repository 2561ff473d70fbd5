"""Issue 15, journeys without dead ends: a job seeker acts on a posting (the employer sees it,
staff see it masked), finds a lost ticket, the entrance checks in by the printed short code, the
salary filter means what it says, and closed events are not offered as places to meet."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from recruitment import selectors, services
from recruitment.models import Event, JobApplication, Registration
from tests.factories import make_resident_id
from tests.recruitment.factories import EventFactory, PostingFactory, participate
from xingtai_jobs.core.errors import DomainError
from xingtai_jobs.core.models import AuditEvent

pytestmark = pytest.mark.django_db


# --- the salary filter, "不限", places to meet -------------------------------------------------


def test_pay_at_least_filters_on_the_postings_minimum(client):
    PostingFactory(title="宽幅岗位", pay_min=Decimal("4500"), pay_max=Decimal("7000"))
    PostingFactory(title="高薪岗位", pay_min=Decimal("6000"), pay_max=Decimal("8000"))
    page = client.get(reverse("recruitment:job-search"), {"pay": "6000"}).content.decode()
    assert "高薪岗位" in page and "宽幅岗位" not in page
    assert [p.title for p in selectors.job_search(pay_at_least=Decimal("6000"))] == ["高薪岗位"]
    api = client.get("/api/v1/recruitment/postings/", {"pay": "6000"}).json()
    assert [p["title"] for p in api["results"]] == ["高薪岗位"]


def test_any_education_is_offered_once(client):
    page = client.get(reverse("recruitment:job-search")).content.decode()
    select = page[page.index('id="id_education"'):]
    select = select[:select.index("</select>")]
    assert select.count("不限") == 1


def test_only_open_events_are_offered_as_places_to_meet(client, enterprise):
    open_event = EventFactory(title="春季招聘会")
    closed = EventFactory(title="已结束的招聘会", status=Event.Status.CLOSED)
    past = EventFactory(title="已办完的招聘会", status=Event.Status.RESULTS)
    posting = participate(open_event, enterprise)[0]
    posting.events.add(closed, past)
    page = client.get(reverse("recruitment:job-detail", args=[posting.pk])).content.decode()
    assert "春季招聘会" in page and "已结束的招聘会" not in page and "已办完的招聘会" not in page


# --- a job seeker leaves their contact ----------------------------------------------------------


def county_officer_of(enterprise):
    from tests.factories import UserFactory

    return UserFactory(username="county-x", role="county_staff", region=enterprise.region)


def _apply(client, posting, **over):
    data = {"name": "李四", "phone": "13912345678", "education": "bachelor", "note": "会开数控车床", "consent": "on", **over}
    return client.post(reverse("recruitment:job-apply", args=[posting.pk]), data)


def test_an_application_reaches_the_employer_and_nobody_else(client, login, enterprise, enterprise_user, other_enterprise):
    from tests.factories import UserFactory

    posting = PostingFactory(enterprise=enterprise, title="数控车工")
    response = _apply(client, posting)
    assert response.status_code == 302
    assert "已转给" in client.get(response["Location"]).content.decode()
    application = JobApplication.objects.get()
    assert (application.enterprise, application.phone, application.education) == (enterprise, "13912345678", "bachelor")
    assert application.consented_at is not None
    hr = login(enterprise_user)
    own = hr.get(reverse("recruitment:enterprise-home")).content.decode()
    assert "李四" in own and "139****5678" in own and "13912345678" not in own and "会开数控车床" in own
    detail = hr.get(reverse("recruitment:enterprise-application", args=[application.pk])).content.decode()
    assert "13912345678" in detail
    assert AuditEvent.objects.filter(action="core.personal_data.viewed", object_id=str(application.pk)).count() == 1
    other_user = UserFactory(username="other-hr", role="enterprise_user", enterprise=other_enterprise)
    other_hr = login(other_user)
    other = other_hr.get(reverse("recruitment:enterprise-home")).content.decode()
    assert "139****5678" not in other and "李四" not in other
    assert other_hr.get(reverse("recruitment:enterprise-application", args=[application.pk])).status_code == 404
    event = AuditEvent.objects.get(action="recruitment.application.created")
    assert "13912345678" not in str(event.after) and "李四" not in str(event.after)
    assert login(county_officer_of(enterprise)).get(reverse("recruitment:enterprise-application", args=[application.pk])).status_code == 403


def test_staff_see_applications_of_their_region_masked(login, county_officer, other_county_officer, enterprise, client):
    posting = PostingFactory(enterprise=enterprise, region=enterprise.region)
    _apply(client, posting)
    assert selectors.job_applications_for(county_officer).count() == 1
    assert selectors.job_applications_for(other_county_officer).count() == 0
    page = login(county_officer).get("/admin/recruitment/jobapplication/").content.decode()
    assert "139****5678" in page and "13912345678" not in page and "李四" not in page


@pytest.mark.parametrize("over, field", [
    ({"consent": ""}, "consent"),
    ({"phone": "12345"}, "phone"),
    ({"name": "  "}, "name"),
    ({"education": "phd"}, "education"),
])
def test_bad_applications_are_refused_with_a_message_and_store_nothing(client, over, field):
    posting = PostingFactory()
    response = _apply(client, posting, **over)
    assert response.status_code == 400
    assert response.context["form"].errors.get(field)
    assert not JobApplication.objects.exists()


def test_the_same_phone_applies_once_per_posting(client):
    posting = PostingFactory()
    _apply(client, posting)
    again = _apply(client, posting, name="李四四")
    assert again.status_code == 409 and "已于" in again.content.decode()
    assert JobApplication.objects.count() == 1


def test_an_expired_or_withdrawn_posting_takes_no_application(client):
    expired = PostingFactory(valid_from=timezone.localdate() - dt.timedelta(days=30), valid_to=timezone.localdate() - dt.timedelta(days=1))
    assert _apply(client, expired).status_code == 404
    withdrawn = PostingFactory(is_active=False)
    with pytest.raises(DomainError) as err:
        services.job_application_create(posting_id=withdrawn.pk, name="王五", phone="13912345678", education="senior", consent=True)
    assert err.value.code == "not_found"
    assert not JobApplication.objects.exists()


def test_applications_are_rate_limited_per_address(client, settings):
    settings.XT_RATELIMIT_APPLY_IP = "2/h"
    postings = [PostingFactory() for _ in range(3)]
    assert _apply(client, postings[0]).status_code == 302
    assert _apply(client, postings[1]).status_code == 302
    assert _apply(client, postings[2]).status_code == 429
    assert JobApplication.objects.count() == 2


# --- a lost ticket ------------------------------------------------------------------------------


@pytest.fixture
def event():
    return EventFactory(title="秋季大型招聘会", capacity=5)


def _register(event, **over):
    data = {"name": "张三", "phone": "13912345678", "education": "bachelor", "wanted_occupation": "车工", **over}
    return services.registration_create(event_id=event.pk, **data)


def _find(client, phone, proof):
    return client.post(reverse("recruitment:ticket-lookup"), {"phone": phone, "proof": proof})


def test_a_lost_ticket_is_found_with_the_mobile_and_the_ids_last_four(client, event):
    rid = make_resident_id(dt.date(1998, 5, 6), "130502", 12)
    ticket = _register(event, resident_id=rid)
    response = _find(client, "139 1234 5678", rid[-4:].lower())
    assert response.status_code == 302 and response["Location"] == reverse("recruitment:ticket", args=[ticket.token])


def test_without_an_id_the_name_as_registered_is_the_proof(client, event):
    ticket = _register(event)
    assert _find(client, "13912345678", "张三")["Location"] == reverse("recruitment:ticket", args=[ticket.token])


def test_several_tickets_are_listed(client, event):
    rid = make_resident_id(dt.date(1998, 5, 6), "130502", 12)
    _register(event, resident_id=rid)
    _register(EventFactory(title="夜市招聘"), resident_id=rid)
    page = _find(client, "13912345678", rid[-4:]).content.decode()
    assert "秋季大型招聘会" in page and "夜市招聘" in page


def test_a_wrong_proof_and_an_unknown_phone_get_the_same_answer(client, event):
    rid = make_resident_id(dt.date(1998, 5, 6), "130502", 12)
    _register(event, resident_id=rid)
    wrong = _find(client, "13912345678", "0000" if rid[-4:] != "0000" else "1111")
    unknown = _find(client, "13800001111", rid[-4:])
    assert wrong.status_code == unknown.status_code == 400
    assert wrong.context["form"].non_field_errors() == unknown.context["form"].non_field_errors()
    assert "张三" not in wrong.content.decode()


def test_a_cancelled_ticket_is_not_found(client, event):
    ticket = _register(event)
    services.registration_cancel(registration=ticket, actor=None)
    assert _find(client, "13912345678", "张三").status_code == 400


def test_look_ups_are_limited_per_phone_from_any_address(client, event, settings):
    from django.test import Client

    settings.XT_RATELIMIT_TICKET_LOOKUP_PHONE = "3/h"
    ticket = _register(event)
    for n in range(3):
        assert Client(REMOTE_ADDR=f"10.0.0.{n}").post(reverse("recruitment:ticket-lookup"),
                                                      {"phone": "13912345678", "proof": "0000"}).status_code == 400
    limited = Client(REMOTE_ADDR="10.0.0.9").post(reverse("recruitment:ticket-lookup"), {"phone": "13912345678", "proof": "张三"})
    assert limited.status_code == 429
    assert ticket.token not in limited.content.decode()


def test_look_ups_are_limited_per_address(client, event, settings):
    settings.XT_RATELIMIT_TICKET_LOOKUP_IP = "2/h"
    _register(event)
    _find(client, "13800000001", "x")
    _find(client, "13800000002", "x")
    assert _find(client, "13912345678", "张三").status_code == 429


# --- the entrance ---------------------------------------------------------------------------------


def _station(client, event):
    client.post(reverse("recruitment:staff-checkin-station", args=[event.pk]))


def test_the_station_checks_in_by_the_printed_short_code(login, city_officer, event):
    ticket = _register(event)
    client = login(city_officer)
    _station(client, event)
    typed = f" {ticket.code[:4].lower()} {ticket.code[4:]} "
    response = client.post(reverse("recruitment:staff-checkin-station", args=[event.pk]), {"code": typed}, follow=True)
    assert response.status_code == 200 and ticket.code in response.content.decode()
    assert Registration.objects.get(pk=ticket.pk).checked_in_by == city_officer
    again = client.post(reverse("recruitment:staff-checkin-station", args=[event.pk]), {"code": ticket.code}, follow=True)
    assert "已于" in again.content.decode() or "already" in again.content.decode()


def test_the_station_refuses_another_events_code_an_unknown_code_and_an_inactive_station(login, city_officer, event):
    other = _register(EventFactory(title="别处的招聘会"))
    client = login(city_officer)
    url = reverse("recruitment:staff-checkin-station", args=[event.pk])
    assert client.post(url, {"code": other.code}).status_code == 409  # not active yet
    _station(client, event)
    refused = client.post(url, {"code": other.code})
    assert refused.status_code == 400 and "别处的招聘会" in refused.content.decode()
    assert client.post(url, {"code": "ZZZZZZZZ"}).status_code == 400
    assert client.post(url, {"code": ""}).status_code == 400
    assert Registration.objects.get(pk=other.pk).checked_in_at is None


def test_the_station_of_another_regions_event_is_not_found(login, other_county_officer, event):
    assert login(other_county_officer).post(reverse("recruitment:staff-checkin-station", args=[event.pk]),
                                            {"code": "ABCDEFGH"}).status_code == 404


def test_a_ticket_of_another_event_shows_no_check_in_button(login, city_officer, event):
    ticket = _register(event)
    station = EventFactory(title="另一场")
    client = login(city_officer)
    _station(client, station)
    page = client.get(reverse("recruitment:ticket", args=[ticket.token])).content.decode()
    assert 'type="submit" class="btn big-action"' not in page
    assert "另一场" in page
    _station(client, event)
    page = client.get(reverse("recruitment:ticket", args=[ticket.token])).content.decode()
    assert 'type="submit" class="btn big-action"' in page


def test_a_waitlisted_ticket_shows_no_check_in_button(login, city_officer):
    full = EventFactory(capacity=0)
    waiting = _register(full)
    page = login(city_officer).get(reverse("recruitment:ticket", args=[waiting.token])).content.decode()
    assert 'type="submit" class="btn big-action"' not in page


def test_required_fields_are_marked_on_the_registration_form(client, event):
    page = client.get(reverse("recruitment:event-detail", args=[event.pk])).content.decode()
    name_label = page[page.index('for="id_name"'):]
    assert name_label[:name_label.index("</label>")].endswith('<span aria-hidden="true">*</span>')
    id_label = page[page.index('for="id_resident_id"'):]
    assert "*" not in id_label[:id_label.index("</label>")]
