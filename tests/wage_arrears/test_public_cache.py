"""The complaint form and the tracking page come from the page cache for anonymous visitors
(wage_arrears/cache.py, ADR 0013): per-visitor CSRF token and submission key; a site change shows
at once; a visitor who must solve a captcha, and every submission or look-up, is never served from
the cache."""

import re

import pytest
from django.test import Client
from django.urls import reverse

from wage_arrears import protection
from wage_arrears.models import Site

pytestmark = pytest.mark.django_db


def _values(body, name):
    return re.search(rf'name="{name}" value="([^"]+)"', body).group(1)


def test_each_visitor_gets_their_own_submission_key_and_token(django_assert_num_queries):
    url = reverse("wage_arrears:complaint-new") + "?region=130502"
    first = Client().get(url).content.decode()
    with django_assert_num_queries(0):
        second = Client().get(url).content.decode()
    assert _values(first, "submission_key") != _values(second, "submission_key")
    assert _values(first, "csrfmiddlewaretoken") != _values(second, "csrfmiddlewaretoken")
    from wage_arrears.cache import SUBMISSION_KEY_SENTINEL

    assert SUBMISSION_KEY_SENTINEL not in first + second
    assert 'value="130502"' in first and 'selected' in first


def test_a_site_change_shows_at_once_on_its_qr_form(region_a, django_capture_on_commit_callbacks):
    site = Site.objects.create(name="滨江花园二期", region=region_a, employer_name="邢台建工集团", address="邢台市襄都区")
    url = reverse("wage_arrears:complaint-new") + f"?site={site.token}"
    assert "滨江花园二期" in Client().get(url).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        site.name = "滨江花园三期"
        site.save()
    assert "滨江花园三期" in Client().get(url).content.decode()


def test_a_visitor_with_a_captcha_to_solve_gets_a_fresh_form(client, settings, monkeypatch):
    url = reverse("wage_arrears:complaint-new")
    assert "captcha" not in client.get(url).content.decode().lower()
    monkeypatch.setattr(protection, "captcha_required", lambda request: True)
    assert 'name="captcha_1"' in client.get(url).content.decode()


def test_tracking_page_is_cached_but_look_ups_are_not(client, django_assert_num_queries):
    url = reverse("wage_arrears:complaint-track")
    client.get(url)
    with django_assert_num_queries(0):
        body = client.get(url).content.decode()
    response = client.post(url, {"code": "XX0000000000", "phone_last4": "1234", "csrfmiddlewaretoken": _values(body, "csrfmiddlewaretoken")})
    assert response.status_code in (200, 400) and response.content.decode() != body
