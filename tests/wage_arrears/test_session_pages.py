"""The staff pages of the joint reception sessions (连鼓清零 联合接访): the list per region with its
counts (query count pinned), a session's cases and walk-ins (masked), recording the outcomes, and the
poster's session line taken from the handling policy."""

from __future__ import annotations

import datetime as dt
import re
import shutil
import subprocess

import pytest

from wage_arrears import selectors, services
from wage_arrears.models import Channel, Complaint, ReceptionSession
from xingtai_jobs.core.models import AuditEvent, Department

pytestmark = pytest.mark.django_db

TODAY = dt.date(2024, 9, 23)  # a Monday
LIST_URL = "/staff/wage-arrears/sessions/"
SESSION_LINK = re.compile(r'href="/staff/wage-arrears/sessions/\d+/"')


def page_url(session: ReceptionSession) -> str:
    return f"/staff/wage-arrears/sessions/{session.pk}/"


def make_session(region, day: dt.date, *, departments=("hrss", "housing"), location="人社局一楼接待大厅"):
    session = ReceptionSession.objects.create(region=region, date=day, start_time=dt.time(14, 30), location=location)
    session.departments.set(Department.objects.filter(code__in=departments))
    return session


def attach(complaint: Complaint, session: ReceptionSession, *, walk_in: bool = False) -> Complaint:
    """Put a filed complaint on a session's agenda, or make it a walk-in received there."""
    updates = {"session": session}
    if walk_in:
        updates["channel"] = Channel.SESSION
    Complaint.objects.filter(pk=complaint.pk).update(**updates)
    complaint.refresh_from_db()
    return complaint


@pytest.fixture
def today(clock):
    return clock(TODAY)


def test_list_shows_the_own_region_to_county_staff_and_all_to_city_staff(login, today, region_a, region_b,
                                                                         county_officer, city_officer):
    next_a = make_session(region_a, dt.date(2024, 9, 27))
    later_a = make_session(region_a, dt.date(2024, 10, 11))
    last_a = make_session(region_a, dt.date(2024, 9, 20))
    earlier_a = make_session(region_a, dt.date(2024, 9, 13))
    too_old_a = make_session(region_a, dt.date(2024, 7, 19))  # more than 8 weeks ago
    next_b = make_session(region_b, dt.date(2024, 9, 27))

    page = login(county_officer).get(LIST_URL).content.decode()
    for shown in (next_a, later_a, last_a, earlier_a):
        assert page_url(shown) in page
    assert page_url(too_old_a) not in page and page_url(next_b) not in page
    # upcoming first, soonest first; then the past ones, latest first
    positions = [page.index(page_url(s)) for s in (next_a, later_a, last_a, earlier_a)]
    assert positions == sorted(positions)
    assert "14:30" in page and "人社局一楼接待大厅" in page

    page = login(city_officer).get(LIST_URL).content.decode()
    assert page_url(next_a) in page and page_url(next_b) in page and page_url(too_old_a) not in page
    assert "信都区" in page and "襄都区" in page


def test_list_counts_scheduled_cases_and_walk_ins(today, region_a, county_officer, file_complaint):
    session = make_session(region_a, dt.date(2024, 9, 27), departments=("hrss", "housing", "urban"))
    attach(file_complaint(), session)
    attach(file_complaint(complainant_phone="13900000001"), session)
    attach(file_complaint(complainant_phone="13900000002"), session, walk_in=True)
    file_complaint(complainant_phone="13900000003")  # on no session
    upcoming, past = selectors.session_board(county_officer, on=TODAY)
    assert past == [] and [s.pk for s in upcoming] == [session.pk]
    assert (upcoming[0].scheduled, upcoming[0].walk_ins) == (2, 1)
    assert {d.code for d in upcoming[0].departments.all()} == {"hrss", "housing", "urban"}


def test_list_query_count_is_pinned(login, today, region_a, region_b, city_officer, file_complaint,
                                    django_assert_num_queries):
    phones = iter(f"1390000{i:04d}" for i in range(100))

    def sessions_with_cases(days):
        for day in days:
            for region in (region_a, region_b):
                session = make_session(region, day)
                attach(file_complaint(complainant_phone=next(phones), region_code=region.code), session)
                attach(file_complaint(complainant_phone=next(phones), region_code=region.code), session,
                       walk_in=True)

    sessions_with_cases([dt.date(2024, 9, 27), dt.date(2024, 9, 20)])
    client = login(city_officer)
    client.get(LIST_URL)
    with django_assert_num_queries(4):  # session, user, the sessions with their counts, their departments
        response = client.get(LIST_URL)
    assert len(SESSION_LINK.findall(response.content.decode())) == 4

    sessions_with_cases([dt.date(2024, 10, 4), dt.date(2024, 10, 11), dt.date(2024, 9, 13)])
    with django_assert_num_queries(4):
        response = client.get(LIST_URL)
    assert len(SESSION_LINK.findall(response.content.decode())) == 10


