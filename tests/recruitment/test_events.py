"""The public calendar filters; enterprises sign up and staff approve in the back office."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from recruitment.models import Event, EventParticipant
from tests.recruitment.factories import EventFactory

pytestmark = pytest.mark.django_db


def test_the_calendar_filters_by_kind_region_and_date(client, region_b):
    soon = timezone.now() + dt.timedelta(days=2)
    later = timezone.now() + dt.timedelta(days=40)
    fair = EventFactory(title="现场招聘会甲", starts_at=soon, ends_at=soon + dt.timedelta(hours=3))
    night = EventFactory(title="人才星空夜市乙", kind=Event.Kind.NIGHT_FAIR, region=region_b, starts_at=later, ends_at=later + dt.timedelta(hours=3))

    def titles(**params):
        page = client.get(reverse("recruitment:event-list"), params).content.decode()
        return {e.title for e in (fair, night) if e.title in page}

    assert titles() == {fair.title, night.title}
    assert titles(kind="night_fair") == {night.title}
    assert titles(region=region_b.pk) == {night.title}
    assert titles(date_to=(timezone.localdate() + dt.timedelta(days=10)).isoformat()) == {fair.title}
    api = client.get("/api/v1/recruitment/events/", {"kind": "night_fair"}).json()
    assert [e["title"] for e in api["results"]] == [night.title]


def test_an_enterprise_signs_up_and_staff_approve_in_the_admin(login, enterprise_user, county_officer, enterprise):
    event = EventFactory()
    assert login(enterprise_user).post(reverse("recruitment:enterprise-event-signup", args=[event.pk])).status_code == 302
    participant = EventParticipant.objects.get(event=event, enterprise=enterprise)
    assert participant.status == "pending"
    again = login(enterprise_user).post(reverse("recruitment:enterprise-event-signup", args=[event.pk]), follow=True)
    assert EventParticipant.objects.count() == 1 and "已报名" in again.content.decode()
    admin = login(county_officer)
    admin.post(reverse("admin:recruitment_eventparticipant_changelist"), {"action": "approve", "_selected_action": [participant.pk]})
    participant.refresh_from_db()
    assert participant.status == "approved"


def test_county_staff_cannot_approve_sign_ups_of_another_regions_event(login, other_county_officer, enterprise):
    event = EventFactory()
    participant = EventParticipant.objects.create(event=event, enterprise=enterprise)
    client = login(other_county_officer)
    client.post(reverse("admin:recruitment_eventparticipant_changelist"), {"action": "approve", "_selected_action": [participant.pk]})
    participant.refresh_from_db()
    assert participant.status == "pending"
