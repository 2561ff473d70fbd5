"""The reported figure's state machine (measures/workflows.py): the report page shows a step's button
exactly when the table allows it, and the services refuse every other state with nothing changed."""

from __future__ import annotations

import datetime as dt
import itertools
from decimal import Decimal

import pytest
from django.urls import reverse

from measures import services
from measures.models import Indicator, Report
from measures.workflows import REPORT
from tests.workflow_matrix import assert_buttons_and_services_follow_the_table
from xingtai_jobs.core.errors import DomainError
from xingtai_jobs.core.models import AuditEvent

pytestmark = pytest.mark.django_db
S = Report.Status
BUTTONS = {"approve": 'value="approve"', "return": 'value="return"', "correct": 'value="supersede"'}


@pytest.fixture
def agencies(db):
    return Indicator.objects.get(code="hr_agencies_engaged")


def _submit(indicator, region, actor, day: dt.date, **kw):
    return services.report_submit(indicator=indicator, region=region, actor=actor, period_start=day, period_end=day,
                                  value=Decimal("4"), evidence_link="https://example.org/list.pdf", **kw)


def test_every_report_step_follows_the_table(agencies, county_officer, region_a, city_officer, login):
    days = (dt.date(2024, 1, 1) + dt.timedelta(days=n) for n in itertools.count())

    def make(state: str, step: str) -> Report:
        report = _submit(agencies, region_a, county_officer, next(days))
        Report.objects.filter(pk=report.pk).update(status=state)
        return Report.objects.get(pk=report.pk)

    def page(step: str, report: Report) -> str:
        response = login(city_officer).get(reverse("measures:staff-report", args=[report.pk]))
        assert response.status_code == 200
        return response.content.decode()

    def call(step: str, report: Report):
        report = Report.objects.get(pk=report.pk)
        if step == "approve":
            return services.report_approve(report=report, actor=city_officer)
        if step == "return":
            return services.report_return(report=report, actor=city_officer, note="缺少机构名单")
        correction = services.report_submit(
            indicator=agencies, region=region_a, actor=county_officer, period_start=report.period_start,
            period_end=report.period_end, value=Decimal("5"), evidence_link="https://example.org/fix.pdf",
            supersedes=report, reason="漏报1家机构")
        if step == "supersede":
            services.report_approve(report=correction, actor=city_officer)
        return correction

    counts = assert_buttons_and_services_follow_the_table(
        REPORT, make=make, page=page, button=lambda step, r: BUTTONS[step], call=call,
        state_of=lambda r: Report.objects.get(pk=r.pk).status)
    assert counts == {"shown": 3, "hidden": 9, "done": 4, "refused": 12}


def test_who_may_decide_reads_the_table_on_the_page_and_in_the_service(
        agencies, county_officer, city_officer, second_city_officer, login):
    own = _submit(agencies, None, city_officer, dt.date(2024, 2, 1))
    html = login(city_officer).get(reverse("measures:staff-report", args=[own.pk])).content.decode()
    assert BUTTONS["approve"] not in html and BUTTONS["return"] not in html  # not the submitter
    with pytest.raises(DomainError) as info:
        services.report_approve(report=own, actor=city_officer)
    assert info.value.code == "forbidden"
    assert REPORT.available(county_officer, own) == []
    assert [s.name for s in REPORT.available(second_city_officer, own)] == ["approve", "return"]
    services.report_approve(report=own, actor=second_city_officer)
    assert Report.objects.get(pk=own.pk).status == S.APPROVED


def test_a_waiting_correction_hides_the_correction_form_and_a_county_sees_only_its_own(
        agencies, county_officer, other_county_officer, region_a, city_officer, login):
    report = _submit(agencies, region_a, county_officer, dt.date(2024, 3, 1))
    services.report_approve(report=report, actor=city_officer)
    url = reverse("measures:staff-report", args=[report.pk])
    assert BUTTONS["correct"] in login(county_officer).get(url).content.decode()
    assert not REPORT.may("correct", other_county_officer, report)
    with pytest.raises(DomainError) as info:
        _submit(agencies, region_a, other_county_officer, dt.date(2024, 3, 1), supersedes=report, reason="x")
    assert info.value.code == "forbidden"
    _submit(agencies, region_a, county_officer, dt.date(2024, 3, 1), supersedes=report, reason="漏报")
    assert BUTTONS["correct"] not in login(county_officer).get(url).content.decode()
    audits = AuditEvent.objects.count()
    with pytest.raises(DomainError) as info:
        _submit(agencies, region_a, county_officer, dt.date(2024, 3, 1), supersedes=report, reason="再改")
    assert info.value.code == "conflict" and AuditEvent.objects.count() == audits


def test_the_decision_is_recorded_on_the_report_and_in_the_audit(agencies, county_officer, region_a, city_officer):
    report = _submit(agencies, region_a, county_officer, dt.date(2024, 4, 1))
    services.report_return(report=report, actor=city_officer, note=" 缺少名单 ")
    stored = Report.objects.get(pk=report.pk)
    assert (stored.status, stored.decided_by_id, stored.decision_note) == (S.RETURNED, city_officer.pk, "缺少名单")
    event = AuditEvent.objects.get(action="measures.report.returned", object_id=str(report.pk))
    assert event.before["status"] == "submitted" and event.after["status"] == "returned"
    assert event.after["note"] == "缺少名单"