def test_session_of_another_county_is_404(login, today, region_b, county_officer):
    session = make_session(region_b, dt.date(2024, 9, 27))
    client = login(county_officer)
    assert client.get(page_url(session)).status_code == 404
    assert client.post(page_url(session), {"outcomes": "越权记录"}).status_code == 404
    session.refresh_from_db()
    assert not session.held and session.outcomes == ""


def test_a_liaison_sees_the_sessions_their_department_attends_but_records_nothing(
        login, today, region_a, region_b, housing_liaison, county_officer, file_complaint):
    attended = make_session(region_a, dt.date(2024, 9, 27), departments=("hrss", "housing"))
    not_attended = make_session(region_a, dt.date(2024, 10, 11), departments=("hrss",))
    elsewhere = make_session(region_b, dt.date(2024, 9, 27), departments=("housing",))
    hrss_case = attach(file_complaint(sector="manufacturing"), attended)  # 人社 handles it: not the liaison's
    housing_case = attach(file_complaint(complainant_phone="13987654321"), attended)  # construction: 住建
    services.complaint_accept(complaint_id=housing_case.pk, actor=county_officer)
    services.complaint_assign(complaint_id=housing_case.pk, actor=county_officer)  # 交办 to 住建
    client = login(housing_liaison)
    listing = client.get(LIST_URL).content.decode()
    assert page_url(attended) in listing
    assert page_url(not_attended) not in listing and page_url(elsewhere) not in listing
    assert client.get(page_url(not_attended)).status_code == 404
    assert client.get(page_url(elsewhere)).status_code == 404
    page = client.get(page_url(attended)).content.decode()
    assert housing_case.tracking_code in page and hrss_case.tracking_code not in page
    assert 'name="outcomes"' not in page  # no form for liaisons
    response = client.post(page_url(attended), {"outcomes": "住建局记录"})
    assert response.status_code == 403  # a liaison records nothing: forbidden
    attended.refresh_from_db()
    assert not attended.held and attended.outcomes == ""


def test_enterprise_users_and_visitors_are_refused(client, login, today, region_a, enterprise_user):
    session = make_session(region_a, dt.date(2024, 9, 27))
    for url in (LIST_URL, page_url(session)):
        response = client.get(url)
        assert response.status_code == 302 and "/login/" in response["Location"]
    client = login(enterprise_user)
    for url in (LIST_URL, page_url(session)):
        response = client.get(url)
        assert response.status_code == 403  # signed in but not staff: the site's 403 page
    assert client.post(page_url(session), {"outcomes": "企业记录"}).status_code == 403
    session.refresh_from_db()
    assert not session.held


def test_recording_outcomes_marks_the_session_held_and_is_audited(login, today, region_a, county_officer):
    session = make_session(region_a, dt.date(2024, 9, 27))
    client = login(county_officer)
    response = client.post(page_url(session), {"outcomes": "  当场协调支付 2 人，住建局约谈总包单位  "})
    assert response.status_code == 302 and response["Location"] == page_url(session)
    session.refresh_from_db()
    assert session.held and session.outcomes == "当场协调支付 2 人，住建局约谈总包单位"
    event = AuditEvent.objects.get(action="wage_arrears.session.held")
    assert event.actor == county_officer and event.after["held"] is True
    page = client.get(page_url(session)).content.decode()
    assert "当场协调支付 2 人" in page


def test_empty_outcomes_show_the_error_and_change_nothing(login, today, region_a, county_officer):
    session = make_session(region_a, dt.date(2024, 9, 27))
    response = login(county_officer).post(page_url(session), {"outcomes": "   "})
    assert response.status_code == 400
    assert "请填写接访结果。" in response.content.decode()
    session.refresh_from_db()
    assert not session.held and session.outcomes == ""
    assert not AuditEvent.objects.filter(action="wage_arrears.session.held").exists()


