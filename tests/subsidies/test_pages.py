"""Pages and API over HTTP: who sees what, masking, PDFs, query counts."""

from __future__ import annotations

import datetime as dt
import subprocess
from decimal import Decimal

import pytest
from django.urls import reverse

from subsidies import services
from subsidies.models import Application, BankAccount
from tests.factories import UserFactory
from tests.subsidies.factories import eligible_enterprise
from xingtai_jobs.core.models import AuditEvent, User

S = Application.State


def _pdf_text(content: bytes, tmp_path) -> str:
    path = tmp_path / "doc.pdf"
    path.write_bytes(content)
    return subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, check=True, text=True).stdout


@pytest.fixture
def screened(round_, enterprise, other_enterprise):
    eligible_enterprise(enterprise=enterprise)
    eligible_enterprise(enterprise=other_enterprise)
    services.screening_run(round_=round_)
    return round_


def test_enterprise_sees_only_its_own_items(screened, login, enterprise_user, enterprise, other_enterprise):
    client = login(enterprise_user)
    page = client.get(reverse("subsidies:portal"))
    assert page.status_code == 200
    assert "7200.00" in page.content.decode()
    own = Application.objects.get(enterprise=enterprise)
    other = Application.objects.get(enterprise=other_enterprise)
    assert client.get(reverse("subsidies:portal_item", args=[own.pk])).status_code == 200
    assert client.get(reverse("subsidies:portal_item", args=[other.pk])).status_code == 404
    assert client.get(reverse("subsidies:staff_home")).status_code == 403  # signed in but not staff: the site's 403 page
    api = client.get("/api/v1/subsidies/items/").json()
    assert [r["id"] for r in api["results"]] == [own.pk]
    assert api["results"][0]["uscc"].count("*") == 8


def test_county_staff_review_only_their_region(screened, login, county_officer, other_county_officer, enterprise, other_enterprise):
    own = Application.objects.get(enterprise=enterprise)
    other = Application.objects.get(enterprise=other_enterprise)
    client = login(county_officer)
    listing = client.get(reverse("subsidies:staff_home")).content.decode()
    assert enterprise.name in listing and other_enterprise.name not in listing
    assert client.get(reverse("subsidies:staff_item", args=[other.pk])).status_code == 404
    assert client.post(reverse("subsidies:staff_item_action", args=[other.pk]), {"action": "review"}).status_code == 404
    assert Application.objects.get(pk=other.pk).state == S.CANDIDATE
    response = client.post(reverse("subsidies:staff_item_action", args=[own.pk]), {"action": "review"})
    assert response.status_code == 302 and Application.objects.get(pk=own.pk).state == S.UNDER_REVIEW
    assert client.get("/api/v1/subsidies/items/").json()["count"] == 1
    assert client.post(f"/api/v1/subsidies/items/{other.pk}/review/").status_code == 404
    login(other_county_officer)
    assert client.get(reverse("subsidies:staff_item", args=[own.pk])).status_code == 404


def test_only_city_staff_handle_batches(screened, login, county_officer, city_officer):
    client = login(county_officer)
    assert client.get(reverse("subsidies:staff_batches")).status_code == 403
    assert client.post(reverse("subsidies:staff_batches"), {"round": screened.pk}).status_code == 403
    client = login(city_officer)
    assert client.get(reverse("subsidies:staff_batches")).status_code == 200


def test_api_approval_without_bank_account_is_a_clear_409(screened, api_client, county_officer, enterprise):
    app = Application.objects.get(enterprise=enterprise)
    api_client.force_authenticate(county_officer)
    assert api_client.post(f"/api/v1/subsidies/items/{app.pk}/review/").status_code == 200
    response = api_client.post(f"/api/v1/subsidies/items/{app.pk}/approve/")
    assert response.status_code == 409 and response.json()["code"] == "conflict"
    assert Application.objects.get(pk=app.pk).state == S.UNDER_REVIEW


