"""Handling: routing, every state change and its guard, deadlines (with 调休), escalation, group
cases, sessions, the blacklist and the contract functions used by other apps."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from tests.factories import make_uscc
from wage_arrears import selectors, services
from wage_arrears.models import (
    BlacklistEntry,
    Complaint,
    DeadlineFlag,
    NotAcceptedReason,
    Outcome,
    ReceptionSession,
    Status,
    StatusStep,
)
from xingtai_jobs.core.errors import DomainError
from xingtai_jobs.core.models import AuditEvent, Department

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("sector", "department"),
    [("construction", "housing"), ("urban", "urban"), ("transport", "transport"), ("water", "water"),
     ("manufacturing", "hrss"), ("services", "hrss"), ("other", "hrss")],
)
def test_routing_by_sector(file_complaint, sector, department):
    assert file_complaint(sector=sector).department.code == department


def test_reroute_needs_a_reason_and_is_audited(file_complaint, county_officer):
    complaint = file_complaint()
    hrss = Department.objects.get(code="hrss")
    with pytest.raises(DomainError):
        services.complaint_reroute(complaint_id=complaint.pk, actor=county_officer, department=hrss, reason=" ")
    services.complaint_reroute(complaint_id=complaint.pk, actor=county_officer, department=hrss, reason="实为工厂用工")
    complaint.refresh_from_db()
    assert complaint.department == hrss
    assert AuditEvent.objects.filter(action="wage_arrears.complaint.rerouted", message="实为工厂用工").exists()


def _walk_to(complaint, actor, target: str):
    steps = [
        (Status.ACCEPTED, lambda: services.complaint_accept(complaint_id=complaint.pk, actor=actor)),
        (Status.ASSIGNED, lambda: services.complaint_assign(complaint_id=complaint.pk, actor=actor)),
        (Status.IN_CONTACT, lambda: services.complaint_record_contact(complaint_id=complaint.pk, actor=actor,
                                                                      note="已电话联系工人和老板")),
        (Status.VERIFIED, lambda: services.complaint_verify(complaint_id=complaint.pk, actor=actor,
                                                            findings="工资表核实欠薪", substantiated=True)),
        (Status.HANDLED, lambda: services.complaint_handle(complaint_id=complaint.pk, actor=actor,
                                                           outcome=Outcome.ORDERED_TO_PAY)),
        (Status.RESOLVED, lambda: services.complaint_resolve(complaint_id=complaint.pk, actor=actor,
                                                             amount_recovered="18600.005", workers_paid=3,
                                                             paid_on=services.today())),
        (Status.INFORMED, lambda: services.complaint_inform(complaint_id=complaint.pk, actor=actor)),
        (Status.CLOSED, lambda: services.complaint_close(complaint_id=complaint.pk, actor=actor)),
    ]
    for status, step in steps:
        step()
        if status == target:
            break
    complaint.refresh_from_db()
    return complaint


def test_every_state_change_writes_a_step_and_an_audit_entry(file_complaint, county_officer):
    complaint = _walk_to(file_complaint(), county_officer, Status.CLOSED)
    assert complaint.status == Status.CLOSED
    assert complaint.amount_recovered == Decimal("18600.01")  # half-up, in one place
    assert list(StatusStep.objects.filter(complaint=complaint).values_list("status", flat=True)) == [
        "submitted", "accepted", "assigned", "in_contact", "verified", "handled", "resolved", "informed", "closed"]
    actions = set(AuditEvent.objects.filter(object_id=str(complaint.pk), action__startswith="wage_arrears.complaint")
                  .values_list("action", flat=True))
    assert {"wage_arrears.complaint.accepted", "wage_arrears.complaint.closed", "wage_arrears.complaint.resolved"} <= actions


@pytest.mark.parametrize(
    "call",
    [
        lambda c, a: services.complaint_assign(complaint_id=c, actor=a),
        lambda c, a: services.complaint_record_contact(complaint_id=c, actor=a, note="x"),
        lambda c, a: services.complaint_verify(complaint_id=c, actor=a, findings="x", substantiated=True),
        lambda c, a: services.complaint_handle(complaint_id=c, actor=a, outcome=Outcome.CASE_FILED),
        lambda c, a: services.complaint_resolve(complaint_id=c, actor=a, amount_recovered=1, workers_paid=1,
                                                paid_on=dt.date(2024, 1, 1)),
        lambda c, a: services.complaint_inform(complaint_id=c, actor=a),
        lambda c, a: services.complaint_close(complaint_id=c, actor=a),
    ],
)
def test_steps_out_of_order_are_refused_and_change_nothing(file_complaint, county_officer, call):
    complaint = file_complaint()
    with pytest.raises(DomainError) as info:
        call(complaint.pk, county_officer)
    assert info.value.code == "conflict"
    complaint.refresh_from_db()
    assert complaint.status == Status.SUBMITTED and complaint.steps.count() == 1


STEPS = {
    "accept": (lambda c, a: services.complaint_accept(complaint_id=c, actor=a), {Status.SUBMITTED}),
    "not_accept": (lambda c, a: services.complaint_not_accept(complaint_id=c, actor=a, reason="no_employer"),
                   {Status.SUBMITTED}),
    "assign": (lambda c, a: services.complaint_assign(complaint_id=c, actor=a), {Status.ACCEPTED}),
    "contact": (lambda c, a: services.complaint_record_contact(complaint_id=c, actor=a, note="x"), {Status.ASSIGNED}),
    "verify": (lambda c, a: services.complaint_verify(complaint_id=c, actor=a, findings="x", substantiated=True),
               {Status.IN_CONTACT}),
    "handle": (lambda c, a: services.complaint_handle(complaint_id=c, actor=a, outcome=Outcome.CASE_FILED),
               {Status.VERIFIED}),
    "resolve": (lambda c, a: services.complaint_resolve(complaint_id=c, actor=a, amount_recovered=1, workers_paid=1,
                                                        paid_on=services.today()), {Status.VERIFIED, Status.HANDLED}),
    "inform": (lambda c, a: services.complaint_inform(complaint_id=c, actor=a), {Status.RESOLVED}),
    "close": (lambda c, a: services.complaint_close(complaint_id=c, actor=a), {Status.INFORMED}),
}


def test_every_step_is_refused_from_every_state_it_does_not_start_from(file_complaint, county_officer):
    complaint = file_complaint()
    chain = [Status.SUBMITTED, Status.ACCEPTED, Status.ASSIGNED, Status.IN_CONTACT, Status.VERIFIED,
             Status.HANDLED, Status.RESOLVED, Status.INFORMED, Status.CLOSED]
    refused = 0
    for state in chain:
        if state != Status.SUBMITTED:
            _next_step(complaint, county_officer, state)
        complaint.refresh_from_db()
        assert complaint.status == state
        steps_before = complaint.steps.count()
        for name, (call, allowed) in STEPS.items():
            if state in allowed:
                continue
            with pytest.raises(DomainError) as info:
                call(complaint.pk, county_officer)
            assert info.value.code == "conflict", name
            refused += 1
        complaint.refresh_from_db()
        assert complaint.status == state and complaint.steps.count() == steps_before
    assert refused == 9 * 9 - 10  # every (state, step) pair but the ten allowed ones


def _next_step(complaint, actor, target):
    call = {Status.ACCEPTED: "accept", Status.ASSIGNED: "assign", Status.IN_CONTACT: "contact", Status.VERIFIED: "verify",
            Status.HANDLED: "handle", Status.RESOLVED: "resolve", Status.INFORMED: "inform",
            Status.CLOSED: "close"}[target]
    STEPS[call][0](complaint.pk, actor)


def test_bureau_steps_are_refused_to_a_department_liaison(file_complaint, county_officer, housing_liaison):
    complaint = file_complaint()
    services.complaint_accept(complaint_id=complaint.pk, actor=county_officer)
    services.complaint_assign(complaint_id=complaint.pk, actor=county_officer)  # now visible to the 住建 liaison
    services.complaint_record_contact(complaint_id=complaint.pk, actor=housing_liaison, note="已联系")  # allowed
    for state in (Status.VERIFIED, Status.HANDLED, Status.RESOLVED, Status.INFORMED):
        _next_step(complaint, county_officer, state)
    with pytest.raises(DomainError) as info:
        services.complaint_close(complaint_id=complaint.pk, actor=housing_liaison)
    assert info.value.code == "forbidden"
    other = file_complaint(complainant_phone="13987654321")
    services.complaint_accept(complaint_id=other.pk, actor=county_officer)
    services.complaint_assign(complaint_id=other.pk, actor=county_officer)
    with pytest.raises(DomainError):
        services.complaint_reroute(complaint_id=other.pk, actor=housing_liaison,
                                   department=Department.objects.get(code="hrss"), reason="不归我们")


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [({"amount_recovered": "-1"}, "amount_recovered"), ({"amount_recovered": "abc"}, "amount_recovered"),
     ({"workers_paid": -1}, "workers_paid"), ({"paid_on": dt.date(2099, 1, 1)}, "paid_on")],
)
def test_resolve_checks_amount_workers_and_date(file_complaint, county_officer, kwargs, field):
    complaint = _walk_to(file_complaint(), county_officer, Status.HANDLED)
    args = {"amount_recovered": "100", "workers_paid": 1, "paid_on": services.today(), **kwargs}
    with pytest.raises(DomainError) as info:
        services.complaint_resolve(complaint_id=complaint.pk, actor=county_officer, **args)
    assert info.value.field == field
    complaint.refresh_from_db()
    assert complaint.status == Status.HANDLED


def test_handle_needs_a_known_outcome(file_complaint, county_officer):
    complaint = _walk_to(file_complaint(), county_officer, Status.VERIFIED)
    with pytest.raises(DomainError):
        services.complaint_handle(complaint_id=complaint.pk, actor=county_officer, outcome="shrug")


def test_scheduling_needs_a_coming_session_of_the_case_region(clock, file_complaint, county_officer, region_a,
                                                               region_b):
    clock(dt.date(2024, 9, 23))
    services.sessions_create_ahead()
    complaint = file_complaint()
    services.complaint_accept(complaint_id=complaint.pk, actor=county_officer)
    elsewhere = ReceptionSession.objects.get(region=region_b, date=dt.date(2024, 9, 27))
    with pytest.raises(DomainError):
        services.complaint_schedule_session(complaint_id=complaint.pk, actor=county_officer, session_id=elsewhere.pk)
    own = ReceptionSession.objects.get(region=region_a, date=dt.date(2024, 9, 27))
    clock(dt.date(2024, 9, 30))
    with pytest.raises(DomainError):  # already over
        services.complaint_schedule_session(complaint_id=complaint.pk, actor=county_officer, session_id=own.pk)
    complaint.refresh_from_db()
    assert complaint.session_id is None


def test_merging_needs_the_same_region_and_step(file_complaint, county_officer, city_officer):
    a = file_complaint()
    b = file_complaint(complainant_phone="13987654321")
    services.complaint_accept(complaint_id=a.pk, actor=county_officer)
    with pytest.raises(DomainError):  # different steps
        services.group_merge(complaint_ids=[a.pk, b.pk], actor=county_officer)
    c = file_complaint(complainant_phone="13711112222", region_code="130503")
    d = file_complaint(complainant_phone="13711113333")
    with pytest.raises(DomainError):  # different regions
        services.group_merge(complaint_ids=[c.pk, d.pk], actor=city_officer)
    assert not Complaint.objects.filter(group__isnull=False).exists()


def test_accepting_twice_is_refused(file_complaint, county_officer):
    complaint = file_complaint()
    services.complaint_accept(complaint_id=complaint.pk, actor=county_officer)
    with pytest.raises(DomainError):
        services.complaint_accept(complaint_id=complaint.pk, actor=county_officer)


def test_not_accepted_outside_jurisdiction_needs_the_body_it_goes_to(file_complaint, county_officer):
    complaint = file_complaint()
    with pytest.raises(DomainError) as info:
        services.complaint_not_accept(complaint_id=complaint.pk, actor=county_officer,
                                      reason=NotAcceptedReason.OUTSIDE_JURISDICTION)
    assert info.value.field == "transferred_to"
    services.complaint_not_accept(complaint_id=complaint.pk, actor=county_officer,
                                  reason=NotAcceptedReason.OUTSIDE_JURISDICTION, transferred_to="石家庄市人社局")
    complaint.refresh_from_db()
    assert complaint.status == Status.NOT_ACCEPTED and complaint.transferred_to == "石家庄市人社局"
    assert "石家庄市人社局" in complaint.steps.last().note


def test_other_county_and_liaisons_of_other_departments_cannot_act(file_complaint, other_county_officer, hrss_liaison,
                                                                  housing_liaison, county_officer):
    complaint = file_complaint()  # construction → housing, region A
    for actor in (other_county_officer, hrss_liaison):
        with pytest.raises(DomainError):
            services.complaint_accept(complaint_id=complaint.pk, actor=actor)
    with pytest.raises(DomainError):  # liaisons do not take the acceptance decision
        services.complaint_accept(complaint_id=complaint.pk, actor=housing_liaison)
    services.complaint_accept(complaint_id=complaint.pk, actor=county_officer)
    services.complaint_assign(complaint_id=complaint.pk, actor=county_officer)
    services.complaint_record_contact(complaint_id=complaint.pk, actor=housing_liaison, note="已联系")


def test_acceptance_deadline_counts_working_days_across_national_day_with_tiaoxiu(clock, file_complaint):
    clock(dt.date(2024, 9, 27))  # Friday; Sun 29 Sep is a 调休 working day, 1-7 Oct are holidays
    complaint = file_complaint()
    assert complaint.accept_due == dt.date(2024, 10, 10)


def test_first_contact_and_resolution_deadlines(clock, file_complaint, county_officer):
    clock(dt.date(2024, 9, 30))
    complaint = file_complaint()
    services.complaint_accept(complaint_id=complaint.pk, actor=county_officer)
    services.complaint_assign(complaint_id=complaint.pk, actor=county_officer)
    complaint.refresh_from_db()
    assert complaint.first_contact_due == dt.date(2024, 10, 8)  # next working day after the holiday
    from xingtai_jobs.core.workdays import add_working_days

    assert complaint.resolve_due == add_working_days(dt.date(2024, 9, 30), 60)


def test_extension_once_with_city_approval(file_complaint, county_officer, city_officer):
    complaint = file_complaint()
    services.complaint_accept(complaint_id=complaint.pk, actor=county_officer)
    complaint.refresh_from_db()
    with pytest.raises(DomainError):
        services.complaint_extend(complaint_id=complaint.pk, actor=county_officer, reason="案情复杂")
    with pytest.raises(DomainError):
        services.complaint_extend(complaint_id=complaint.pk, actor=city_officer, reason="")
    from xingtai_jobs.core.workdays import add_working_days

    extended = services.complaint_extend(complaint_id=complaint.pk, actor=city_officer, reason="案情复杂")
    assert extended.resolve_due == add_working_days(complaint.resolve_due, 30)
    assert extended.extension_approved_by == city_officer
    with pytest.raises(DomainError):
        services.complaint_extend(complaint_id=complaint.pk, actor=city_officer, reason="再延")


def test_daily_job_marks_due_soon_and_overdue_and_escalates_once(clock, file_complaint, county_officer):
    from wage_arrears.tasks import deadlines_sweep

    clock(dt.date(2024, 11, 4))  # Monday
    late = file_complaint()  # accept due Mon 11 Nov
    clock(dt.date(2024, 11, 7))
    soon = file_complaint(complainant_phone="13987654321")  # accept due 14 Nov
    clock(dt.date(2024, 11, 12))
    result = deadlines_sweep.delay().get()
    late.refresh_from_db()
    soon.refresh_from_db()
    assert late.deadline_flag == DeadlineFlag.OVERDUE and late.escalated_on == dt.date(2024, 11, 12)
    assert soon.deadline_flag == DeadlineFlag.DUE_SOON
    assert result["escalated"] == 1
    deadlines_sweep.delay().get()
    assert AuditEvent.objects.filter(action="wage_arrears.complaint.escalated").count() == 1
    services.complaint_accept(complaint_id=late.pk, actor=county_officer)
    deadlines_sweep.delay().get()
    late.refresh_from_db()
    assert late.deadline_flag == DeadlineFlag.OK
    queue = list(selectors.complaint_queue(county_officer, flag=DeadlineFlag.DUE_SOON))
    assert queue == [soon]


def test_a_case_late_again_at_a_later_step_is_escalated_again(clock, file_complaint, county_officer):
    clock(dt.date(2024, 11, 4))
    case = file_complaint()
    clock(dt.date(2024, 11, 12))
    services.deadlines_sweep()  # acceptance late: escalated
    services.complaint_accept(complaint_id=case.pk, actor=county_officer)
    services.complaint_assign(complaint_id=case.pk, actor=county_officer)  # first contact due 13 Nov
    case.refresh_from_db()
    assert case.escalated_on is None and case.deadline_flag == DeadlineFlag.OK
    clock(dt.date(2024, 11, 15))
    services.deadlines_sweep()  # first contact late: escalated again
    case.refresh_from_db()
    assert case.escalated_on == dt.date(2024, 11, 15) and case.deadline_flag == DeadlineFlag.OVERDUE
    assert AuditEvent.objects.filter(action="wage_arrears.complaint.escalated").count() == 2


def test_assigning_to_another_department_needs_a_reason(file_complaint, county_officer):
    case = file_complaint()  # construction: routed to 住建
    services.complaint_accept(complaint_id=case.pk, actor=county_officer)
    hrss = Department.objects.get(code="hrss")
    with pytest.raises(DomainError) as refused:
        services.complaint_assign(complaint_id=case.pk, actor=county_officer, department=hrss)
    assert refused.value.field == "reason"
    case.refresh_from_db()
    assert case.status == Status.ACCEPTED and case.department.code == "housing"
    services.complaint_assign(complaint_id=case.pk, actor=county_officer, department=hrss, reason="实为装修劳务")
    case.refresh_from_db()
    assert case.status == Status.ASSIGNED and case.department == hrss
    event = AuditEvent.objects.get(action="wage_arrears.complaint.rerouted")
    assert event.message == "实为装修劳务" and event.before == {"department": "housing"}


def test_only_city_staff_move_a_case_to_another_county(file_complaint, county_officer, city_officer, region_b):
    case = file_complaint()
    housing = Department.objects.get(code="housing")
    with pytest.raises(DomainError):
        services.complaint_reroute(complaint_id=case.pk, actor=county_officer, department=housing, region=region_b,
                                   reason="项目在信都区")
    services.complaint_reroute(complaint_id=case.pk, actor=city_officer, department=housing, region=region_b,
                               reason="项目在信都区")
    case.refresh_from_db()
    assert case.region == region_b
    assert list(selectors.complaints_visible_to(county_officer)) == []
    event = AuditEvent.objects.get(action="wage_arrears.complaint.rerouted")
    assert event.before["region"] == "130502" and event.after["region"] == "130503"


def test_group_suggested_at_intake_and_merged_by_staff(file_complaint, county_officer, api_client):
    first = file_complaint()
    second = file_complaint(complainant_phone="13987654321", employer_name="邢台宏达建筑工程 有限公司（）",
                            workers_affected="5", amount_owed="30000")
    other_project = file_complaint(complainant_phone="13711112222", project_name="别的项目")
    first.refresh_from_db()
    assert first.group_suggested and second.group_suggested and not other_project.group_suggested
    assert services.group_candidates(second) == [first]
    with pytest.raises(DomainError):
        services.group_merge(complaint_ids=[first.pk, other_project.pk], actor=county_officer)
    group = services.group_merge(complaint_ids=[first.pk, second.pk], actor=county_officer)
    assert selectors.group_summary(group.pk) == {"workers": 8, "owed": Decimal("48600.00"), "complaints": 2}
    # moving the group moves each member; each complainant keeps their own code
    services.complaint_accept(complaint_id=first.pk, actor=county_officer)
    second.refresh_from_db()
    assert second.status == Status.ACCEPTED and second.tracking_code != first.tracking_code
    body = api_client.get("/api/v1/wage-arrears/complaints/status/",
                          {"code": second.tracking_code, "phone_last4": "4321"}).json()
    assert body["status"] == "accepted" and body["group"]["workers"] == 8


def test_group_suggestion_matches_by_uscc_within_the_window_and_only_open_cases(file_complaint, clock,
                                                                                county_officer):
    from tests.factories import make_uscc

    uscc = make_uscc(4242)
    clock(dt.date(2024, 9, 2))
    old = file_complaint(project_name="旧项目")
    clock(dt.date(2024, 12, 2))  # 91 days later: outside the 90-day window
    late = file_complaint(complainant_phone="13900000001", project_name="旧项目")
    old.refresh_from_db()
    assert not old.group_suggested and not late.group_suggested and services.group_candidates(late) == []

    # the same USCC under another name is the same employer
    a = file_complaint(complainant_phone="13900000002", project_name="新项目", employer_uscc=uscc)
    b = file_complaint(complainant_phone="13900000003", project_name="新项目", employer_uscc=uscc,
                       employer_name="宏达建工")
    a.refresh_from_db()
    assert a.group_suggested and b.group_suggested and services.group_candidates(b) == [a]

    # merged members are not flagged again; a newcomer is; a closed case is no look-alike
    services.group_merge(complaint_ids=[a.pk, b.pk], actor=county_officer)
    c = file_complaint(complainant_phone="13900000004", project_name="新项目", employer_uscc=uscc)
    a.refresh_from_db()
    assert c.group_suggested and not a.group_suggested and a.group_id
    closed = file_complaint(complainant_phone="13900000005", project_name="别处")
    Complaint.objects.filter(pk=closed.pk).update(status=Status.CLOSED)
    alone = file_complaint(complainant_phone="13900000006", project_name="别处")
    assert not alone.group_suggested and services.group_candidates(alone) == []


def test_sessions_created_ahead_on_fridays_skip_public_holidays(clock):
    from wage_arrears.tasks import sessions_create_ahead

    clock(dt.date(2024, 9, 23))  # Fridays ahead: 27 Sep, 4 Oct (National Day), 11 Oct, 18 Oct
    created = sessions_create_ahead.delay().get()
    dates = sorted(set(ReceptionSession.objects.values_list("date", flat=True)))
    assert dates == [dt.date(2024, 9, 27), dt.date(2024, 10, 11), dt.date(2024, 10, 18)]
    assert created == 3 * 20
    session = ReceptionSession.objects.first()
    assert session.departments.count() == Department.objects.filter(is_active=True).count()
    assert session.start_time == dt.time(14, 30)
    assert sessions_create_ahead.delay().get() == 0  # idempotent


def test_walk_in_at_a_session_and_outcomes(clock, county_officer, login, region_a):
    from tests.wage_arrears.conftest import form_data

    clock(dt.date(2024, 9, 23))
    services.sessions_create_ahead()
    session = ReceptionSession.objects.get(region=region_a, date=dt.date(2024, 9, 27))
    client = login(county_officer)
    response = client.post("/staff/wage-arrears/intake/", {**form_data(), "channel": "session", "session": session.pk})
    assert response.status_code == 302
    complaint = Complaint.objects.get()
    assert complaint.channel == "session" and complaint.session == session and complaint.created_by == county_officer
    services.session_record_outcomes(session_id=session.pk, actor=county_officer, outcomes="当场协调支付 2 人")
    session.refresh_from_db()
    assert session.held


def test_county_officer_cannot_register_for_another_region(login, other_county_officer):
    from tests.wage_arrears.conftest import form_data

    response = login(other_county_officer).post("/staff/wage-arrears/intake/", {**form_data(), "channel": "hotline"})
    assert response.status_code == 403 and Complaint.objects.count() == 0


def test_substantiated_case_and_blacklist_feed_the_contract(clock, file_complaint, county_officer, city_officer,
                                                            enterprise):
    clock(dt.date(2024, 3, 1))
    complaint = file_complaint(employer_uscc=enterprise.uscc, period_start="2023-11", period_end="2024-01")
    _walk_to(complaint, county_officer, Status.HANDLED)
    assert selectors.enterprise_ids_with_substantiated_case(2024) == {enterprise.pk}
    assert selectors.enterprise_ids_with_substantiated_case(2023) == set()
    with pytest.raises(DomainError):
        services.blacklist_add(complaint_id=complaint.pk, actor=county_officer, reason="拒不支付")
    entry = services.blacklist_add(complaint_id=complaint.pk, actor=city_officer, reason="拒不支付，责令后仍未支付")
    assert entry.listed_until == dt.date(2027, 3, 1)
    assert selectors.blacklisted_enterprise_ids(dt.date(2026, 12, 31)) == {enterprise.pk}
    assert selectors.blacklisted_enterprise_ids(dt.date(2027, 3, 2)) == set()
    with pytest.raises(DomainError):
        services.blacklist_add(complaint_id=complaint.pk, actor=city_officer, reason="again")
    clock(dt.date(2024, 8, 1))
    with pytest.raises(DomainError) as info:  # paid 1 Apr: removal only from 1 Oct
        services.blacklist_remove_early(entry_id=entry.pk, actor=city_officer, paid_on=dt.date(2024, 4, 1),
                                        requested_on=dt.date(2024, 8, 1), reason="已支付并承诺")
    assert info.value.field == "requested_on"
    clock(dt.date(2024, 10, 8))
    services.blacklist_remove_early(entry_id=entry.pk, actor=city_officer, paid_on=dt.date(2024, 4, 1),
                                    requested_on=dt.date(2024, 10, 8), reason="已支付并承诺")
    assert selectors.blacklisted_enterprise_ids(dt.date(2024, 10, 7)) == {enterprise.pk}
    assert selectors.blacklisted_enterprise_ids(dt.date(2024, 10, 9)) == set()
    assert BlacklistEntry.objects.get().removed_on == dt.date(2024, 10, 8)


def test_unsubstantiated_case_does_not_mark_the_employer(file_complaint, county_officer, enterprise):
    complaint = file_complaint(employer_uscc=enterprise.uscc)
    for step in (services.complaint_accept, services.complaint_assign):
        step(complaint_id=complaint.pk, actor=county_officer)
    services.complaint_record_contact(complaint_id=complaint.pk, actor=county_officer, note="联系")
    services.complaint_verify(complaint_id=complaint.pk, actor=county_officer, findings="已按时发放", substantiated=False)
    assert selectors.enterprise_ids_with_substantiated_case(services.today().year) == set()


def test_clearance_board(clock, file_complaint, county_officer, other_county_officer, city_officer,
                         django_assert_max_num_queries):
    clock(dt.date(2024, 6, 3))  # Monday
    months = {"period_start": "2024-03", "period_end": "2024-05"}
    complaint = _walk_to(file_complaint(**months), county_officer, Status.RESOLVED)  # paid on 3 June
    file_complaint(complainant_phone="13987654321", **months)
    clock(dt.date(2024, 6, 12))
    file_complaint(complainant_phone="13711112222", **months)
    rows = selectors.clearance_board(county_officer, on=dt.date(2024, 6, 12))
    assert [r["code"] for r in rows] == ["130502"] and rows[0]["open"] == 3
    weeks = {w["week"]: w for w in rows[0]["weeks"]}
    assert len(weeks) == 8 and max(weeks) == dt.date(2024, 6, 10)
    first, second = weeks[dt.date(2024, 6, 3)], weeks[dt.date(2024, 6, 10)]
    assert (first["received"], first["outstanding"]) == (2, 1)  # the resolved one is no longer outstanding
    assert first["recovered"] == complaint.amount_recovered and first["paid"] == 3
    assert (second["received"], second["outstanding"], second["paid"]) == (1, 2, None)
    assert weeks[dt.date(2024, 5, 27)]["outstanding"] == 0
    # overdue per week comes from the daily sweep's snapshots
    clock(dt.date(2024, 6, 14))
    services.deadlines_sweep()  # the 3 June case is late for acceptance by now
    services.deadlines_sweep()  # a second run the same day replaces the day's snapshot
    rows = selectors.clearance_board(county_officer, on=dt.date(2024, 6, 14))
    weeks = {w["week"]: w for w in rows[0]["weeks"]}
    assert weeks[dt.date(2024, 6, 10)]["overdue"] == 1 and weeks[dt.date(2024, 6, 3)]["overdue"] is None
    # another county sees its own (empty) row; city staff every region, with or without cases
    assert [(r["code"], r["open"]) for r in selectors.clearance_board(other_county_officer)] == [("130503", 0)]
    with django_assert_max_num_queries(6):
        city_rows = selectors.clearance_board(city_officer, on=dt.date(2024, 6, 12))
    assert len(city_rows) == 20 and sum(r["open"] for r in city_rows) == 3


def test_demo_seed_is_idempotent(city_officer):
    import io

    from wage_arrears import demo
    from wage_arrears.models import Site

    demo.seed(io.StringIO())
    counts = (Complaint.objects.count(), Site.objects.count(), ReceptionSession.objects.count())
    demo.seed(io.StringIO())
    assert (Complaint.objects.count(), Site.objects.count(), ReceptionSession.objects.count()) == counts
    assert counts[0] == len(demo.COMPLAINTS)
    assert set(Complaint.objects.values_list("status", flat=True)) >= {"submitted", "closed", "not_accepted", "handled"}


def test_too_old_only_when_the_arrears_really_are_older_than_the_limit(clock, file_complaint, county_officer):
    clock(dt.date(2024, 9, 2))
    recent = file_complaint()
    with pytest.raises(DomainError) as info:
        services.complaint_not_accept(complaint_id=recent.pk, actor=county_officer, reason=NotAcceptedReason.TOO_OLD)
    assert info.value.field == "reason"
    old = file_complaint(complainant_phone="13987654321", period_start="2021-06", period_end="2022-08")
    services.complaint_not_accept(complaint_id=old.pk, actor=county_officer, reason=NotAcceptedReason.TOO_OLD)
    old.refresh_from_db()
    assert old.status == Status.NOT_ACCEPTED


def test_session_admin_lists_its_cases_for_the_region_only(clock, login, county_officer, other_county_officer,
                                                           file_complaint, region_a):
    clock(dt.date(2024, 9, 23))
    services.sessions_create_ahead()
    session = ReceptionSession.objects.get(region=region_a, date=dt.date(2024, 9, 27))
    complaint = file_complaint()
    services.complaint_accept(complaint_id=complaint.pk, actor=county_officer)
    services.complaint_schedule_session(complaint_id=complaint.pk, actor=county_officer, session_id=session.pk)
    page = login(county_officer).get(f"/admin/wage_arrears/receptionsession/{session.pk}/change/").content.decode()
    assert complaint.tracking_code in page and "13812345678" not in page
    assert login(other_county_officer).get(f"/admin/wage_arrears/receptionsession/{session.pk}/change/").status_code in (
        302, 404)


def test_periodic_jobs_join_the_beat_schedule(db):
    from django_celery_beat.models import PeriodicTask

    tasks = set(PeriodicTask.objects.filter(enabled=True).values_list("task", flat=True))
    assert {"wage_arrears.deadlines_sweep", "wage_arrears.sessions_create_ahead"} <= tasks


def test_assignment_to_a_liaison_puts_the_case_in_their_queue(file_complaint, county_officer, housing_liaison,
                                                               hrss_liaison, other_county_officer, login):
    complaint = file_complaint()  # construction → housing
    services.complaint_accept(complaint_id=complaint.pk, actor=county_officer)
    for wrong in (hrss_liaison, other_county_officer):
        with pytest.raises(DomainError) as info:
            services.complaint_assign(complaint_id=complaint.pk, actor=county_officer, assignee=wrong)
        assert info.value.field == "assignee"
    response = login(county_officer).post(f"/staff/wage-arrears/cases/{complaint.pk}/assign/",
                                          {"assign-department": "", "assign-assignee": housing_liaison.pk})
    assert response.status_code == 302
    assert list(selectors.complaint_queue(housing_liaison, mine=True)) == [complaint]
    page = login(housing_liaison).get("/staff/wage-arrears/?mine=1").content.decode()
    assert complaint.tracking_code in page


def test_staff_link_an_unrecognised_employer_then_list_and_unlist_it_from_the_case_page(
        clock, file_complaint, county_officer, city_officer, housing_liaison, enterprise, login):
    clock(dt.date(2024, 3, 1))
    complaint = file_complaint(employer_name="宏达建工（工地上的叫法）", period_start="2023-11", period_end="2024-01")
    assert complaint.enterprise_id is None
    _walk_to(complaint, county_officer, Status.HANDLED)
    assert selectors.enterprise_ids_with_substantiated_case(2024) == set()  # not matched: nobody excluded
    url = f"/staff/wage-arrears/cases/{complaint.pk}/"
    county = login(county_officer)
    assert f'action="/staff/wage-arrears/cases/{complaint.pk}/match/"' in county.get(url).content.decode()
    bad = county.post(url + "match/", {"match-uscc": "91130500ABCDEFGHIJ"})
    assert bad.status_code == 400
    unknown = county.post(url + "match/", {"match-uscc": make_uscc(987654)})
    assert unknown.status_code == 400 and "企业登记信息中没有该统一社会信用代码的企业。" in unknown.content.decode()
    assert county.post(url + "match/", {"match-uscc": enterprise.uscc}).status_code == 302
    complaint.refresh_from_db()
    assert complaint.enterprise_id == enterprise.pk and complaint.employer_uscc == enterprise.uscc
    assert AuditEvent.objects.filter(action="wage_arrears.complaint.employer_matched", actor=county_officer).exists()
    assert selectors.enterprise_ids_with_substantiated_case(2024) == {enterprise.pk}

    city = login(city_officer)
    assert city.post(url + "blacklist/", {"blacklist-reason": "拒不支付"}).status_code == 302
    assert selectors.blacklisted_enterprise_ids(dt.date(2024, 3, 2)) == {enterprise.pk}
    clock(dt.date(2024, 10, 8))
    too_early = city.post(url + "unlist/", {"unlist-paid_on": "2024-06-01", "unlist-requested_on": "2024-10-08",
                                           "unlist-reason": "已支付并承诺"})
    assert too_early.status_code == 409 and selectors.blacklisted_enterprise_ids(dt.date(2024, 10, 9)) == {enterprise.pk}
    done = city.post(url + "unlist/", {"unlist-paid_on": "2024-04-01", "unlist-requested_on": "2024-10-08",
                                      "unlist-reason": "已支付并承诺"})
    assert done.status_code == 302 and selectors.blacklisted_enterprise_ids(dt.date(2024, 10, 9)) == set()
    assert f"cases/{complaint.pk}/unlist/" not in city.get(url).content.decode()  # nothing left to remove


def test_a_new_complaint_joins_a_group_case_until_its_verification(file_complaint, county_officer, api_client):
    first = file_complaint()
    second = file_complaint(complainant_phone="13987654321")
    group = services.group_merge(complaint_ids=[first.pk, second.pk], actor=county_officer)
    services.complaint_accept(complaint_id=first.pk, actor=county_officer)
    services.complaint_assign(complaint_id=first.pk, actor=county_officer, assignee=county_officer)
    newcomer = file_complaint(complainant_phone="13711112222", workers_affected="2")
    services.group_merge(complaint_ids=[first.pk, newcomer.pk], actor=county_officer)
    newcomer.refresh_from_db()
    first.refresh_from_db()
    assert newcomer.group_id == group.pk and newcomer.status == Status.ASSIGNED
    assert (newcomer.assignee, newcomer.first_contact_due, newcomer.resolve_due) == (
        county_officer, first.first_contact_due, first.resolve_due)
    assert newcomer.steps.last().note.startswith("已并入群体案件")
    # the next step moves the whole group, the newcomer included; they see the group's progress
    services.complaint_record_contact(complaint_id=first.pk, actor=county_officer, note="已联系")
    newcomer.refresh_from_db()
    assert newcomer.status == Status.IN_CONTACT
    body = api_client.get("/api/v1/wage-arrears/complaints/status/",
                          {"code": newcomer.tracking_code, "phone_last4": "2222"}).json()
    assert body["group"]["complaints"] == 3 and body["group"]["workers"] == 8
    # after verification a newcomer is handled on its own
    services.complaint_verify(complaint_id=first.pk, actor=county_officer, findings="核实", substantiated=True)
    late = file_complaint(complainant_phone="13711113333")
    with pytest.raises(DomainError):
        services.group_merge(complaint_ids=[first.pk, late.pk], actor=county_officer)
    late.refresh_from_db()
    assert late.group_id is None and late.status == Status.SUBMITTED


def test_the_extension_is_audited_once_with_the_old_and_the_new_deadline(file_complaint, county_officer, city_officer):
    """The move writes the one entry (issue 10); before it recorded the new deadline on both sides."""
    from xingtai_jobs.core.models import AuditEvent

    complaint = file_complaint()
    services.complaint_accept(complaint_id=complaint.pk, actor=county_officer)
    complaint.refresh_from_db()
    old_due = complaint.resolve_due
    extended = services.complaint_extend(complaint_id=complaint.pk, actor=city_officer, reason="案情复杂")
    (event,) = AuditEvent.objects.filter(action="wage_arrears.complaint.extended", object_id=str(complaint.pk))
    assert event.before == {"resolve_due": old_due.isoformat()}
    assert event.after == {"resolve_due": extended.resolve_due.isoformat(), "reason": "案情复杂"}
    assert event.actor == city_officer and old_due != extended.resolve_due
