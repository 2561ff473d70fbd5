"""The public register without a period in the URL (``/measures/``, ``/measures/<n>/``,
``/api/v1/measures/``: the links on posters and the home page) from the page cache, keeping what
measures/cache.py states: the default period is resolved only when the page is rendered, a change
of the register or of a yearly target shows at once, other apps' data within
XT_MEASURES_CACHE_SECONDS."""

import datetime as dt
from decimal import Decimal

import pytest

from measures import selectors
from measures.cache import PUBLIC
from recruitment.models import InternshipPost
from tests.factories import EnterpriseFactory
from tests.measures.helpers import at
from xingtai_jobs.core import pagecache, policy

pytestmark = pytest.mark.django_db
API = "/api/v1/measures/"


@pytest.fixture
def clock(monkeypatch):
    now = [1_000_000.0]
    monkeypatch.setattr(pagecache, "clock", lambda: now[0])

    def advance(seconds):
        now[0] += seconds

    return advance


@pytest.fixture
def default_year_calls(monkeypatch):
    calls = []
    real = selectors.default_year

    def counted(*args, **kwargs):
        calls.append(1)
        return real(*args, **kwargs)

    monkeypatch.setattr(selectors, "default_year", counted)
    return calls


def internship_value(client) -> int | None:
    body = client.get(API).json()
    return next(i for m in body for i in m["indicators"] if i["code"] == "internship_posts")["value"]


def selected_year(html: str) -> str:
    return html.split('<select id="m-year" name="year">', 1)[1].split(" selected>", 1)[1][:4]


def test_default_period_pages_are_served_without_resolving_the_period(client, default_year_calls, django_assert_num_queries):
    for url in ("/measures/", "/measures/12/", API):
        assert client.get(url).status_code == 200
    rendered = len(default_year_calls)
    assert rendered == 3  # once per page, when it is rendered
    with django_assert_num_queries(0):
        for url in ("/measures/", "/measures/12/", API):
            assert client.get(url).status_code == 200
    assert len(default_year_calls) == rendered  # the cached answers did not read the policy figures


def test_a_new_yearly_target_moves_the_default_year_at_once(client, city_officer, django_capture_on_commit_callbacks):
    year = selectors.default_year()
    assert selected_year(client.get("/measures/").content.decode()) == str(year)
    assert {i["year"] for m in client.get(API).json() for i in m["indicators"]} == {year}
    with django_capture_on_commit_callbacks(execute=True):
        policy.add_period(key="measures.internship_posts", actor=city_officer, value=6000, valid_from=dt.date(year + 1, 1, 1),
                          valid_to=dt.date(year + 1, 12, 31), source="邢人社办〔2025〕1号 测试", confirmed=True)
    assert selected_year(client.get("/measures/").content.decode()) == str(year + 1)
    assert "6000" in client.get("/measures/12/").content.decode()
    api_row = next(i for m in client.get(API).json() for i in m["indicators"] if i["code"] == "internship_posts")
    assert (api_row["year"], api_row["target"]) == (year + 1, 6000)


def test_other_apps_data_shows_within_the_stated_time(client, clock, region_a):
    assert PUBLIC.seconds == 300  # XT_MEASURES_CACHE_SECONDS, as measures/cache.py states
    assert selectors.default_year() == 2024  # the shipped targets are 2024's
    before = internship_value(client)
    InternshipPost.objects.create(host=EnterpriseFactory(region=region_a), title="见习", positions=700, duration_months=6,
                                  stipend=Decimal("1900"), region=region_a, status=InternshipPost.Status.APPROVED,
                                  approved_at=at(2024, 9, 1))
    assert internship_value(client) == before  # recruitment's writes do not touch this cache
    clock(PUBLIC.seconds / 2 - 1)  # from half its life on, one process renders the copy again
    assert internship_value(client) == before
    clock(PUBLIC.seconds / 2 + 1)
    assert internship_value(client) == (before or 0) + 700  # never older than the stated time


def test_bad_period_parameters_are_still_refused_by_the_api(client):
    for params in ({"year": ""}, {"as_of": ""}, {"year": "abc"}):
        assert client.get(API, params).status_code == 400
        assert client.get("/measures/", params).status_code == 200
