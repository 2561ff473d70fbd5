"""The complaint's state machine (wage_arrears/workflows.py) decides both the case page's buttons and
the services; the mismatches the two used to have are decided by the stricter side."""

from __future__ import annotations

import datetime as dt

import pytest

from tests.factories import make_uscc
from tests.workflow_matrix import assert_buttons_and_services_follow_the_table
from wage_arrears import services
from wage_arrears.models import BlacklistEntry, Complaint, ComplaintGroup, ReceptionSession, Status
from wage_arrears.workflows import COMPLAINT
from xingtai_jobs.core.errors import DomainError
from xingtai_jobs.core.models import AuditEvent, Department

pytestmark = pytest.mark.django_db

TODAY = dt.date(2024, 12, 2)


@pytest.fixture
def matrix(clock, file_complaint, city_officer, enterprise, login, region_a):
    clock(TODAY)
    client = login(city_officer)
    session = ReceptionSession.objects.create(region=region_a, date=TODAY + dt.timedelta(days=4),
                                              start_time=dt.time(14, 30))
    counter = {"n": 0}

    def make(state: str, step: str) -> Complaint:
        counter["n"] += 1
        complaint = file_complaint(complainant_phone=f"138{counter['n']:08d}", project_name=f"项目{counter['n']}")
        fields = {"status": state, "accepted_on": TODAY, "resolve_due": TODAY + dt.timedelta(days=60),
                  "assigned_on": TODAY, "substantiated": True, "enterprise_id": enterprise.pk,
                  "employer_uscc": enterprise.uscc}
        if step == "match":
            fields.update(enterprise_id=None, employer_uscc="")
        Complaint.objects.filter(pk=complaint.pk).update(**fields)
        BlacklistEntry.objects.all().delete()
        if step == "unlist":
            BlacklistEntry.objects.create(enterprise=enterprise, complaint=complaint, reason="拒不支付",
                                          listed_on=dt.date(2024, 1, 2), listed_until=dt.date(2027, 1, 2))
        return complaint

    def call(step: str, c: Complaint):
        kw = {"complaint_id": c.pk, "actor": city_officer}
        return {
            "accept": lambda: services.complaint_accept(**kw),
            "not_accept": lambda: services.complaint_not_accept(**kw, reason="no_employer"),
            "assign": lambda: services.complaint_assign(**kw),
            "contact": lambda: services.complaint_record_contact(**kw, note="已联系"),
            "verify": lambda: services.complaint_verify(**kw, findings="核实", substantiated=True),
            "handle": lambda: services.complaint_handle(**kw, outcome="ordered"),
            "resolve": lambda: services.complaint_resolve(**kw, amount_recovered="100", workers_paid=1,
                                                          paid_on=TODAY),
            "inform": lambda: services.complaint_inform(**kw),
            "close": lambda: services.complaint_close(**kw),
            "extend": lambda: services.complaint_extend(**kw, reason="案情复杂"),
            "reroute": lambda: services.complaint_reroute(**kw, department=Department.objects.get(code="hrss"),
                                                          reason="实为工厂用工"),
            "schedule": lambda: services.complaint_schedule_session(**kw, session_id=session.pk),
            "blacklist": lambda: services.blacklist_add(**kw, reason="拒不支付"),
            "unlist": lambda: services.blacklist_remove_early_for_complaint(
                **kw, paid_on=dt.date(2024, 3, 1), requested_on=TODAY, reason="已支付并承诺"),
            "match": lambda: services.complaint_match_employer(**kw, uscc=enterprise.uscc),
        }[step]()

    return {
        "make": make, "call": call,
        "page": lambda step, c: client.get(f"/staff/wage-arrears/cases/{c.pk}/").content.decode(),
        "button": lambda step, c: f'action="/staff/wage-arrears/cases/{c.pk}/{step}/"',
        "state_of": lambda c: Complaint.objects.get(pk=c.pk).status,
    }


