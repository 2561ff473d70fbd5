"""Issue 11 item 10 / brief harden 3: a new captcha challenge ("换一张", the text question, the form
opened with a captcha, django-simple-captcha's /captcha/refresh/) is counted per client address
under the one declared limit (``wage.captcha_refresh.ip`` in ``core/ratelimits.py``); over it the
form comes back with 429, what was typed kept, and no new challenge is stored."""

from __future__ import annotations

import pytest
from captcha.models import CaptchaStore

from tests.wage_arrears.conftest import form_data
from wage_arrears import protection
from wage_arrears.models import Complaint
from xingtai_jobs.core import ratelimits

pytestmark = pytest.mark.django_db
NEW = "/complaints/new/"
XHR = {"HTTP_X_REQUESTED_WITH": "XMLHttpRequest"}


@pytest.fixture
def limited(settings, monkeypatch):
    settings.RATELIMIT_ENABLE = True
    settings.XT_RATELIMIT_CAPTCHA_REFRESH_IP = "3/h"
    monkeypatch.setattr(protection, "captcha_required", lambda request: True)


def test_the_limit_is_declared_once_in_the_kernel():
    limit = ratelimits.BY_GROUP["wage.captcha_refresh.ip"]
    assert limit.setting == "XT_RATELIMIT_CAPTCHA_REFRESH_IP" and ratelimits.RATE_SHAPE.match(limit.default)


def test_new_pictures_are_refused_over_the_limit_with_the_typed_data_kept(client, limited):
    assert client.get(NEW).status_code == 200  # the form with its first picture counts one
    for _ in range(2):
        assert client.post(NEW, form_data(captcha_refresh="1", employer_name="宏达建筑")).status_code == 200
    stored = CaptchaStore.objects.count()
    assert stored == 3
    over = client.post(NEW, form_data(captcha_refresh="1", employer_name="宏达建筑"))
    assert over.status_code == 429
    page = over.content.decode()
    assert "分钟后再试" in page  # the retry message, in Chinese
    assert "宏达建筑" in page and 'name="captcha_0"' not in page
    assert CaptchaStore.objects.count() == stored  # no new challenge drawn
    # the text question and reopening the form are new challenges too
    assert client.post(NEW, form_data(captcha_mode="text")).status_code == 429
    assert client.get(NEW).status_code == 429
    assert CaptchaStore.objects.count() == stored and Complaint.objects.count() == 0


def test_the_json_refresh_view_is_limited_too(client, limited):
    for _ in range(3):
        response = client.get("/captcha/refresh/", **XHR)
        assert response.status_code == 200 and response.json()["key"]
    over = client.get("/captcha/refresh/", **XHR)
    assert over.status_code == 429 and int(over["Retry-After"]) > 0 and over.json()["retry_after"] > 0


def test_another_address_is_not_affected_and_the_switch_turns_the_limit_off(client, limited, settings):
    for _ in range(4):
        client.post(NEW, form_data(captcha_refresh="1"))
    assert client.post(NEW, form_data(captcha_refresh="1"), REMOTE_ADDR="198.51.100.7").status_code == 200
    settings.RATELIMIT_ENABLE = False
    assert all(client.get("/captcha/refresh/", **XHR).status_code == 200 for _ in range(5))


def test_submitting_is_not_counted_as_a_new_picture(client, limited):
    """A submit (with a wrong answer) is bounded by the complaint limit, not this one."""
    for _ in range(5):
        assert client.post(NEW, form_data(captcha_0="x", captcha_1="y")).status_code == 400
    assert client.post(NEW, form_data(captcha_refresh="1")).status_code == 200
