"""Reported figures: submit with evidence (checked by content), approve, return, supersede with a
reason, all audited; county scoping on every path; bad input refused with nothing changed."""

import datetime as dt
from decimal import Decimal

import pytest
from django.urls import reverse

from measures import services
from measures.models import Indicator, Report
from tests.measures.helpers import county, progress
from tests.wage_arrears.conftest import ELF_BYTES, png_bytes, upload
from xingtai_jobs.core.errors import DomainError
from xingtai_jobs.core.models import AuditEvent

pytestmark = pytest.mark.django_db
D = dt.date


@pytest.fixture
def agencies(db):
    return Indicator.objects.get(code="hr_agencies_engaged")


Q1_START, Q1_END = D(2024, 1, 1), D(2024, 3, 31)


def submit(indicator, region, actor, start=Q1_START, end=Q1_END, value="12", **kw):
    kw.setdefault("evidence_link", "https://example.org/list.pdf")
    return services.report_submit(indicator=indicator, region=region, actor=actor, period_start=start, period_end=end,
                                  value=Decimal(value), **kw)


def test_approved_reports_add_up_by_period_end_and_a_submitted_one_does_not(agencies, county_officer, region_a, city_officer):
    assert progress("hr_agencies_engaged", as_of=D(2024, 9, 30))["status"] == "no_data"
    first = submit(agencies, region_a, county_officer, evidence=upload("名单.png", png_bytes(), "image/png"), evidence_link="")
    second = submit(agencies, region_a, county_officer, start=D(2024, 4, 1), end=D(2024, 6, 30), value="30")
    assert progress("hr_agencies_engaged", as_of=D(2024, 9, 30))["status"] == "no_data"  # nothing approved yet
    services.report_approve(report=first, actor=city_officer)
    row = progress("hr_agencies_engaged", as_of=D(2024, 9, 30), regions=True)
    assert row["value"] == 12 and county(row, "130502")["value"] == 12 and row["status"] == "at_risk"
    services.report_approve(report=second, actor=city_officer)
    assert progress("hr_agencies_engaged", as_of=D(2024, 6, 29))["value"] == 12  # dated by the period's end
    assert progress("hr_agencies_engaged", as_of=D(2024, 6, 30))["value"] == 42
    assert set(AuditEvent.objects.filter(object_id__in=[str(first.pk), str(second.pk)]).values_list("action", flat=True)) == {
        "measures.report.submitted", "measures.report.approved"}


def test_supersession_replaces_the_approved_figure_only_once_approved_and_is_audited(agencies, county_officer, region_a, city_officer):
    old = submit(agencies, region_a, county_officer, value="12")
    services.report_approve(report=old, actor=city_officer)
    with pytest.raises(DomainError):
        submit(agencies, region_a, county_officer, value="15")  # overlapping period, no supersession
    with pytest.raises(DomainError) as no_reason:
        submit(agencies, region_a, county_officer, value="15", supersedes=old, reason="  ")
    assert no_reason.value.field == "reason"
    new = submit(agencies, region_a, county_officer, value="15", supersedes=old, reason="漏报3家机构")
    assert progress("hr_agencies_engaged", as_of=D(2024, 3, 31))["value"] == 12  # the old one counts meanwhile
    with pytest.raises(DomainError):
        submit(agencies, region_a, county_officer, value="16", supersedes=old, reason="再改")  # one correction at a time
    services.report_approve(report=new, actor=city_officer)
    old.refresh_from_db()
    assert old.status == Report.Status.SUPERSEDED and progress("hr_agencies_engaged", as_of=D(2024, 3, 31))["value"] == 15
    event = AuditEvent.objects.get(action="measures.report.superseded", object_id=str(old.pk))
    assert event.after["reason"] == "漏报3家机构" and event.before["value"] == "12.00"
    with pytest.raises(DomainError):
        submit(agencies, region_a, county_officer, value="1", supersedes=old, reason="x")  # superseded: no longer approved
    with pytest.raises(DomainError):
        services.report_approve(report=new, actor=city_officer)  # already decided


