"""The public recruitment pages and API lists come from the page cache (ADR 0013), and keep what
they promise (recruitment/cache.py): bureau changes and postings show at once, places left within
XT_PAGE_CACHE_SECONDS; registrations and signed-in users never get a cached answer; every visitor
gets their own CSRF token."""

import datetime as dt
import re

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from enterprises.models import Enterprise
from recruitment import services
from recruitment.cache import PAGES
from recruitment.models import Event, JobPosting
from tests.recruitment.factories import EventFactory, PostingFactory
from xingtai_jobs.core import clock as portal_clock
from xingtai_jobs.core import pagecache

pytestmark = pytest.mark.django_db


@pytest.fixture
def clock(monkeypatch):
    now = [1_000_000.0]
    monkeypatch.setattr(pagecache, "clock", lambda: now[0])

    def advance(seconds):
        now[0] += seconds

    return advance


def page(client, url, **params):
    response = client.get(url, params)
    assert response.status_code == 200
    return response.content.decode()


def register(event, n):
    for i in range(n):
        services.registration_create(event_id=event.pk, name=f"求职者{i}", phone=f"1390000{i:04d}", education="senior",
                                     wanted_occupation="普工")


def test_a_new_posting_shows_at_once_and_other_changes_within_the_stated_time(client, clock, django_capture_on_commit_callbacks):
    old = PostingFactory(title="数控车工甲")
    assert "数控车工甲" in page(client, reverse("recruitment:job-search"))
    with django_capture_on_commit_callbacks(execute=True):
        PostingFactory(title="焊工乙")
    assert "焊工乙" in page(client, reverse("recruitment:job-search"))  # the save bumped the version
    Enterprise.objects.filter(pk=old.enterprise_id).update(name="改名后的企业")  # nothing bumps
    assert "改名后的企业" not in page(client, reverse("recruitment:job-search"))
    half = pagecache.settings.XT_PAGE_CACHE_SECONDS / 2  # from then on one process renders the copy again
    clock(half - 1)
    assert "改名后的企业" not in page(client, reverse("recruitment:job-search"))
    clock(pagecache.settings.XT_PAGE_CACHE_SECONDS - (half - 1))
    assert "改名后的企业" in page(client, reverse("recruitment:job-search"))  # never older than the stated time


def test_keyword_pages_are_cached_per_keyword_and_see_new_postings(client, django_capture_on_commit_callbacks):
    PostingFactory(title="会计主管", occupation="会计")
    assert "会计主管" in page(client, reverse("recruitment:job-search"), q="会计")
    assert "会计主管" not in page(client, reverse("recruitment:job-search"), q="焊工")
    with django_capture_on_commit_callbacks(execute=True):
        PostingFactory(title="电焊工", occupation="焊工")
    assert "电焊工" in page(client, reverse("recruitment:job-search"), q="焊工")
    # unknown parameters neither split the cache nor leak into the pager's links
    body = page(client, reverse("recruitment:job-search"), q="焊工", utm_source="poster")
    assert "utm_source" not in body


def test_a_withdrawn_posting_is_gone_at_once(client, django_capture_on_commit_callbacks):
    posting = PostingFactory(title="仓管员丙")
    url = reverse("recruitment:job-detail", args=[posting.pk])
    assert "仓管员丙" in page(client, url)
    with django_capture_on_commit_callbacks(execute=True):
        posting.is_active = False
        posting.save()
    assert client.get(url).status_code == 404


def test_a_published_or_closed_event_shows_at_once_places_left_within_the_stated_time(client, clock, city_officer,
                                                                                   django_capture_on_commit_callbacks):
    shown = EventFactory(title="春风行动招聘会", capacity=2)
    draft = EventFactory(title="夜市招聘会", status=Event.Status.DRAFT)
    url = reverse("recruitment:event-list")
    body = page(client, url)
    assert "春风行动招聘会" in body and "夜市招聘会" not in body
    with django_capture_on_commit_callbacks(execute=True):
        services.event_set_status(event=draft, status=Event.Status.PUBLISHED, actor=city_officer)
    assert "夜市招聘会" in page(client, url)
    detail = reverse("recruitment:event-detail", args=[shown.pk])
    assert "剩余 2 / 共 2" in page(client, detail)
    with django_capture_on_commit_callbacks(execute=True):
        register(shown, 2)  # fills the capacity: registrations do not bump the version
    half = pagecache.settings.XT_PAGE_CACHE_SECONDS / 2  # from then on one process renders the copy again
    clock(half - 1)
    assert "剩余 2 / 共 2" in page(client, detail)  # places left: up to the stated time old
    clock(pagecache.settings.XT_PAGE_CACHE_SECONDS - (half - 1))
    assert "剩余 0 / 共 2" in page(client, detail)
    with django_capture_on_commit_callbacks(execute=True):
        services.event_set_status(event=shown, status=Event.Status.ONGOING, actor=city_officer)
        services.event_set_status(event=shown, status=Event.Status.CLOSED, actor=city_officer)
    assert "报名已关闭。" in page(client, detail)  # closing: at once