def test_bank_account_form_masks_the_number_and_approval_then_publication(screened, login, enterprise_user, county_officer, enterprise, client):
    login(enterprise_user)
    response = client.post(reverse("subsidies:portal_bank_account"), {"account_name": "别人家公司", "bank_name": "工行", "account_number": "6222020400001234567"})
    assert response.status_code == 400 and f"户名必须是本单位（{enterprise.name}）。" in response.content.decode()
    assert not BankAccount.objects.exists()
    response = client.post(reverse("subsidies:portal_bank_account"), {"account_name": enterprise.name, "bank_name": "工行邢台分行", "account_number": "6222020400001234567"}, follow=True)
    text = response.content.decode()
    assert "**** **** 4567" in text and "6222020400001234567" not in text
    app = Application.objects.get(enterprise=enterprise)
    login(county_officer)
    client.post(reverse("subsidies:staff_item_action", args=[app.pk]), {"action": "review"})
    client.post(reverse("subsidies:staff_item_action", args=[app.pk]), {"action": "approve"})
    assert Application.objects.get(pk=app.pk).state == S.APPROVED
    staff_page = client.get(reverse("subsidies:staff_item", args=[app.pk])).content.decode()
    assert "6222020400001234567" not in staff_page
    response = client.post(reverse("subsidies:staff_round_publish", args=[screened.pk]), follow=True)
    assert Application.objects.get(pk=app.pk).state == S.NOTICED
    assert AuditEvent.objects.filter(action="subsidies.notice.published").exists()
    assert enterprise.uscc not in response.content.decode()


def _publish(round_, officer, enterprises):
    for ent in enterprises:
        user = UserFactory(role=User.Role.ENTERPRISE_USER, enterprise=ent)
        services.bank_account_confirm(enterprise=ent, actor=user, account_name=ent.name, bank_name="工行", account_number="6222020400001234567")
        app = services.application_review_start(app=Application.objects.get(enterprise=ent), actor=officer)
        services.application_approve(app=app, actor=officer)
    return services.notice_publish(round_=round_, actor=officer)


def test_public_notice_page_masks_uscc_and_takes_objections(screened, city_officer, enterprise, other_enterprise, client, tmp_path):
    notice = _publish(screened, city_officer, [enterprise, other_enterprise])
    page = client.get(reverse("subsidies:notice_detail", args=[notice.pk])).content.decode()
    masked = enterprise.uscc[:8] + "********" + enterprise.uscc[-2:]
    assert masked in page and enterprise.uscc not in page and enterprise.name in page
    pdf = client.get(reverse("subsidies:notice_pdf", args=[notice.pk]))
    text = _pdf_text(pdf.content, tmp_path)
    assert masked in text and "7200.00" in text and enterprise.uscc not in text
    app = Application.objects.get(enterprise=enterprise)
    bad = client.post(reverse("subsidies:notice_detail", args=[notice.pk]), {"application": app.pk, "name": "李四", "phone": "123",
                                                                            "text": "该企业去年裁员没有如实申报", "submit_key": "k1"})
    assert bad.status_code == 400 and Application.objects.get(pk=app.pk).state == S.NOTICED
    data = {"application": app.pk, "name": "李四", "phone": "13800138000", "text": "该企业去年裁员没有如实申报", "submit_key": "k2"}
    assert client.post(reverse("subsidies:notice_detail", args=[notice.pk]), data).status_code == 302
    assert client.post(reverse("subsidies:notice_detail", args=[notice.pk]), data).status_code == 302  # double submit
    assert app.objections.count() == 1
    assert Application.objects.get(pk=app.pk).state == S.HELD


def test_decision_letter_pdf_explains_every_check(screened, city_officer, enterprise, enterprise_user, login, tmp_path, other_enterprise):
    _publish(screened, city_officer, [enterprise])
    app = Application.objects.get(enterprise=enterprise)
    client = login(enterprise_user)
    response = client.get(reverse("subsidies:portal_letter", args=[app.pk]))
    text = _pdf_text(response.content, tmp_path)
    assert "核准返还金额" in text and "7200.00" in text and "足额缴纳" in text and "裁员" in text and "严重失信" in text
    other = Application.objects.get(enterprise=other_enterprise)
    assert client.get(reverse("subsidies:portal_letter", args=[other.pk])).status_code == 404
    rejected = services.application_reject(app=services.application_review_start(app=other, actor=city_officer), actor=city_officer, reason="材料不实")
    text = _pdf_text(login(city_officer).get(reverse("subsidies:staff_letter", args=[rejected.pk])).content, tmp_path)
    assert "不予核准" in text and "材料不实" in text