def test_decisions_are_for_city_staff_other_than_the_submitter_and_a_return_needs_a_reason(
        agencies, county_officer, region_a, city_officer, second_city_officer):
    report = submit(agencies, region_a, county_officer)
    with pytest.raises(DomainError):
        services.report_approve(report=report, actor=county_officer)
    with pytest.raises(DomainError):
        services.report_return(report=report, actor=city_officer, note=" ")
    services.report_return(report=report, actor=city_officer, note="缺少机构名单")
    report.refresh_from_db()
    assert report.status == Report.Status.RETURNED and report.decision_note == "缺少机构名单"
    with pytest.raises(DomainError):
        services.report_approve(report=report, actor=city_officer)
    own = submit(agencies, None, city_officer, start=D(2024, 4, 1), end=D(2024, 4, 30))
    with pytest.raises(DomainError):
        services.report_approve(report=own, actor=city_officer)
    services.report_approve(report=own, actor=second_city_officer)


@pytest.mark.parametrize("change, field", [
    ({"value": "-1"}, "value"),
    ({"value": "2.5"}, "value"),  # a count
    ({"start": D(2024, 5, 1), "end": D(2024, 4, 1)}, "period_end"),
    ({"start": D(2023, 12, 1), "end": D(2024, 1, 31)}, "period_end"),
    ({"end": dt.date.today() + dt.timedelta(days=1), "start": dt.date.today()}, "period_end"),
    ({"evidence_link": ""}, "evidence"),
    ({"evidence_link": "javascript:alert(1)"}, "evidence_link"),
    ({"evidence": "elf", "evidence_link": ""}, "evidence"),
    ({"evidence": "fake_png", "evidence_link": ""}, "evidence"),
])
def test_bad_reports_are_refused_and_nothing_is_written(agencies, county_officer, region_a, change, field):
    if change.get("evidence") == "elf":
        change["evidence"] = upload("名单.pdf", ELF_BYTES, "application/pdf")
    elif change.get("evidence") == "fake_png":
        change["evidence"] = upload("名单.png", b"MZ this is not a picture" * 20, "image/png")
    with pytest.raises(DomainError) as exc:
        submit(agencies, region_a, county_officer, **change)
    assert exc.value.field == field
    assert not Report.objects.exists() and not AuditEvent.objects.filter(action__startswith="measures.report").exists()


def test_county_staff_report_only_for_their_county_and_only_reported_indicators(agencies, county_officer, region_b):
    with pytest.raises(DomainError):
        submit(agencies, region_b, county_officer)
    with pytest.raises(DomainError):
        submit(agencies, None, county_officer)  # city level is for city staff
    with pytest.raises(DomainError):
        submit(Indicator.objects.get(code="internship_posts"), county_officer.region, county_officer)  # computed


def test_report_pages_are_scoped_by_county(login, agencies, county_officer, other_county_officer, region_a, region_b, city_officer):
    mine = submit(agencies, region_a, county_officer, evidence=upload("名单.png", png_bytes(), "image/png"), evidence_link="")
    theirs = submit(agencies, region_b, other_county_officer)
    client = login(county_officer)
    listing = client.get(reverse("measures:staff-reports")).content.decode()
    assert reverse("measures:staff-report", args=[mine.pk]) in listing
    assert reverse("measures:staff-report", args=[theirs.pk]) not in listing
    assert client.get(reverse("measures:staff-report", args=[theirs.pk])).status_code == 404
    assert client.get(reverse("measures:staff-report-evidence", args=[theirs.pk])).status_code == 404
    assert client.get(reverse("measures:staff-report-evidence", args=[mine.pk])).status_code == 200
    # the county form offers only the officer's county; a forged one is refused with a message, nothing written
    response = client.post(reverse("measures:staff-reports"), {
        "indicator": agencies.pk, "region": region_b.pk, "period_start": "2024-04-01", "period_end": "2024-04-30", "value": "3",
        "evidence_link": "https://example.org/x"})
    assert response.status_code == 400 and Report.objects.count() == 2
    # a county officer cannot approve through the page either
    response = client.post(reverse("measures:staff-report", args=[mine.pk]), {"action": "approve"})
    assert response.status_code == 403
    mine.refresh_from_db()
    assert mine.status == Report.Status.SUBMITTED
    assert login(city_officer).post(reverse("measures:staff-report", args=[mine.pk]), {"action": "approve"}).status_code == 302
    mine.refresh_from_db()
    assert mine.status == Report.Status.APPROVED
