"""Production refuses a weak signing key at start-up; staff sessions end after the idle time,
citizens' and enterprises' sessions do not."""

from __future__ import annotations

import time

import pytest

from tests.core.test_settings_env import _manage
from xingtai_jobs.core.staff_sessions import LAST_SEEN_KEY

PROD = {"DJANGO_ALLOWED_HOSTS": "jobs.example.gov.cn"}


@pytest.mark.parametrize("key", ["x", "short-but-random-Zq81", "a" * 64, "abcd" * 20])
def test_production_refuses_a_weak_secret_key_with_a_clear_message(key):
    result = _manage("check", DJANGO_SECRET_KEY=key, **PROD)
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY is too weak" in result.stderr and "at least 50" in result.stderr


def test_production_starts_with_a_strong_secret_key():
    result = _manage("check", DJANGO_SECRET_KEY="k7Hq2-Zp9vXw3LmN8rT5yB1cF6gJ4dS0aE_uIoPlKjMnBvCxZ-wQe4R", **PROD)
    assert result.returncode == 0, result.stderr[-2000:]


def _age_session(client, minutes: float) -> None:
    session = client.session
    session[LAST_SEEN_KEY] = time.time() - minutes * 60
    session.save()


def test_a_staff_session_ends_after_the_idle_time(login, county_officer):
    client = login(county_officer)
    assert client.get("/admin/").status_code == 200
    _age_session(client, 29)
    assert client.get("/admin/").status_code == 200  # a request within the idle time keeps it
    _age_session(client, 31)
    response = client.get("/admin/")
    assert response.status_code == 302 and "/admin/login/" in response["Location"]
    assert "_auth_user_id" not in client.session
    assert client.get("/staff/wage-arrears/").status_code in (302, 403)


def test_the_idle_time_is_a_setting(login, city_officer, settings):
    settings.XT_STAFF_IDLE_MINUTES = 5
    client = login(city_officer)
    client.get("/admin/")
    _age_session(client, 6)
    assert client.get("/admin/").status_code == 302


def test_citizen_and_enterprise_sessions_keep_their_normal_age(login, enterprise_user):
    client = login(enterprise_user)
    client.get("/enterprise/recruitment/")
    _age_session(client, 120)
    assert client.get("/enterprise/recruitment/").status_code == 200
    assert client.session.get("_auth_user_id") == str(enterprise_user.pk)