def test_every_button_and_every_service_follow_the_complaint_table(matrix):
    steps = [s.name for s in COMPLAINT.steps if s.button]
    counts = assert_buttons_and_services_follow_the_table(COMPLAINT, steps=steps, **matrix)
    allowed = sum(len(COMPLAINT.step(name).sources) for name in steps)
    assert counts["shown"] == counts["done"] == allowed
    assert counts["hidden"] == counts["refused"] == len(steps) * len(Status.values) - allowed


def test_the_table_is_what_the_bureau_asked_for():
    """The table itself, written out: a change to it must change this test too."""
    sources = {s.name: set(s.sources) for s in COMPLAINT.steps}
    assert sources["accept"] == sources["not_accept"] == {Status.SUBMITTED}
    assert sources["resolve"] == {Status.VERIFIED, Status.HANDLED}
    assert sources["blacklist"] == {Status.HANDLED, Status.RESOLVED, Status.INFORMED, Status.CLOSED}
    assert Status.NOT_ACCEPTED not in sources["match"]
    assert sources["schedule"] == sources["extend"] == {Status.ACCEPTED, Status.ASSIGNED, Status.IN_CONTACT,
                                                        Status.VERIFIED, Status.HANDLED}
    assert Status.CLOSED not in sources["reroute"] and Status.NOT_ACCEPTED not in sources["reroute"]


def test_a_county_officer_sees_no_city_button_and_the_service_refuses_him(clock, file_complaint, county_officer,
                                                                        login, enterprise):
    clock(TODAY)
    c = file_complaint(employer_uscc=enterprise.uscc)
    Complaint.objects.filter(pk=c.pk).update(status=Status.HANDLED, substantiated=True, accepted_on=TODAY,
                                             resolve_due=TODAY + dt.timedelta(days=30))
    html = login(county_officer).get(f"/staff/wage-arrears/cases/{c.pk}/").content.decode()
    for step in ("extend", "blacklist"):
        assert f"/cases/{c.pk}/{step}/" not in html
    for call in (lambda: services.complaint_extend(complaint_id=c.pk, actor=county_officer, reason="复杂"),
                 lambda: services.blacklist_add(complaint_id=c.pk, actor=county_officer, reason="拒不支付")):
        with pytest.raises(DomainError) as info:
            call()
        assert info.value.code == "forbidden"


# --- the mismatches of the old two copies, decided by the stricter side --------------------------


def test_listing_needs_a_handled_case_not_only_a_substantiated_one(clock, file_complaint, city_officer, enterprise,
                                                                  login):
    """The service used to list from any substantiated case (a verified one too); the page offered the
    button only from 处理 on. The stricter side wins."""
    clock(TODAY)
    c = file_complaint(employer_uscc=enterprise.uscc)
    Complaint.objects.filter(pk=c.pk).update(status=Status.VERIFIED, substantiated=True)
    assert f"/cases/{c.pk}/blacklist/" not in login(city_officer).get(f"/staff/wage-arrears/cases/{c.pk}/").content.decode()
    with pytest.raises(DomainError) as info:
        services.blacklist_add(complaint_id=c.pk, actor=city_officer, reason="拒不支付")
    assert info.value.code == "conflict" and not BlacklistEntry.objects.exists()


def test_listing_an_unmatched_employer_shows_no_button(clock, file_complaint, city_officer, login):
    clock(TODAY)
    c = file_complaint(employer_name="不在登记库里的老板")
    Complaint.objects.filter(pk=c.pk).update(status=Status.HANDLED, substantiated=True)
    html = login(city_officer).get(f"/staff/wage-arrears/cases/{c.pk}/").content.decode()
    assert f"/cases/{c.pk}/blacklist/" not in html and f"/cases/{c.pk}/match/" in html
    with pytest.raises(DomainError) as info:
        services.blacklist_add(complaint_id=c.pk, actor=city_officer, reason="拒不支付")
    assert info.value.code == "conflict"


