"""Simplified Chinese by default whatever the browser prefers; English when chosen with the
switcher; the API also follows Accept-Language."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.django_db

STATUS_API = "/api/v1/wage-arrears/complaints/status/"


def test_pages_are_chinese_even_for_an_english_browser(client):
    page = client.get("/", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9").content.decode()
    assert '<html lang="zh-Hans">' in page and "邢台市人力资源和社会保障局" in page


def test_the_switcher_turns_english_on_and_off(client):
    response = client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    assert response.status_code == 302
    page = client.get("/").content.decode()
    assert '<html lang="en">' in page and "Xingtai Human Resources and Social Security Bureau" in page
    client.post("/i18n/setlang/", {"language": "zh-hans", "next": "/"})
    assert '<html lang="zh-Hans">' in client.get("/", HTTP_ACCEPT_LANGUAGE="en").content.decode()


def test_an_unknown_language_cookie_falls_back_to_chinese(client, settings):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "xx"
    assert '<html lang="zh-Hans">' in client.get("/").content.decode()


def test_the_api_answers_in_the_language_the_client_asks_for(client):
    english = client.get(STATUS_API, {"code": "QX-2222-2222", "phone_last4": "0000"}, HTTP_ACCEPT_LANGUAGE="en")
    chinese = client.get(STATUS_API, {"code": "QX-2222-2222", "phone_last4": "0000"})
    assert english.status_code == chinese.status_code == 404
    assert english.json()["detail"].startswith("No complaint matches")
    assert english.json()["detail"] != chinese.json()["detail"]
