"""Issue 15, the complaint journey without dead ends: evidence kept after a validation error, the
captcha readable with "换一张", Chinese alt text and a text alternative, the done page's "查询进度"
filling in the code, and the tracking page naming the department that actually handles the case."""

from __future__ import annotations

import re

import pytest
from captcha.models import CaptchaStore
from django.test import Client

from tests.wage_arrears.conftest import form_data, png_bytes, upload
from wage_arrears import pending, protection
from wage_arrears.models import Complaint, DepartmentContact, Evidence

pytestmark = pytest.mark.django_db
NEW = "/complaints/new/"


def _token(page: str) -> str:
    found = re.search(r'name="kept_evidence" value="([^"]*)"', page)
    return found.group(1) if found else ""


def test_evidence_is_kept_after_a_validation_error_and_stored_with_the_complaint(client):
    photo = png_bytes()
    first = client.post(NEW, form_data(amount_owed="abc", evidence=[upload("工资条.png", photo, "image/png")]))
    assert first.status_code == 400
    page = first.content.decode()
    assert "工资条.png" in page and "无需重新上传" in page
    token = _token(page)
    assert token and Complaint.objects.count() == 0 and Evidence.objects.count() == 0
    second = client.post(NEW, form_data(kept_evidence=token))  # nothing attached again
    assert second.status_code == 302
    evidence = Evidence.objects.get()
    assert evidence.original_name == "工资条.png" and evidence.content_type == "image/png"
    assert evidence.file.read() == photo
    assert pending.SESSION_KEY not in client.session  # dropped once stored


def test_kept_and_new_files_are_stored_together_within_the_limit(client):
    first = client.post(NEW, form_data(complainant_name="", evidence=[upload("a.png", png_bytes(), "image/png")]))
    token = _token(first.content.decode())
    second = client.post(NEW, form_data(kept_evidence=token, evidence=[upload("b.png", png_bytes(), "image/png")]))
    assert second.status_code == 302
    assert sorted(Evidence.objects.values_list("original_name", flat=True)) == ["a.png", "b.png"]


def test_kept_files_can_be_removed(client):
    first = client.post(NEW, form_data(complainant_name="", evidence=[upload("a.png", png_bytes(), "image/png")]))
    token = _token(first.content.decode())
    assert client.post(NEW, form_data(kept_evidence=token, drop_kept="1")).status_code == 302
    assert Evidence.objects.count() == 0


def test_another_session_cannot_attach_kept_files(client):
    first = client.post(NEW, form_data(complainant_name="", evidence=[upload("a.png", png_bytes(), "image/png")]))
    token = _token(first.content.decode())
    other = Client()
    assert other.post(NEW, form_data(kept_evidence=token)).status_code == 302
    assert Evidence.objects.count() == 0  # the token is bound to the session that kept the files


def test_a_refused_file_is_not_kept(client):
    from tests.wage_arrears.conftest import ELF_BYTES

    response = client.post(NEW, form_data(evidence=[upload("photo.jpg", ELF_BYTES)]))
    assert response.status_code == 400 and _token(response.content.decode()) == ""


# --- the captcha ----------------------------------------------------------------------------------


@pytest.fixture
def captcha_on(monkeypatch):
    monkeypatch.setattr(protection, "captcha_required", lambda request: True)


def _key(page: str) -> str:
    return re.search(r'name="captcha_0" value="([^"]+)"', page).group(1)


def test_the_captcha_is_large_with_chinese_alt_text_and_a_new_picture_button(client, captcha_on):
    page = client.get(NEW).content.decode()
    img = re.search(r'<img src="/captcha/image/[^"]+"[^>]*>', page).group(0)
    assert 'width="200"' in img and 'alt="验证码图片' in img
    assert 'name="captcha_refresh"' in page and "换一张" in page
    picture = client.get(re.search(r'src="(/captcha/image/[^"]+)"', img).group(1))
    import io

    from PIL import Image

    assert Image.open(io.BytesIO(picture.content)).size[1] >= 72
    store = CaptchaStore.objects.get(hashkey=_key(page))
    assert set(store.challenge) <= set(protection.READABLE_ALPHABET)


def test_a_new_picture_keeps_what_was_typed_and_the_evidence(client, captcha_on):
    first_key = _key(client.get(NEW).content.decode())
    response = client.post(NEW, form_data(captcha_0=first_key, captcha_1="", captcha_refresh="1", employer_name="宏达建筑",
                                          evidence=[upload("a.png", png_bytes(), "image/png")]))
    assert response.status_code == 200
    page = response.content.decode()
    assert _key(page) != first_key and "宏达建筑" in page and "a.png" in page
    assert 'class="errorlist"' not in page  # nothing was checked
    assert Complaint.objects.count() == 0


def test_the_text_question_is_an_alternative_that_works_without_a_picture(client, captcha_on):
    page = client.post(NEW, form_data(captcha_mode="text")).content.decode()
    question = re.search(r'class="captcha-question"[^>]*>([^<]+)<', page).group(1)
    a, b = map(int, re.findall(r"\d+", question))
    assert "<img" not in page.split('class="captcha-box"')[1].split("</div>")[0]
    wrong = client.post(NEW, form_data(captcha_0=_key(page), captcha_1=str(a + b + 1), captcha_text="1"))
    assert wrong.status_code == 400 and Complaint.objects.count() == 0
    page = wrong.content.decode()
    assert 'class="captcha-question"' in page  # the choice is kept
    a, b = map(int, re.findall(r"\d+", re.search(r'class="captcha-question"[^>]*>([^<]+)<', page).group(1)))
    ok = client.post(NEW, form_data(captcha_0=_key(page), captcha_1=str(a + b), captcha_text="1"))
    assert ok.status_code == 302 and Complaint.objects.count() == 1


# --- done → tracking ------------------------------------------------------------------------------


def test_the_status_button_on_the_done_page_fills_in_the_code(client):
    client.post(NEW, form_data())
    code = Complaint.objects.get().tracking_code
    page = client.get("/complaints/track/").content.decode()
    assert f'value="{code}"' in page and "autofocus" in page
    assert f'value="{code}"' not in Client().get("/complaints/track/").content.decode()


def _track(client, complaint):
    return client.post("/complaints/track/", {"code": complaint.tracking_code, "phone_last4": complaint.complainant_phone[-4:]})


def test_a_housing_case_shows_the_housing_departments_contact(client, region_a):
    from xingtai_jobs.core.models import Department

    client.post(NEW, form_data())  # construction → 住建
    complaint = Complaint.objects.get()
    assert complaint.department.code == "housing"
    page = _track(client, complaint).content.decode()
    assert "劳动保障监察大队" not in page  # not the HR bureau's inspection team
    assert "住建" in page
    DepartmentContact.objects.create(region=region_a, department=Department.objects.get(code="housing"),
                                     phone="0319-2222333", address="襄都区住建局信访室")
    page = _track(client, complaint).content.decode()
    assert "0319-2222333" in page and "襄都区住建局信访室" in page


def test_an_hr_case_shows_the_inspection_team(client, region_a):
    client.post(NEW, form_data(sector="manufacturing"))
    complaint = Complaint.objects.get()
    if complaint.department.code != "hrss":
        pytest.skip("manufacturing is routed elsewhere in this policy")
    page = _track(client, complaint).content.decode()
    assert "劳动保障监察大队" in page
