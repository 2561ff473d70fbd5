"""Results and progress against the 2024 targets (data, not literals)."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from recruitment import selectors, services
from recruitment.models import Event, Series
from tests.recruitment.factories import EventFactory, participate
from xingtai_jobs.core.errors import DomainError

pytestmark = pytest.mark.django_db


def at(year, month=5):
    return timezone.make_aware(dt.datetime(year, month, 10, 9, 0))


def test_progress_counts_brand_graduate_events_intentions_and_livestream_visits(city_officer, enterprise, enterprise_user):
    brand = Series.objects.create(name="相遇太行泉城，职来不问归期")
    fair = EventFactory(series=brand, starts_at=at(2024), status=Event.Status.ONGOING)
    EventFactory(series=brand, starts_at=at(2024), status=Event.Status.PUBLISHED)  # not held yet
    EventFactory(kind=Event.Kind.GRADUATE, starts_at=at(2024), status=Event.Status.CLOSED)
    live = EventFactory(kind=Event.Kind.LIVESTREAM, starts_at=at(2024), status=Event.Status.CLOSED)
    services.livestream_result_record(event=live, actor=city_officer, platform="抖音", hosts="局长", views=12000, applications=300,
                                      intentions=45, enterprise_visits=3)
    posting = participate(fair, enterprise)[0]
    seeker = services.registration_create(event_id=fair.pk, name="甲", phone="13900000001", education="bachelor", wanted_occupation="x")
    services.intention_record(registration=seeker, posting_id=posting.pk, actor=enterprise_user)
    progress = {p.code: (p.actual, p.target) for p in selectors.target_progress(city_officer, year=2024)}
    assert progress == {"brand_events": (1, 200), "intentions": (46, 50000), "graduate_events": (1, 100),
                        "livestream_visits": (3, 50), "internship_posts": (0, 5200)}
    from xingtai_jobs.core import policy  # the targets are policy figures of the measures register

    row = policy.figures("measures.brand_events")[0].in_force(dt.date(2024, 12, 31))
    policy.change_figure(row_id=row.pk, actor=city_officer, value=250, valid_from=row.valid_from, valid_to=row.valid_to,
                         source=row.source, confirmed=True, expected_version=row.version)
    assert {p.code: p.target for p in selectors.target_progress(city_officer, year=2024)}["brand_events"] == 250


def test_results_by_event_count_registrations_checkins_and_intentions(city_officer, enterprise, enterprise_user):
    fair = EventFactory(starts_at=at(2024), capacity=5)
    participate(fair, enterprise, postings=2)
    regs = [services.registration_create(event_id=fair.pk, name=f"s{i}", phone=f"1390000000{i}", education="bachelor", wanted_occupation="x")
            for i in range(3)]
    services.registration_check_in(registration=regs[0], actor=city_officer)
    row = selectors.results_by_event(city_officer, year=2024).get(pk=fair.pk)
    assert (row.employers, row.postings_n, row.positions, row.registrations_n, row.checkins, row.intentions_n) == (1, 2, 10, 3, 1, 0)
    by_region = selectors.results_grouped(city_officer, year=2024, by="region")
    assert by_region[0]["registrations"] == 3


def test_county_staff_see_their_regions_results_only(login, county_officer, region_b):
    EventFactory(title="本区招聘会", starts_at=at(2024))
    EventFactory(title="外区招聘会", starts_at=at(2024), region=region_b)
    page = login(county_officer).get(reverse("recruitment:staff-results"), {"year": 2024}).content.decode()
    assert "本区招聘会" in page and "外区招聘会" not in page


def test_livestream_results_refuse_bad_figures(city_officer):
    live = EventFactory(kind=Event.Kind.LIVESTREAM, status=Event.Status.CLOSED)
    with pytest.raises(DomainError):
        services.livestream_result_record(event=live, actor=city_officer, platform="快手", hosts="x", views=10, applications=5,
                                          intentions=6, enterprise_visits=0)
    fair = EventFactory(status=Event.Status.CLOSED)
    with pytest.raises(DomainError):
        services.livestream_result_record(event=fair, actor=city_officer, platform="快手", hosts="x", views=10, applications=5,
                                          intentions=1, enterprise_visits=0)


def test_event_status_moves_only_forward(city_officer):
    event = EventFactory(status=Event.Status.DRAFT)
    services.event_set_status(event=event, status=Event.Status.PUBLISHED, actor=city_officer)
    with pytest.raises(DomainError):
        services.event_set_status(event=event, status=Event.Status.DRAFT, actor=city_officer)


def test_non_staff_cannot_open_staff_pages(login, enterprise_user, client):
    assert client.get(reverse("recruitment:staff-results")).status_code == 302
    assert login(enterprise_user).get(reverse("recruitment:staff-ledger")).status_code == 403
