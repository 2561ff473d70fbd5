"""Intake: the public form, the API, validation, double submit, rate limits, captcha, tracking."""

from __future__ import annotations

import re
import uuid

import pytest
from django.test import Client

from tests.wage_arrears.conftest import ELF_BYTES, form_data, png_bytes, upload
from wage_arrears.models import Channel, Complaint, Evidence, Status
from wage_arrears.rules import CODE_ALPHABET

pytestmark = pytest.mark.django_db
API = "/api/v1/wage-arrears/complaints/"
STATUS_API = "/api/v1/wage-arrears/complaints/status/"


def test_qr_url_prefills_region_and_site(client, region_a):
    from wage_arrears.models import Site

    site = Site.objects.create(name="襄都花园三期", address="中华大街100号", employer_name="邢台宏达建筑工程有限公司",
                               region=region_a)
    page = client.get(f"/complaints/new/?region=130503&site={site.token}").content.decode()
    assert 'value="130502" selected' in page  # the site's region wins
    assert "邢台宏达建筑工程有限公司" in page and site.token in page
    page = client.get("/complaints/new/?region=130503").content.decode()
    assert 'value="130503" selected' in page


def test_form_submission_gives_a_readable_unguessable_code_and_stores_evidence(client, region_a):
    data = form_data(evidence=[upload("工资条.png", png_bytes(), "image/png")])
    response = client.post("/complaints/new/", data)
    assert response.status_code == 302
    complaint = Complaint.objects.get()
    code = complaint.tracking_code
    assert code.startswith("QX-") and len(code) == 12
    assert all(ch in CODE_ALPHABET for ch in code[3:].replace("-", ""))
    assert complaint.channel == Channel.QR and complaint.status == Status.SUBMITTED
    assert complaint.department.code == "housing"  # construction → 住建
    evidence = Evidence.objects.get()
    assert evidence.content_type == "image/png"
    assert "工资条" not in evidence.file.name and evidence.original_name == "工资条.png"
    assert client.get("/" + evidence.file.name).status_code == 404  # private storage: never at a public URL
    done = client.get(response["Location"]).content.decode()
    assert code in done


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"complainant_name": ""}, "complainant_name"),
        ({"complainant_phone": "12345"}, "complainant_phone"),
        ({"complainant_id_number": "13050219900517123"}, "complainant_id_number"),
        ({"employer_name": ""}, "employer_name"),
        ({"amount_owed": "0"}, "amount_owed"),
        ({"amount_owed": "-5"}, "amount_owed"),
        ({"amount_owed": "abc"}, "amount_owed"),
        ({"period_end": "2099-01"}, "period_end"),
        ({"period_start": "2024-08", "period_end": "2024-02"}, "period_end"),
        ({"workers_affected": "0"}, "workers_affected"),
        ({"region_code": "999999"}, "region_code"),
        ({"sector": "mining"}, "sector"),
    ],
)
def test_bad_input_gets_a_message_on_the_field_and_nothing_is_stored(api_client, overrides, field):
    response = api_client.post(API, form_data(**overrides), format="multipart")
    assert response.status_code == 400
    assert field in response.json()
    assert Complaint.objects.count() == 0


def test_an_executable_renamed_jpg_is_refused_and_nothing_stored(client):
    response = client.post("/complaints/new/", form_data(evidence=[upload("photo.jpg", ELF_BYTES)]))
    assert response.status_code == 400  # bad input: the form again with the message
    assert "不是照片或 PDF 文件" in response.content.decode()
    assert Complaint.objects.count() == 0 and Evidence.objects.count() == 0


def test_too_many_or_too_large_files_are_refused(api_client, settings):
    ten = [upload(f"p{i}.png", png_bytes(), "image/png") for i in range(10)]
    response = api_client.post(API, form_data(evidence=ten), format="multipart")
    assert response.status_code == 400 and "evidence" in response.json()
    big = upload("big.png", png_bytes() + b"\x00" * (10 * 1024 * 1024), "image/png")
    response = api_client.post(API, form_data(evidence=[big]), format="multipart")
    assert response.status_code == 400 and "10 MB" in response.json()["evidence"][0]
    assert Complaint.objects.count() == 0


