"""Postings: bad pay ranges refused; the public job search filters and stays at a fixed number of queries."""

import datetime as dt
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from recruitment import services
from recruitment.models import JobPosting
from tests.factories import EnterpriseFactory
from tests.recruitment.factories import EventFactory, PostingFactory, participate
from xingtai_jobs.core.errors import DomainError
from xingtai_jobs.core.models import Region

pytestmark = pytest.mark.django_db


def posting_data(region, **kw):
    today = timezone.localdate()
    return {"title": "焊工", "occupation": "焊工", "headcount": 3, "education": "senior", "experience_years": 1,
            "pay_min": Decimal("5000"), "pay_max": Decimal("7000"), "region": region, "description": "",
            "valid_from": today, "valid_to": today + dt.timedelta(days=30)} | kw


def test_min_pay_above_max_pay_is_refused_and_nothing_written(enterprise, enterprise_user, region_a):
    with pytest.raises(DomainError) as err:
        services.posting_save(enterprise=enterprise, actor=enterprise_user, **posting_data(region_a, pay_min=Decimal("8000")))
    assert err.value.field == "pay_min"
    assert not JobPosting.objects.exists()


def test_the_enterprise_form_shows_the_pay_error(login, enterprise_user, region_a):
    today = timezone.localdate()
    response = login(enterprise_user).post(reverse("recruitment:enterprise-posting-new"), {
        "title": "焊工", "occupation": "焊工", "headcount": 3, "education": "senior", "experience_years": 0, "pay_min": "9000",
        "pay_max": "7000", "region": region_a.pk, "valid_from": today.isoformat(), "valid_to": (today + dt.timedelta(days=9)).isoformat()})
    assert response.status_code == 400 and "9000" in response.content.decode()
    assert not JobPosting.objects.exists()


def test_a_posting_can_join_only_events_where_the_enterprise_is_approved(enterprise, enterprise_user, region_a):
    event = EventFactory()
    with pytest.raises(DomainError):
        services.posting_save(enterprise=enterprise, actor=enterprise_user, events=[event], **posting_data(region_a))
    participate(event, enterprise, postings=0)
    posting = services.posting_save(enterprise=enterprise, actor=enterprise_user, events=[event], **posting_data(region_a))
    assert list(posting.events.all()) == [event]


def test_an_enterprise_cannot_edit_another_enterprises_posting(login, enterprise_user, other_enterprise):
    theirs = PostingFactory(enterprise=other_enterprise)
    assert login(enterprise_user).get(reverse("recruitment:enterprise-posting-edit", args=[theirs.pk])).status_code == 404


def test_job_search_filters_by_region_occupation_pay_education_and_keyword(client, region_a, region_b):
    ent = EnterpriseFactory(name="邢台光伏科技有限公司")
    a = PostingFactory(enterprise=ent, title="光伏运维工程师", occupation="运维工程师", pay_min=6000, pay_max=9000, education="bachelor")
    b = PostingFactory(title="仓库管理员", occupation="仓管", pay_min=3500, pay_max=4500, education="senior", region=region_b)
    PostingFactory(title="过期岗位", valid_from=timezone.localdate() - dt.timedelta(days=90), valid_to=timezone.localdate() - dt.timedelta(days=1))

    def found(**params):
        page = client.get(reverse("recruitment:job-search"), params).content.decode()
        return {p.title for p in (a, b) if p.title in page} | ({"过期岗位"} if "过期岗位" in page else set())

    assert found() == {a.title, b.title}
    assert found(region=region_b.pk) == {b.title}
    assert found(occupation="运维工程师") == {a.title}
    assert found(q="运维") == {a.title}
    assert found(pay=6000) == {a.title}  # the minimum pay is at least 6000 (issue 15)
    assert found(pay=8000) == set()  # 6000–9000 does not pay "at least 8000"
    assert found(education="senior") == {b.title}
    assert found(q="光伏") == {a.title}


def test_job_search_and_event_list_use_a_fixed_number_of_queries(client, django_assert_num_queries, region_a):
    for _ in range(25):
        PostingFactory()
        EventFactory()
    Region.objects.count()
    with django_assert_num_queries(3):  # count, page (postings with enterprise and region), regions for the filter
        client.get(reverse("recruitment:job-search"))
    with django_assert_num_queries(3):
        client.get(reverse("recruitment:event-list"))


def test_api_lists_use_a_fixed_number_of_queries(api_client, django_assert_num_queries):
    for _ in range(12):
        PostingFactory()
        EventFactory()
    with django_assert_num_queries(2):
        assert api_client.get("/api/v1/recruitment/postings/").status_code == 200
    with django_assert_num_queries(2):
        assert api_client.get("/api/v1/recruitment/events/").status_code == 200


def test_event_detail_lists_approved_employers_and_their_postings_only(client, enterprise, other_enterprise):
    event = EventFactory()
    shown = participate(event, enterprise)[0]
    services.participant_signup(event=event, enterprise=other_enterprise, actor=None)
    page = client.get(reverse("recruitment:event-detail", args=[event.pk])).content.decode()
    assert enterprise.name in page and shown.title in page and other_enterprise.name not in page


def test_draft_events_are_not_public(client):
    event = EventFactory(status="draft")
    assert client.get(reverse("recruitment:event-detail", args=[event.pk])).status_code == 404
    assert event.title not in client.get(reverse("recruitment:event-list")).content.decode()
