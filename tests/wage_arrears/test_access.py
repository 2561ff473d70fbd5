"""Privacy and access per role: who sees which cases, masked identity, audited full views, evidence."""

from __future__ import annotations

import pytest

from tests.wage_arrears.conftest import png_bytes
from wage_arrears import selectors, services
from wage_arrears.forms import ComplaintForm
from xingtai_jobs.core.models import AuditEvent

pytestmark = pytest.mark.django_db


@pytest.fixture
def complaint_with_photo(region_a):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from tests.wage_arrears.conftest import form_data

    photo = SimpleUploadedFile("p.png", png_bytes(), content_type="image/png")
    form = ComplaintForm(form_data(complainant_id_number=""), {"evidence": [photo]})
    assert form.is_valid(), form.errors
    return services.complaint_submit(data=form.to_input())[0]


def test_visibility_per_role(complaint_with_photo, city_officer, county_officer, other_county_officer,
                             housing_liaison, hrss_liaison, enterprise_user):
    c = complaint_with_photo
    assert list(selectors.complaints_visible_to(city_officer)) == [c]
    assert list(selectors.complaints_visible_to(county_officer)) == [c]
    assert list(selectors.complaints_visible_to(housing_liaison)) == []  # not yet assigned (交办) to 住建
    services.complaint_accept(complaint_id=c.pk, actor=county_officer)
    services.complaint_assign(complaint_id=c.pk, actor=county_officer)
    assert list(selectors.complaints_visible_to(housing_liaison)) == [c]
    for nobody in (other_county_officer, hrss_liaison, enterprise_user):
        assert list(selectors.complaints_visible_to(nobody)) == []


def test_full_identity_only_for_the_staff_handling_the_case(login, complaint_with_photo, city_officer,
                                                            county_officer, housing_liaison):
    url = f"/staff/wage-arrears/cases/{complaint_with_photo.pk}/"
    page = login(city_officer).get(url).content.decode()
    assert "13812345678" not in page and "138****5678" in page  # supervising, not handling
    assert not AuditEvent.objects.filter(action="core.personal_data.viewed").exists()
    services.complaint_accept(complaint_id=complaint_with_photo.pk, actor=county_officer)
    services.complaint_assign(complaint_id=complaint_with_photo.pk, actor=county_officer, assignee=housing_liaison)
    assert "13812345678" in login(housing_liaison).get(url).content.decode()
    assert AuditEvent.objects.get(action="core.personal_data.viewed").actor == housing_liaison
    services.complaint_record_contact(complaint_id=complaint_with_photo.pk, actor=housing_liaison, note="已联系")
    from wage_arrears.models import Complaint

    Complaint.objects.filter(pk=complaint_with_photo.pk).update(assignee=city_officer)
    assert "13812345678" in login(city_officer).get(url).content.decode()  # the assignee


def test_case_page_full_identity_for_assigned_staff_is_audited(login, complaint_with_photo, county_officer):
    page = login(county_officer).get(f"/staff/wage-arrears/cases/{complaint_with_photo.pk}/").content.decode()
    assert "李建国" in page and "13812345678" in page
    event = AuditEvent.objects.get(action="core.personal_data.viewed")
    assert event.actor == county_officer and "complainant_phone" in event.after["fields"]


def test_case_page_is_404_for_other_county_and_other_department(login, complaint_with_photo, other_county_officer,
                                                                hrss_liaison, client, enterprise_user):
    for user in (other_county_officer, hrss_liaison):
        assert login(user).get(f"/staff/wage-arrears/cases/{complaint_with_photo.pk}/").status_code == 404
    client.force_login(enterprise_user)
    response = client.get(f"/staff/wage-arrears/cases/{complaint_with_photo.pk}/")
    assert response.status_code == 403  # signed in but not staff: the site's 403 page
    assert not AuditEvent.objects.filter(action="core.personal_data.viewed").exists()


def test_lists_and_admin_mask_the_complainant(login, complaint_with_photo, city_officer):
    client = login(city_officer)
    queue = client.get("/staff/wage-arrears/").content.decode()
    assert complaint_with_photo.tracking_code in queue and "13812345678" not in queue and "李建国" not in queue
    admin = client.get("/admin/wage_arrears/complaint/").content.decode()
    assert "138****5678" in admin and "13812345678" not in admin and "李*" in admin


def test_admin_list_is_scoped(login, complaint_with_photo, other_county_officer):
    page = login(other_county_officer).get("/admin/wage_arrears/complaint/")
    assert complaint_with_photo.tracking_code not in page.content.decode()


