import pytest
from django.contrib.auth.models import Group

from xingtai_jobs.core.audit import audit
from xingtai_jobs.core.models import AuditEvent, TaskRun, User
from xingtai_jobs.core.progress import taskrun_advance, taskrun_create, taskrun_finish, taskrun_start

pytestmark = pytest.mark.django_db


def test_the_twenty_regions_and_five_departments_are_loaded(region_a):
    from xingtai_jobs.core.models import Department, Region

    assert Region.objects.count() == 20
    assert set(Department.objects.values_list("name", flat=True)) == {"人社", "住建", "城管", "交通", "水务"}
    assert Region.objects.get(code="130503").legacy_codes == "130521"


def test_staff_roles_get_staff_flag_and_their_group(county_officer, enterprise_user):
    assert county_officer.is_staff and county_officer.groups.filter(name="County staff").exists()
    assert not enterprise_user.is_staff
    assert enterprise_user.groups.filter(name="Enterprise user").exists()
    assert Group.objects.get(name="County staff").permissions.filter(codename="view_enterprise").exists()


def test_county_staff_without_region_is_refused_by_the_database(db):
    from django.db import IntegrityError

    with pytest.raises(IntegrityError):
        User.objects.create(username="noregion", role=User.Role.COUNTY_STAFF)


def test_county_officer_sees_only_own_regions_audit_events(login, county_officer, region_a, region_b, enterprise, other_enterprise):
    audit("test.own", enterprise)
    audit("test.other", other_enterprise)
    response = login(county_officer).get("/admin/core/auditevent/")
    assert response.status_code == 200
    body = response.content.decode()
    assert "test.own" in body
    assert "test.other" not in body


def test_county_officer_cannot_manage_users(login, county_officer, other_county_officer, city_officer):
    assert login(county_officer).get("/admin/core/user/").status_code == 403
    assert login(county_officer).get(f"/admin/core/user/{other_county_officer.pk}/change/").status_code == 403
    assert "county_b" in login(city_officer).get("/admin/core/user/").content.decode()


def test_audit_timeline_is_shown_on_the_change_page(login, city_officer, enterprise):
    audit("enterprises.enterprise.flagged", enterprise, actor=city_officer, before={"dishonest": False}, after={"dishonest": True})
    body = login(city_officer).get(f"/admin/enterprises/enterprise/{enterprise.pk}/change/").content.decode()
    assert 'id="audit-timeline"' in body and "enterprises.enterprise.flagged" in body


def test_progress_of_background_work_is_shown_and_polled(login, city_officer):
    run = taskrun_create(kind="test", label="筛查测试", started_by=city_officer)
    taskrun_start(run.pk, total=10)
    taskrun_advance(run.pk, 4)
    client = login(city_officer)
    partial = client.get(f"/staff/tasks/{run.pk}/progress/").content.decode()
    assert 'value="40"' in partial and "hx-trigger" in partial
    assert "筛查测试" in client.get("/admin/").content.decode()
    taskrun_finish(run.pk, result={"ok": True})
    partial = client.get(f"/staff/tasks/{run.pk}/progress/").content.decode()
    assert 'value="100"' in partial and "hx-trigger" not in partial
    assert TaskRun.objects.get(pk=run.pk).status == TaskRun.Status.DONE


def test_other_staff_cannot_follow_someone_elses_task(login, county_officer, other_county_officer):
    run = taskrun_create(kind="test", label="x", started_by=county_officer)
    assert login(other_county_officer).get(f"/staff/tasks/{run.pk}/progress/").status_code == 404


def test_api_regions_are_public_and_docs_are_served_locally(client):
    regions = client.get("/api/v1/regions/").json()
    assert len(regions) == 20 and regions[0]["code"] == "130502"
    schema = client.get("/api/schema/")
    assert schema.status_code == 200
    docs = client.get("/api/docs/").content.decode()
    assert "swagger" in docs.lower() and "cdn" not in docs.lower()


def test_home_page_is_chinese_by_default_and_english_on_request(client):
    body = client.get("/").content.decode()
    assert 'lang="zh-Hans"' in body and "就业服务平台" in body
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    body = client.get("/").content.decode()
    assert 'lang="en"' in body and "Employment Services Portal" in body


def test_security_headers_forbid_third_party_hosts(client):
    response = client.get("/")
    csp = response.headers["Content-Security-Policy"]
    assert "default-src 'self'" in csp and "http" not in csp
    assert AuditEvent.objects.count() == 0