def test_session_page_lists_cases_and_walk_ins_masked(login, today, region_a, county_officer, file_complaint):
    session = make_session(region_a, dt.date(2024, 9, 27))
    scheduled = attach(file_complaint(), session)
    walk_in = attach(file_complaint(complainant_name="欧阳明", complainant_phone="13987654321"), session,
                     walk_in=True)
    other = file_complaint(complainant_phone="13911112222")  # not on this session
    response = login(county_officer).get(page_url(session))
    assert response.status_code == 200
    page = response.content.decode()
    for c in (scheduled, walk_in):
        assert f'href="/staff/wage-arrears/cases/{c.pk}/"' in page and c.tracking_code in page
    assert other.tracking_code not in page
    assert page.index(scheduled.tracking_code) < page.index(walk_in.tracking_code)  # agenda, then walk-ins
    assert "李**" in page and "138****5678" in page and "欧**" in page and "139****4321" in page
    assert "13812345678" not in page and "13987654321" not in page
    assert "李建国" not in page and "欧阳明" not in page
    assert "邢台宏达建筑工程有限公司" in page and "18600" in page
    assert not AuditEvent.objects.filter(action="core.personal_data.viewed").exists()
    # the walk-in link opens the intake form with this session chosen
    assert f"/staff/wage-arrears/intake/?session={session.pk}" in page


def test_walk_in_link_preselects_the_session_on_the_intake_form(login, today, region_a, county_officer):
    session = make_session(region_a, dt.date(2024, 9, 27))
    page = login(county_officer).get(f"/staff/wage-arrears/intake/?session={session.pk}").content.decode()
    assert f'<option value="{session.pk}" selected>' in page
    assert '<option value="session" selected>' in page


def _poster_text(client) -> str:
    if not shutil.which("pdftotext"):
        pytest.skip("poppler-utils is needed")
    response = client.get("/staff/wage-arrears/posters/region/130502/")
    assert response["Content-Type"] == "application/pdf"
    return subprocess.run(["pdftotext", "-", "-"], input=response.content, capture_output=True,
                          check=True).stdout.decode()


def test_poster_session_line_follows_the_policy(login, county_officer):
    client = login(county_officer)
    text = _poster_text(client)
    assert "每周五14:30联合接访" in text and "下午" not in text
    from tests.factories import set_policy_figure

    set_policy_figure("wage_arrears.session_weekday", 2, on=services.today())
    set_policy_figure("wage_arrears.session_start", dt.time(9, 0), on=services.today())
    text = _poster_text(client)
    assert "每周三09:00联合接访" in text and "周五" not in text


def test_a_walk_in_belongs_to_a_session_of_its_county_and_only_walk_ins_name_one(today, region_a, region_b,
                                                                                city_officer):
    from tests.wage_arrears.conftest import form_data
    from wage_arrears.forms import ComplaintForm
    from xingtai_jobs.core.errors import DomainError

    session_b = make_session(region_b, dt.date(2024, 9, 27))
    form = ComplaintForm(form_data())  # region_a
    assert form.is_valid(), form.errors
    for channel in ("session", "hotline"):
        with pytest.raises(DomainError) as refused:
            services.complaint_submit(data=form.to_input(), channel=channel, session=session_b, actor=city_officer)
        assert refused.value.field == "session"
    assert Complaint.objects.count() == 0


def test_staff_register_complaints_of_their_own_county_only_in_the_service(today, region_a, region_b, other_county_officer,
                                                                           county_officer, city_officer, client):
    """The scope of a staff registration is the service's, not only the intake page's: another county's complaint is
    refused (forbidden, nothing stored) whoever calls it; the officer's own county and city staff go through."""
    from tests.wage_arrears.conftest import form_data
    from wage_arrears.forms import ComplaintForm
    from xingtai_jobs.core.errors import DomainError

    form = ComplaintForm(form_data())  # region_a
    assert form.is_valid(), form.errors
    with pytest.raises(DomainError) as refused:
        services.complaint_submit(data=form.to_input(), channel="hotline", actor=other_county_officer)
    assert refused.value.code == "forbidden" and refused.value.field == "region_code"
    assert Complaint.objects.count() == 0
    own, _ = services.complaint_submit(data=form.to_input(), channel="hotline", actor=county_officer)
    second = ComplaintForm(form_data(complainant_phone="13987654321"))
    assert second.is_valid(), second.errors
    by_city, _ = services.complaint_submit(data=second.to_input(), channel="hotline", actor=city_officer)
    assert {own.region_id, by_city.region_id} == {region_a.pk} and Complaint.objects.count() == 2
