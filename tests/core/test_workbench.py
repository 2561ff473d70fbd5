"""The staff workbench (/staff/): where staff land after logging in, every kind of work counted
through the apps' selectors (one query per kind), scoped by role and region, each count linking to
the page that lists exactly those rows."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.factories import UserFactory
from tests.wage_arrears.conftest import form_data
from xingtai_jobs.core import workbench
from xingtai_jobs.core.models import Department, User

pytestmark = pytest.mark.django_db


def file_complaint(**overrides):
    from wage_arrears import services
    from wage_arrears.forms import ComplaintForm

    form = ComplaintForm(form_data(**overrides))
    assert form.is_valid(), form.errors
    complaint, created = services.complaint_submit(data=form.to_input())
    assert created
    return complaint


@pytest.fixture
def complaints(region_a, region_b):
    """Two complaints to accept in 襄都区, one in 信都区; one accepted and assigned to housing in 襄都区."""
    from wage_arrears import services

    a1 = file_complaint(complainant_phone="13812340001")
    a2 = file_complaint(complainant_phone="13812340002", employer_name="邢台某某商贸有限公司")
    b1 = file_complaint(complainant_phone="13812340003", region_code=region_b.code, address="信都区钢铁路1号")
    city = UserFactory(username="wb_city_actor", role=User.Role.CITY_STAFF)
    services.complaint_accept(complaint_id=a2.pk, actor=city)
    services.complaint_assign(complaint_id=a2.pk, actor=city)
    return {"a1": a1, "a2": a2, "b1": b1}


def section(sections, name):
    return next(s for s in sections if s.work.name == name)


def line_count(sections, name, label_part):
    return next(line.count for line in section(sections, name).lines if label_part in str(line.label))


def test_every_app_declares_its_work_without_editing_the_kernel():
    names = {w.name for w in workbench.kinds()}
    assert {"wage_arrears.complaints", "subsidies.items", "subsidies.objections", "subsidies.batches",
            "enterprises.reports", "rankings.corrections", "recruitment.checkins", "recruitment.contacts",
            "measures.reports", "core.failed_runs"} <= names


def test_county_staff_count_only_their_county_and_city_staff_every_county(complaints, county_officer,
                                                                         other_county_officer, city_officer):
    assert line_count(workbench.collect(county_officer), "wage_arrears.complaints", "待受理") == 1  # a1 (a2 accepted)
    assert line_count(workbench.collect(other_county_officer), "wage_arrears.complaints", "待受理") == 1  # b1
    assert line_count(workbench.collect(city_officer), "wage_arrears.complaints", "待受理") == 2


def test_staff_land_on_the_workbench_others_on_their_own_homes(client, county_officer, enterprise_user):
    from tests.conftest import PASSWORD

    response = client.post("/accounts/login/", {"username": county_officer.username, "password": PASSWORD})
    assert response.status_code == 302 and response["Location"] == "/staff/"
    client.logout()
    response = client.post("/accounts/login/?next=/staff/rankings/", {"username": county_officer.username,
                                                                       "password": PASSWORD, "next": "/staff/rankings/"})
    assert response["Location"] == "/staff/rankings/"  # a page that was asked for wins
    client.logout()
    response = client.post("/accounts/login/", {"username": enterprise_user.username, "password": PASSWORD})
    assert response["Location"] == "/enterprise/"
    client.logout()
    citizen = UserFactory(username="wb_citizen", role=User.Role.CITIZEN)
    response = client.post("/accounts/login/", {"username": citizen.username, "password": PASSWORD})
    assert response["Location"] == "/me/"


def test_the_page_counts_and_links_and_each_link_lists_exactly_those_rows(complaints, county_officer, login):
    client = login(county_officer)
    html = client.get("/staff/").content.decode()
    assert "工作台" in html
    match = re.search(r'<a href="(/staff/wage-arrears/\?status=submitted)"><span class="work-count">(\d+)</span>', html)
    assert match, html
    assert match.group(2) == "1"
    listed = client.get(match.group(1).replace("&amp;", "&")).content.decode()
    assert complaints["a1"].tracking_code in listed
    assert complaints["a2"].tracking_code not in listed  # accepted: not waiting for acceptance
    assert complaints["b1"].tracking_code not in listed  # another county's


def test_city_staff_narrow_to_one_county_and_the_links_keep_it(complaints, city_officer, region_b, login):
    client = login(city_officer)
    html = client.get("/staff/?region=130503").content.decode()
    match = re.search(r'<a href="(/staff/wage-arrears/\?status=submitted&amp;region=130503)"><span class="work-count">(\d+)</span>',
                      html)
    assert match and match.group(2) == "1", html
    listed = client.get(match.group(1).replace("&amp;", "&")).content.decode()
    assert complaints["b1"].tracking_code in listed and complaints["a1"].tracking_code not in listed


@pytest.mark.parametrize("value", ["abc", "13050", "1305021", "130599", "１３０５０２", "130502 x"])
def test_a_bad_region_is_a_400_in_chinese(city_officer, login, value):
    response = login(city_officer).get("/staff/", {"region": value})
    assert response.status_code == 400
    assert "县（市、区）" in response.content.decode() or "六位" in response.content.decode()


def test_county_staff_may_not_name_another_county(county_officer, login, complaints):
    response = login(county_officer).get("/staff/?region=130503")
    assert response.status_code == 400
    assert complaints["b1"].tracking_code not in response.content.decode()
    # the list page the workbench links to refuses it the same way
    assert login(county_officer).get("/staff/wage-arrears/?region=130503").status_code == 400


def test_a_liaison_sees_only_the_cases_handed_to_their_department(complaints, region_a, login):
    liaison = UserFactory(username="wb_liaison", role=User.Role.DEPARTMENT_LIAISON, region=region_a,
                          department=Department.objects.get(code="housing"))
    sections = workbench.collect(liaison)
    assert [s.work.name for s in sections] == ["wage_arrears.complaints"]
    assert line_count(sections, "wage_arrears.complaints", "待受理") == 0  # never the unassigned ones
    response = login(liaison).get("/staff/")
    assert response.status_code == 200
    assert "补贴" not in response.content.decode().split("<main", 1)[1].split("</main>", 1)[0]


def test_county_staff_see_no_city_only_work(county_officer):
    names = {s.work.name for s in workbench.collect(county_officer)}
    assert "subsidies.batches" not in names and "core.failed_runs" not in names
    assert {"subsidies.items", "enterprises.reports", "measures.reports"} <= names


@pytest.mark.parametrize("role", ["enterprise", "citizen"])
def test_other_roles_are_refused(login, enterprise_user, role):
    user = enterprise_user if role == "enterprise" else UserFactory(username="wb_c", role=User.Role.CITIZEN)
    assert login(user).get("/staff/").status_code == 403


def test_anonymous_visitors_are_sent_to_the_login_page(client):
    response = client.get("/staff/")
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/?next=/staff/")


def test_one_query_per_kind_of_work(city_officer, county_officer, complaints, login):
    for user in (city_officer, county_officer):
        with CaptureQueriesContext(connection) as ctx:
            sections = workbench.collect(user)
        assert len(ctx.captured_queries) == len(sections), [q["sql"][:120] for q in ctx.captured_queries]
    # the whole page: session, user, one query per kind, the region list (city staff)
    client = login(city_officer)
    client.get("/staff/")
    with CaptureQueriesContext(connection) as ctx:
        assert client.get("/staff/").status_code == 200
    assert len(ctx.captured_queries) == 2 + len(workbench.kinds_for(city_officer)) + 1


def test_the_count_of_every_kind_matches_its_list(city_officer, enterprise, other_enterprise, login):
    """Monthly reports: both enterprises have not reported last month; the link opens the report
    status page for exactly that month, which lists both."""
    from enterprises.forms import default_report_month

    client = login(city_officer)
    sections = workbench.collect(city_officer)
    reports = section(sections, "enterprises.reports")
    missing = reports.lines[0]
    assert missing.count == 2 and f"month={default_report_month():%Y-%m}" in missing.url
    html = client.get(missing.url.split("#")[0]).content.decode()
    assert enterprise.name in html and other_enterprise.name in html


def test_todays_events_link_to_their_check_in_station(county_officer, region_a, region_b, monkeypatch, login):
    from django.utils import timezone

    from tests.recruitment.factories import EventFactory
    from xingtai_jobs.core import clock

    day = dt.date(2024, 6, 3)
    monkeypatch.setattr(clock, "today", lambda: day)
    at = timezone.make_aware(dt.datetime(2024, 6, 3, 9, 0))
    mine = EventFactory(title="襄都区夏季招聘会", region=region_a, starts_at=at)
    EventFactory(title="信都区夏季招聘会", region=region_b, starts_at=at)
    EventFactory(title="襄都区下周招聘会", region=region_a, starts_at=at + dt.timedelta(days=7))
    lines = section(workbench.collect(county_officer), "recruitment.checkins").lines
    assert [line.url for line in lines] == [f"/staff/recruitment/events/{mine.pk}/checkin/"]
    assert login(county_officer).get(lines[0].url).status_code == 200