def test_a_not_accepted_case_cannot_be_matched_to_an_employer(clock, file_complaint, county_officer, enterprise):
    """The service used to match the employer of a not-accepted case (the page hid the button)."""
    clock(TODAY)
    c = file_complaint(employer_name="不在登记库里的老板")
    services.complaint_not_accept(complaint_id=c.pk, actor=county_officer, reason="no_employer")
    with pytest.raises(DomainError) as info:
        services.complaint_match_employer(complaint_id=c.pk, actor=county_officer, uscc=enterprise.uscc)
    assert info.value.code == "conflict"
    c.refresh_from_db()
    assert c.enterprise_id is None


def test_a_matched_case_is_not_matched_again(clock, file_complaint, county_officer, enterprise, other_enterprise):
    clock(TODAY)
    c = file_complaint(employer_uscc=enterprise.uscc)
    with pytest.raises(DomainError) as info:
        services.complaint_match_employer(complaint_id=c.pk, actor=county_officer, uscc=other_enterprise.uscc)
    assert info.value.code == "conflict"
    assert Complaint.objects.get(pk=c.pk).enterprise_id == enterprise.pk


def test_a_closed_case_is_not_put_on_a_session_agenda(clock, file_complaint, county_officer, region_a):
    """The service used to schedule a case in any state (the page offered it during resolution only)."""
    clock(TODAY)
    c = file_complaint()
    Complaint.objects.filter(pk=c.pk).update(status=Status.CLOSED)
    session = ReceptionSession.objects.create(region=region_a, date=TODAY + dt.timedelta(days=4),
                                              start_time=dt.time(14, 30))
    with pytest.raises(DomainError) as info:
        services.complaint_schedule_session(complaint_id=c.pk, actor=county_officer, session_id=session.pk)
    assert info.value.code == "conflict" and Complaint.objects.get(pk=c.pk).session_id is None


def test_joining_a_group_case_goes_through_the_guard_with_an_audit_entry_per_joiner(file_complaint, county_officer):
    """Joiners used to be moved by one bulk UPDATE, without the state guard and without audit entries."""
    first = file_complaint()
    second = file_complaint(complainant_phone="13987654321")
    services.group_merge(complaint_ids=[first.pk, second.pk], actor=county_officer)
    services.complaint_accept(complaint_id=first.pk, actor=county_officer)
    services.complaint_assign(complaint_id=first.pk, actor=county_officer)
    newcomer = file_complaint(complainant_phone="13711112222")
    services.group_merge(complaint_ids=[first.pk, newcomer.pk], actor=county_officer)
    newcomer.refresh_from_db()
    first.refresh_from_db()
    assert newcomer.status == Status.ASSIGNED and newcomer.group_id == first.group_id
    event = AuditEvent.objects.get(action="wage_arrears.complaint.joined_group", object_id=str(newcomer.pk))
    assert event.before["status"] == Status.SUBMITTED and event.after["status"] == Status.ASSIGNED
    assert event.actor == county_officer
    assert ComplaintGroup.objects.count() == 1


def test_the_join_step_refuses_a_complaint_that_left_submitted(file_complaint, county_officer):
    """A joiner is moved only while it is still submitted: the table's guard, not a bulk UPDATE."""
    lead = file_complaint()
    services.complaint_accept(complaint_id=lead.pk, actor=county_officer)
    joiner = file_complaint(complainant_phone="13987654321")
    Complaint.objects.filter(pk=joiner.pk).update(status=Status.NOT_ACCEPTED)
    joiner.refresh_from_db()
    with pytest.raises(DomainError) as info:
        COMPLAINT.move("join_group", joiner, to=Status.ACCEPTED, actor=county_officer)
    assert info.value.code == "conflict"
    assert Complaint.objects.get(pk=joiner.pk).status == Status.NOT_ACCEPTED
    with pytest.raises(ValueError, match="not a declared target"):
        COMPLAINT.move("join_group", joiner, to=Status.CLOSED, actor=county_officer)


def test_a_uscc_that_is_not_registered_still_gets_its_field_message(clock, file_complaint, county_officer):
    clock(TODAY)
    c = file_complaint(employer_name="不在登记库里的老板")
    with pytest.raises(DomainError) as info:
        services.complaint_match_employer(complaint_id=c.pk, actor=county_officer, uscc=make_uscc(987654))
    assert info.value.field == "uscc"
