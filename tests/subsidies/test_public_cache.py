"""The public notice pages come from the page cache (subsidies/cache.py, ADR 0013): a published
notice shows at once; each visitor gets their own CSRF token and objection key; objections are
never answered from the cache."""

import re

import pytest
from django.test import Client
from django.urls import reverse

from subsidies.models import PublicNotice
from tests.subsidies.test_pages import _publish, screened  # noqa: F401 - fixture

pytestmark = pytest.mark.django_db


def test_a_published_notice_shows_at_once_on_the_list(screened, city_officer, enterprise, client,  # noqa: F811
                                                      django_capture_on_commit_callbacks, django_assert_num_queries):
    url = reverse("subsidies:notice_list")
    before = client.get(url).content.decode()
    with django_assert_num_queries(0):  # served from the cache: no query, no template
        assert client.get(url).content.decode().count("<li") == before.count("<li")
    with django_capture_on_commit_callbacks(execute=True):
        notice = _publish(screened, city_officer, [enterprise])
    body = client.get(url).content.decode()
    assert reverse("subsidies:notice_detail", args=[notice.pk]) in body
    assert reverse("subsidies:notice_detail", args=[notice.pk]) not in before


def test_notice_detail_per_visitor_keys_and_a_closed_notice_at_once(screened, city_officer, enterprise, client,  # noqa: F811
                                                                     django_capture_on_commit_callbacks):
    notice = _publish(screened, city_officer, [enterprise])
    url = reverse("subsidies:notice_detail", args=[notice.pk])
    keys, tokens = set(), set()
    for _ in range(2):
        body = Client().get(url).content.decode()
        keys.add(re.search(r'name="submit_key" value="([^"]+)"', body).group(1))
        tokens.add(re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', body).group(1))
    assert len(keys) == 2 and len(tokens) == 2 and "XT-SUBSIDIES" not in "".join(keys)
    assert 'name="application"' in client.get(url).content.decode()  # the objection form while open
    with django_capture_on_commit_callbacks(execute=True):
        notice.status = PublicNotice.Status.CLOSED
        notice.save()
    assert 'name="application"' not in client.get(url).content.decode()