def test_evidence_is_streamed_only_to_authorised_staff(login, complaint_with_photo, county_officer,
                                                        other_county_officer, client):
    evidence = complaint_with_photo.evidence.get()
    url = f"/staff/wage-arrears/evidence/{evidence.pk}/"
    assert client.get(url).status_code == 302
    assert login(other_county_officer).get(url).status_code == 404
    response = login(county_officer).get(url)
    assert response.status_code == 200 and b"".join(response.streaming_content).startswith(b"\x89PNG")
    assert response["Content-Type"] == "image/png"


def test_staff_queue_query_count_is_pinned(login, county_officer, file_complaint, django_assert_num_queries):
    for i in range(5):
        file_complaint(complainant_phone=f"1381234{i:04d}", project_name=f"项目{i}")
    client = login(county_officer)
    client.get("/staff/wage-arrears/")
    with django_assert_num_queries(3):  # session, user, the queue
        response = client.get("/staff/wage-arrears/")
    assert response.content.decode().count("/staff/wage-arrears/cases/") == 5


def test_staff_steps_through_the_case_page(login, complaint_with_photo, county_officer):
    client = login(county_officer)
    base = f"/staff/wage-arrears/cases/{complaint_with_photo.pk}/"
    assert client.post(base + "accept/", {}).status_code == 302
    assert client.post(base + "assign/", {"assign-department": ""}).status_code == 302
    response = client.post(base + "contact/", {"contact-note": ""})
    assert response.status_code == 400  # form error shown, nothing changed
    complaint_with_photo.refresh_from_db()
    assert complaint_with_photo.status == "assigned"
    assert client.post(base + "contact/", {"contact-note": "已联系"}).status_code == 302
    assert client.post(base + "close/", {}).status_code == 409  # not yet at the closing step: conflict


def test_excel_export_is_masked_and_scoped(login, complaint_with_photo, county_officer, other_county_officer):
    import io

    from openpyxl import load_workbook

    def cells(user):
        response = login(user).get("/staff/wage-arrears/export.xlsx")
        assert response.status_code == 200
        sheet = load_workbook(io.BytesIO(response.content)).active
        return [[c.value for c in row] for row in sheet.iter_rows()]

    rows = cells(county_officer)
    assert len(rows) == 2 and rows[1][0] == complaint_with_photo.tracking_code
    assert rows[1][1] == "李**" and rows[1][2] == "138****5678"
    assert "13812345678" not in str(rows)
    assert len(cells(other_county_officer)) == 1


def test_status_api_query_count_is_pinned(api_client, file_complaint, county_officer, django_assert_num_queries):
    complaint = file_complaint()
    services.complaint_accept(complaint_id=complaint.pk, actor=county_officer)
    services.complaint_assign(complaint_id=complaint.pk, actor=county_officer)
    with django_assert_num_queries(3):  # the complaint with region/department, its steps, the county contact
        response = api_client.get("/api/v1/wage-arrears/complaints/status/",
                                  {"code": complaint.tracking_code, "phone_last4": "5678"})
    assert [s["status"] for s in response.json()["steps"]] == ["submitted", "accepted", "assigned"]


def test_openapi_schema_lists_the_complaint_endpoints(client):
    schema = client.get("/api/schema/").content.decode()
    assert "/api/v1/wage-arrears/complaints/" in schema and "/api/v1/wage-arrears/complaints/status/" in schema


def test_tracking_shows_the_county_contact_of_the_handling_department(api_client, complaint_with_photo, region_a,
                                                                      region_b, login, county_officer):
    from wage_arrears.models import DepartmentContact
    from xingtai_jobs.core.models import Department

    params = {"code": complaint_with_photo.tracking_code, "phone_last4": "5678"}
    fallback = api_client.get("/api/v1/wage-arrears/complaints/status/", params).json()
    assert fallback["department"] == "住建" and fallback["department_phone"] == region_a.hotline
    housing = Department.objects.get(code="housing")
    DepartmentContact.objects.create(region=region_b, department=housing, phone="0319-2222222")
    DepartmentContact.objects.create(region=region_a, department=housing, phone="0319-1111111",
                                     address="襄都区住建局三楼欠薪办")
    body = api_client.get("/api/v1/wage-arrears/complaints/status/", params).json()
    assert body["department_phone"] == "0319-1111111" and body["department_address"] == "襄都区住建局三楼欠薪办"
    # county staff maintain their own county's contacts in the admin, and only those
    listing = login(county_officer).get("/admin/wage_arrears/departmentcontact/").content.decode()
    assert "0319-1111111" in listing and "0319-2222222" not in listing
