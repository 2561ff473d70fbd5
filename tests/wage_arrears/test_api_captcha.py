"""The captcha guards the complaint API as well as the form: after suspicious volume from one
address (counted over the form and the API together) an API submit gets 400 with a challenge -
a key and an image URL - which the client answers with ``captcha_key`` and ``captcha_value``.
Each key answers once. ``XT_RATELIMIT_ENABLE=false`` switches the captcha off, form and API alike."""

from __future__ import annotations

import pytest
from captcha.models import CaptchaStore

from tests.wage_arrears.conftest import form_data
from wage_arrears.models import Complaint

pytestmark = pytest.mark.django_db
API = "/api/v1/wage-arrears/complaints/"
PHONES = ["13812345678", "13987654321", "13711112222", "13600001111", "13500002222"]


@pytest.fixture
def captcha_after_two(settings):
    settings.RATELIMIT_ENABLE = True
    settings.XT_COMPLAINT_CAPTCHA_AFTER = 2


def _challenged(response) -> dict:
    assert response.status_code == 400, response.content
    body = response.json()
    assert body["captcha"] and "验证码" in body["captcha"][0]
    assert body["captcha_key"] and body["captcha_image_url"].endswith(f"/captcha/image/{body['captcha_key']}/")
    return body


def test_the_api_is_challenged_after_volume_and_a_right_answer_passes(api_client, client, captcha_after_two):
    for phone in PHONES[:2]:
        assert api_client.post(API, form_data(complainant_phone=phone), format="json").status_code == 201
    body = _challenged(api_client.post(API, form_data(complainant_phone=PHONES[2]), format="json"))
    assert Complaint.objects.count() == 2  # nothing stored without the answer
    image = client.get(body["captcha_image_url"])
    assert image.status_code == 200 and image["Content-Type"] == "image/png"
    answer = CaptchaStore.objects.get(hashkey=body["captcha_key"]).response
    ok = api_client.post(API, {**form_data(complainant_phone=PHONES[2]), "captcha_key": body["captcha_key"],
                               "captcha_value": answer.upper()}, format="json")
    assert ok.status_code == 201 and Complaint.objects.count() == 3
    # the key answered once: used again it is refused with a fresh challenge
    again = _challenged(api_client.post(API, {**form_data(complainant_phone=PHONES[3]), "captcha_key": body["captcha_key"],
                                              "captcha_value": answer}, format="json"))
    assert again["captcha_key"] != body["captcha_key"]
    # a wrong answer burns its key too
    wrong = _challenged(api_client.post(API, {**form_data(complainant_phone=PHONES[3]), "captcha_key": again["captcha_key"],
                                              "captcha_value": "zzzz-wrong"}, format="json"))
    assert not CaptchaStore.objects.filter(hashkey=again["captcha_key"]).exists() and wrong["captcha_key"]
    assert Complaint.objects.count() == 3


def test_form_submissions_count_for_the_api_and_api_submissions_for_the_form(api_client, client, captcha_after_two):
    for phone in PHONES[:2]:
        assert client.post("/complaints/new/", form_data(complainant_phone=phone)).status_code == 302
    _challenged(api_client.post(API, form_data(complainant_phone=PHONES[2]), format="json"))

    from django.core.cache import cache

    cache.clear()
    for phone in PHONES[2:4]:
        assert api_client.post(API, form_data(complainant_phone=phone), format="json").status_code == 201
    assert 'name="captcha_1"' in client.get("/complaints/new/").content.decode()


def test_the_public_form_switch_turns_the_captcha_off_for_the_api_too(api_client, client, settings):
    settings.RATELIMIT_ENABLE = False
    settings.XT_COMPLAINT_CAPTCHA_AFTER = 1
    for phone in PHONES[:3]:
        assert api_client.post(API, form_data(complainant_phone=phone), format="json").status_code == 201
    assert "captcha" not in client.get("/complaints/new/").content.decode()