def test_api_json_submission_and_double_submit_return_the_same_code(api_client):
    key = str(uuid.uuid4())
    first = api_client.post(API, {**form_data(), "submission_key": key, "workers_affected": 2}, format="json")
    assert first.status_code == 201
    again = api_client.post(API, {**form_data(), "submission_key": key, "workers_affected": 2}, format="json")
    assert again.status_code == 200
    assert again.json()["tracking_code"] == first.json()["tracking_code"]
    assert Complaint.objects.count() == 1


def test_form_double_submit_returns_the_same_code(client):
    key = str(uuid.uuid4())
    client.post("/complaints/new/", form_data(submission_key=key))
    first = client.session["wage_arrears_last_code"]
    client.post("/complaints/new/", form_data(submission_key=key))
    assert client.session["wage_arrears_last_code"] == first
    assert Complaint.objects.count() == 1


def test_tracking_answers_identically_for_wrong_code_and_wrong_digits(api_client, file_complaint):
    complaint = file_complaint()
    ok = api_client.get(STATUS_API, {"code": complaint.tracking_code.lower().replace("-", ""), "phone_last4": "5678"})
    assert ok.status_code == 200
    body = ok.json()
    assert body["status"] == "submitted" and body["steps"][0]["status"] == "submitted"
    assert "李建国" not in ok.content.decode() and "13812345678" not in ok.content.decode()
    wrong_digits = api_client.get(STATUS_API, {"code": complaint.tracking_code, "phone_last4": "0000"})
    wrong_code = api_client.get(STATUS_API, {"code": "QX-2222-2222", "phone_last4": "5678"})
    assert wrong_digits.status_code == wrong_code.status_code == 404
    assert wrong_digits.content == wrong_code.content


def test_tracking_page(client, file_complaint):
    complaint = file_complaint()
    page = client.post("/complaints/track/", {"code": complaint.tracking_code, "phone_last4": "5678"})
    assert "已提交" in page.content.decode() and complaint.department.name in page.content.decode()
    wrong = client.post("/complaints/track/", {"code": complaint.tracking_code, "phone_last4": "1111"})
    wrong2 = client.post("/complaints/track/", {"code": "QX-3333-3333", "phone_last4": "5678"})
    assert "相符的投诉" in wrong.content.decode()
    def same(page, code):
        return re.sub(r'value="[A-Za-z0-9]{64}"', "", page.content.decode().replace(code, "X"))

    assert same(wrong, complaint.tracking_code).replace('value="1111"', "") == same(wrong2, "QX-3333-3333").replace(
        'value="5678"', "")


def test_rate_limit_per_phone_answers_429_with_when_to_retry(api_client, settings):
    settings.RATELIMIT_ENABLE = True
    settings.XT_RATELIMIT_COMPLAINT_PHONE = "2/d"
    for _ in range(2):
        assert api_client.post(API, form_data(), format="json").status_code == 201
    response = api_client.post(API, form_data(), format="json")
    assert response.status_code == 429
    assert "后再试" in response.json()["detail"] and int(response["Retry-After"]) > 0
    other_phone = api_client.post(API, form_data(complainant_phone="13987654321"), format="json")
    assert other_phone.status_code == 201


def test_a_retry_is_never_refused_by_the_phone_limit(api_client, client, settings):
    settings.RATELIMIT_ENABLE = True
    settings.XT_RATELIMIT_COMPLAINT_PHONE = "1/d"
    key = str(uuid.uuid4())
    first = api_client.post(API, {**form_data(), "submission_key": key}, format="json")
    assert first.status_code == 201
    for _ in range(3):  # over the limit now, yet the same submit gets the same code
        again = api_client.post(API, {**form_data(), "submission_key": key}, format="json")
        assert again.status_code == 200 and again.json()["tracking_code"] == first.json()["tracking_code"]
    # a new submit from that phone is refused, through the API and the form alike; nothing is stored
    assert api_client.post(API, {**form_data(), "submission_key": str(uuid.uuid4())}, format="json").status_code == 429
    assert client.post("/complaints/new/", form_data(submission_key=str(uuid.uuid4()))).status_code == 429
    response = client.post("/complaints/new/", form_data(submission_key=key))
    assert response.status_code == 302 and client.session["wage_arrears_last_code"] == first.json()["tracking_code"]
    assert Complaint.objects.count() == 1