def test_an_approved_employer_shows_at_once_on_the_event_page(client, enterprise, city_officer, django_capture_on_commit_callbacks):
    event = EventFactory()
    url = reverse("recruitment:event-detail", args=[event.pk])
    assert enterprise.name not in page(client, url)
    participant = services.participant_signup(event=event, enterprise=enterprise, actor=None)
    with django_capture_on_commit_callbacks(execute=True):
        services.participant_decide(participant=participant, approve=True, actor=city_officer)
    assert enterprise.name in page(client, url)


def test_each_visitor_gets_their_own_csrf_token_and_registration_is_never_cached():
    event = EventFactory(capacity=5)
    url = reverse("recruitment:event-detail", args=[event.pk])
    tokens = []
    for _ in range(2):
        visitor = Client(enforce_csrf_checks=True)
        body = visitor.get(url).content.decode()
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', body).group(1)
        tokens.append(token)
        response = visitor.post(url, {"csrfmiddlewaretoken": token, "name": "王五", "phone": f"1390000{len(tokens):04d}",
                                      "education": "senior", "wanted_occupation": "普工"})
        assert response.status_code == 302 and "/events/t/" in response["Location"]
    assert tokens[0] != tokens[1]
    assert Event.objects.get(pk=event.pk).confirmed_count == 2


def test_signed_in_users_and_visitors_with_a_session_get_fresh_pages(client, login, enterprise_user):
    posting = PostingFactory(title="客服专员丁")
    url = reverse("recruitment:job-search")
    assert "客服专员丁" in page(client, url)
    JobPosting.objects.filter(pk=posting.pk).update(title="客服专员戊")  # nothing bumps
    assert "客服专员戊" not in page(client, url)
    assert "客服专员戊" in page(login(enterprise_user), url)
    with_session = Client()
    with_session.cookies["sessionid"] = "x"
    assert "客服专员戊" in page(with_session, url)


def test_another_process_sees_a_bump_within_the_version_interval(client, clock):
    posting = PostingFactory(title="讲解员己")
    url = reverse("recruitment:job-search")
    assert "讲解员己" in page(client, url)
    JobPosting.objects.filter(pk=posting.pk).update(title="讲解员庚")
    pagecache.cache.set(PAGES.version_key, "bumped-elsewhere", None)  # as another process's bump would
    assert "讲解员庚" not in page(client, url)  # this process re-reads the version every 2 s
    clock(pagecache.version_seconds())
    assert "讲解员庚" in page(client, url)


def test_api_lists_are_cached_and_see_new_postings_at_once(api_client, clock, django_capture_on_commit_callbacks):
    PostingFactory(title="保安甲")
    assert [r["title"] for r in api_client.get("/api/v1/recruitment/postings/").json()["results"]] == ["保安甲"]
    with django_capture_on_commit_callbacks(execute=True):
        PostingFactory(title="保安乙", valid_from=timezone.localdate())
    assert {r["title"] for r in api_client.get("/api/v1/recruitment/postings/").json()["results"]} == {"保安甲", "保安乙"}
    event = EventFactory(capacity=3)
    assert api_client.get("/api/v1/recruitment/events/").json()["results"][0]["places_left"] == 3
    register(event, 1)
    assert api_client.get("/api/v1/recruitment/events/").json()["results"][0]["places_left"] == 3
    clock(pagecache.settings.XT_PAGE_CACHE_SECONDS)
    assert api_client.get("/api/v1/recruitment/events/").json()["results"][0]["places_left"] == 2


def test_pages_roll_over_with_the_day(client, monkeypatch):
    PostingFactory(title="厨师辛", valid_from=timezone.localdate() - dt.timedelta(days=5), valid_to=timezone.localdate())
    url = reverse("recruitment:job-search")
    assert "厨师辛" in page(client, url)
    tomorrow = timezone.localdate() + dt.timedelta(days=1)
    monkeypatch.setattr(portal_clock, "today", lambda: tomorrow)  # the one seam: the page key and the selector follow
    assert "厨师辛" not in page(client, url)
