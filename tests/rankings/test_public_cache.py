"""The public job-demand table (/job-demand/) from the page cache, keeping what rankings/cache.py
states: a filing shows at once; filters are part of the key, other parameters are ignored;
a bad filter shows its error and is never cached."""

import datetime as dt
import re
from decimal import Decimal

import pytest
from django.urls import reverse

from rankings import services

pytestmark = pytest.mark.django_db
URL = "/job-demand/"


def total(client, params=None) -> int:
    response = client.get(URL, params or {})
    assert response.status_code == 200
    return int(re.search(r"<caption>[^<]*?(\d+)</caption>", response.content.decode()).group(1))


def file(enterprise, actor, *, year, quarter, headcount):
    services.job_demand_file(enterprise=enterprise, actor=actor, year=year, quarter=quarter, occupation="焊工", headcount=headcount,
                             education="any", skill_level="none", pay_min=Decimal("3000"), pay_max=Decimal("5000"))


def test_a_filing_shows_at_once_and_filters_are_their_own_pages(client, enterprise, city_officer, django_assert_num_queries,
                                                                 django_capture_on_commit_callbacks):
    assert reverse("rankings:public-job-demand") == URL
    year = dt.date.today().year
    assert total(client) == 0
    with django_assert_num_queries(0):
        assert total(client, {"utm_source": "poster"}) == 0  # the cached page: unknown parameters are ignored
    with django_capture_on_commit_callbacks(execute=True):
        file(enterprise, city_officer, year=year, quarter=1, headcount=7)
    assert total(client) == 7  # bumped on commit
    with django_capture_on_commit_callbacks(execute=True):
        file(enterprise, city_officer, year=year, quarter=2, headcount=5)
    assert total(client) == 12
    assert total(client, {"year": year, "quarter": 2}) == 5
    assert total(client, {"year": year - 1}) == 0
    with django_assert_num_queries(0):
        assert total(client, {"year": year, "quarter": 2}) == 5


def test_a_bad_filter_shows_its_error_and_is_not_cached(client, enterprise, city_officer, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        file(enterprise, city_officer, year=dt.date.today().year, quarter=1, headcount=3)
    for _ in range(2):
        bad = client.get(URL, {"year": "abc", "quarter": "9"}).content.decode()
        assert 'class="errorlist' in bad
    assert 'class="errorlist' not in client.get(URL).content.decode()
    assert total(client) == 3