def test_rate_limit_per_ip(api_client, settings):
    settings.RATELIMIT_ENABLE = True
    settings.XT_RATELIMIT_COMPLAINT_IP = "2/h"
    api_client.post(API, form_data(), format="json")
    api_client.post(API, form_data(complainant_phone="13987654321"), format="json")
    response = api_client.post(API, form_data(complainant_phone="13711112222"), format="json")
    assert response.status_code == 429 and Complaint.objects.count() == 2


def test_the_api_requires_every_field_but_the_optional_ones(api_client):
    data = {k: v for k, v in form_data().items()
            if k not in ("project_name", "address", "description", "complainant_id_number", "employer_uscc")}
    response = api_client.post(API, data, format="json")
    assert response.status_code == 400
    assert set(response.json()) == {"project_name", "address", "description"}
    assert all("必填" in m for field in response.json().values() for m in field)
    data.update(project_name="襄都花园三期", address="襄都区中华大街100号", description="工资未发")
    assert api_client.post(API, data, format="json").status_code == 201  # ID number and USCC are optional


def test_a_retry_gets_its_code_even_over_the_ip_limit(api_client, settings):
    settings.RATELIMIT_ENABLE = True
    settings.XT_RATELIMIT_COMPLAINT_IP = "2/h"
    key = str(uuid.uuid4())
    first = api_client.post(API, {**form_data(), "submission_key": key}, format="json")
    api_client.post(API, form_data(complainant_phone="13987654321"), format="json")
    again = api_client.post(API, {**form_data(), "submission_key": key}, format="json")
    assert again.status_code == 200 and again.json()["tracking_code"] == first.json()["tracking_code"]
    other_phone = api_client.post(API, {**form_data(complainant_phone="13711112222"), "submission_key": key},
                                  format="json")
    assert other_phone.status_code == 429  # the key with another phone is no retry
    assert Complaint.objects.count() == 2


def test_captcha_appears_only_after_suspicious_volume(client, settings):
    settings.RATELIMIT_ENABLE = True
    settings.XT_COMPLAINT_CAPTCHA_AFTER = 2
    assert "captcha" not in client.get("/complaints/new/").content.decode()
    client.post("/complaints/new/", form_data())
    client.post("/complaints/new/", form_data(complainant_phone="13987654321"))
    assert 'name="captcha_1"' in client.get("/complaints/new/").content.decode()
    response = client.post("/complaints/new/", form_data(complainant_phone="13711112222"))
    assert response.status_code == 400 and Complaint.objects.count() == 2  # no captcha answer: the form again


def test_the_form_needs_csrf():
    client = Client(enforce_csrf_checks=True)
    response = client.post("/complaints/new/", form_data())
    assert response.status_code == 403 and Complaint.objects.count() == 0


def test_employer_is_matched_to_the_registry_by_uscc_or_name(file_complaint, enterprise):
    by_uscc = file_complaint(employer_uscc=enterprise.uscc, employer_name="别名")
    by_name = file_complaint(employer_name=enterprise.name, complainant_phone="13987654321")
    assert by_uscc.enterprise == enterprise and by_name.enterprise == enterprise


def test_a_submission_key_reused_with_another_phone_is_refused(api_client):
    key = str(uuid.uuid4())
    assert api_client.post(API, {**form_data(), "submission_key": key}, format="json").status_code == 201
    response = api_client.post(API, {**form_data(complainant_phone="13987654321"), "submission_key": key},
                               format="json")
    assert response.status_code == 400 and "submission_key" in response.json()
    assert Complaint.objects.count() == 1