def test_bank_export_has_full_account_and_import_reconciles(screened, city_officer, enterprise, login, tmp_path):
    from openpyxl import Workbook, load_workbook

    _publish(screened, city_officer, [enterprise])
    services.notices_close_due(on_date=dt.date.today() + dt.timedelta(days=30))
    client = login(city_officer)
    response = client.post(reverse("subsidies:staff_batches"), {"round": screened.pk})
    batch_url = response["Location"]
    client.post(batch_url, {"action": "lock"})
    batch_pk = int(batch_url.rstrip("/").split("/")[-1])
    export = client.get(reverse("subsidies:staff_batch_export", args=[batch_pk]))
    path = tmp_path / "bank.xlsx"
    path.write_bytes(export.content)
    rows = list(load_workbook(path).active.iter_rows(values_only=True))
    assert rows[1][2] == "6222020400001234567" and Decimal(str(rows[1][3])) == Decimal("7200.00")
    wb = Workbook()
    ws = wb.active
    ws.append(["业务参考号", "金额", "结果", "失败原因"])
    ws.append([rows[1][4], "7200.00", "成功", ""])
    result = tmp_path / "result.xlsx"
    wb.save(result)
    with open(result, "rb") as fh:
        client.post(batch_url, {"action": "import", "file": fh})
    assert Application.objects.get(enterprise=enterprise).state == S.PAID


def test_query_counts_are_pinned(screened, login, city_officer, enterprise, django_assert_num_queries, client):
    _publish(screened, city_officer, [enterprise])
    for _ in range(5):
        eligible_enterprise()
    services.screening_run(round_=screened)
    login(city_officer)
    with django_assert_num_queries(5):
        assert client.get(reverse("subsidies:staff_home")).status_code == 200
    with django_assert_num_queries(4):
        assert client.get("/api/v1/subsidies/items/").json()["count"] == 7
    client.logout()
    with django_assert_num_queries(2):
        client.get(reverse("subsidies:notice_list"))


def test_dashboard_counts_and_amounts_by_state_and_region_within_scope(screened, login, county_officer, city_officer, enterprise, region_a, region_b):
    page = login(county_officer).get(reverse("subsidies:staff_round", args=[screened.pk]))
    text = page.content.decode()
    assert page.status_code == 200 and region_a.name in text and region_b.name not in text and "7200.00" in text
    page = login(city_officer).get(reverse("subsidies:staff_round", args=[screened.pk]))
    text = page.content.decode()
    assert region_a.name in text and region_b.name in text and "14400.00" in text


def test_screening_from_the_staff_page_runs_in_chunks_with_progress(round_, login, city_officer, county_officer,
                                                                     django_capture_on_commit_callbacks):
    from xingtai_jobs.core.models import TaskRun

    eligible_enterprise()
    assert login(county_officer).post(reverse("subsidies:staff_round_screen", args=[round_.pk])).status_code == 403
    with django_capture_on_commit_callbacks(execute=True):
        login(city_officer).post(reverse("subsidies:staff_round_screen", args=[round_.pk]))
    run = TaskRun.objects.get(kind="subsidies.screening")
    assert run.status == TaskRun.Status.DONE and run.done == run.total == 1
    assert Application.objects.filter(state=S.CANDIDATE).count() == 1


def test_objections_are_rate_limited_per_ip(screened, city_officer, enterprise, client, settings):
    settings.XT_RATELIMIT_OBJECTION_IP = "2/h"
    notice = _publish(screened, city_officer, [enterprise])
    app = Application.objects.get(enterprise=enterprise)
    url = reverse("subsidies:notice_detail", args=[notice.pk])
    for key in ("a", "b"):
        assert client.post(url, {"application": app.pk, "name": "李四", "phone": "13800138000", "text": "该企业去年裁员没有如实申报",
                                 "submit_key": key}).status_code == 302
    third = client.post(url, {"application": app.pk, "name": "王五", "phone": "13800138001", "text": "该企业去年裁员没有如实申报",
                              "submit_key": "c"})
    assert third.status_code == 429 and app.objections.count() == 2
