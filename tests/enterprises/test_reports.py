import datetime as dt

import pytest
from django.utils import timezone

from enterprises import rules, selectors
from enterprises.models import EmploymentReport
from enterprises.services import employment_report_review, employment_report_submit
from tests.factories import EnterpriseFactory
from xingtai_jobs.core.errors import DomainError
from xingtai_jobs.core.models import AuditEvent

pytestmark = pytest.mark.django_db

JAN, FEB, MAR = dt.date(2024, 1, 1), dt.date(2024, 2, 1), dt.date(2024, 3, 1)


def submit(enterprise, month, headcount, hires=0, seps=0, layoffs=0, **kw):
    return employment_report_submit(enterprise=enterprise, month=month, headcount=headcount, new_hires=hires,
                                    separations=seps, layoffs=layoffs, vacancies=kw.pop("vacancies", 0), **kw)


def test_first_report_has_nothing_to_compare_and_a_consistent_second_is_ok(enterprise, enterprise_user):
    first, created = submit(enterprise, JAN, 100, actor=enterprise_user)
    assert created and first.consistency == "no_previous"
    second, _ = submit(enterprise, FEB, 105, hires=8, seps=3, layoffs=1, actor=enterprise_user)
    assert second.consistency == "ok" and second.consistency_note == ""


def test_a_report_that_does_not_add_up_is_flagged_with_a_note_and_shown_to_staff(enterprise, enterprise_user, county_officer,
                                                                                   other_county_officer):
    submit(enterprise, JAN, 100, actor=enterprise_user)
    report, _ = submit(enterprise, FEB, 120, hires=5, seps=2, actor=enterprise_user)
    assert report.consistency == "inconsistent"
    assert "103" in report.consistency_note and "120" in report.consistency_note
    assert list(selectors.inconsistent_reports(county_officer, FEB)) == [report]
    assert list(selectors.inconsistent_reports(other_county_officer, FEB)) == []


def test_resubmission_before_review_updates_with_audit_and_rechecks_the_next_month(enterprise, enterprise_user):
    submit(enterprise, JAN, 90, actor=enterprise_user)
    feb, _ = submit(enterprise, FEB, 103, hires=5, seps=2, actor=enterprise_user)
    assert feb.consistency == "inconsistent"  # 90 + 5 - 2 = 93
    jan, created = submit(enterprise, JAN, 100, actor=enterprise_user, explanation="一月人数填错")
    assert not created and jan.headcount == 100
    assert EmploymentReport.objects.filter(enterprise=enterprise).count() == 2
    feb.refresh_from_db()
    assert feb.consistency == "ok"
    event = AuditEvent.objects.get(action="enterprises.report.resubmitted")
    assert event.before["headcount"] == 90 and event.after["headcount"] == 100


def test_layoffs_above_separations_and_future_months_are_refused(enterprise, enterprise_user):
    with pytest.raises(DomainError) as exc:
        submit(enterprise, JAN, 100, seps=1, layoffs=2, actor=enterprise_user)
    assert exc.value.field == "layoffs"
    future = (timezone.localdate().replace(day=28) + dt.timedelta(days=10)).replace(day=1)
    with pytest.raises(DomainError):
        submit(enterprise, future, 100, actor=enterprise_user)
    assert not EmploymentReport.objects.exists()


def test_an_enterprise_user_cannot_report_for_another_enterprise(enterprise_user, other_enterprise):
    with pytest.raises(DomainError):
        submit(other_enterprise, JAN, 10, actor=enterprise_user)
    assert not EmploymentReport.objects.exists()


def test_reviewed_reports_cannot_be_replaced_and_review_is_scoped(enterprise, enterprise_user, county_officer, other_county_officer):
    report, _ = submit(enterprise, JAN, 100, actor=enterprise_user)
    with pytest.raises(DomainError):
        employment_report_review(report_id=report.pk, actor=other_county_officer)
    employment_report_review(report_id=report.pk, actor=county_officer)
    with pytest.raises(DomainError):
        employment_report_review(report_id=report.pk, actor=county_officer)
    with pytest.raises(DomainError):
        submit(enterprise, JAN, 101, actor=enterprise_user)
    report.refresh_from_db()
    assert report.headcount == 100 and report.reviewed_by == county_officer


def test_missing_and_late_reports_per_month_and_region(enterprise, other_enterprise, county_officer, city_officer, region_a):
    third = EnterpriseFactory(region=region_a)
    on_time, _ = submit(enterprise, JAN, 10)
    late, _ = submit(third, JAN, 10)
    due = rules.report_due_date(JAN)
    assert due == dt.date(2024, 2, 15)
    EmploymentReport.objects.filter(pk=late.pk).update(submitted_at=timezone.make_aware(dt.datetime(2024, 2, 20, 9)))
    EmploymentReport.objects.filter(pk=on_time.pk).update(submitted_at=timezone.make_aware(dt.datetime(2024, 2, 15, 9)))
    assert list(selectors.missing_reports(county_officer, JAN)) == []
    assert list(selectors.missing_reports(city_officer, JAN)) == [other_enterprise]
    assert list(selectors.late_reports(county_officer, JAN)) == [late]
    assert list(selectors.missing_reports(city_officer, FEB, region=region_a)) == sorted([enterprise, third], key=lambda e: e.uscc)


def test_size_class_fallback_uses_the_2017_table():
    assert rules.compute_size_class("C30", employees=1200) == "large"
    assert rules.compute_size_class("C30", employees=300) == "medium"
    assert rules.compute_size_class("C30", employees=19) == "micro"
    assert rules.compute_size_class("F52", employees=60) == "medium"  # retail: medium from 50
    assert rules.compute_size_class("F51", employees=20) == "medium"  # wholesale: medium from 20
    assert rules.compute_size_class("K7010", employees=500) is None  # real estate development has no headcount indicator
    assert rules.compute_size_class("C30", employees=1200, revenue=1000) == "small"  # must meet every known bound
    assert rules.compute_size_class("Q84", employees=150) == "medium"  # "other" industries


@pytest.mark.parametrize(("text", "expected"), [("c30", "C30"), ("30", "C30"), ("C", "C"), ("K7010", "K7010"), ("51", "F51")])
def test_industry_codes_are_normalised(text, expected):
    assert rules.normalize_industry_code(text) == expected


@pytest.mark.parametrize("text", ["Z", "C99", "A30", "C3A", ""])
def test_bad_industry_codes_are_refused(text):
    with pytest.raises(ValueError):
        rules.normalize_industry_code(text)
