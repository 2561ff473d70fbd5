"""The employment report's review (enterprises/workflows.py): a derived state (reviewed or not) that
guards the review and the enterprise's replacement of the month's report."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from enterprises.models import EmploymentReport
from enterprises.services import employment_report_review, employment_report_submit
from enterprises.workflows import REPORT_REVIEW, ReviewState
from tests.workflow_matrix import assert_buttons_and_services_follow_the_table
from xingtai_jobs.core.errors import DomainError

pytestmark = pytest.mark.django_db


def test_the_review_service_follows_the_table(enterprise, county_officer):
    months = iter(range(1, 13))

    def make(state: str, step: str) -> EmploymentReport:
        return EmploymentReport.objects.create(
            enterprise=enterprise, month=dt.date(2024, next(months), 1), headcount=10, new_hires=0, separations=0,
            layoffs=0, vacancies=0, reviewed_at=timezone.now() if state == ReviewState.REVIEWED else None)

    def call(step: str, report: EmploymentReport):
        if step == "review":
            return employment_report_review(report_id=report.pk, actor=county_officer)
        return employment_report_submit(enterprise=enterprise, month=report.month, headcount=11, new_hires=1,
                                        separations=0, layoffs=0, vacancies=0, actor=county_officer)

    counts = assert_buttons_and_services_follow_the_table(
        REPORT_REVIEW, steps=["review", "replace"], make=make, page=None, button=lambda s, r: "", call=call,
        state_of=lambda r: REPORT_REVIEW.state(EmploymentReport.objects.get(pk=r.pk)))
    assert counts == {"shown": 0, "hidden": 0, "done": 2, "refused": 2}


def test_a_reviewed_month_keeps_its_figures(enterprise, enterprise_user):
    report = EmploymentReport.objects.create(enterprise=enterprise, month=dt.date(2024, 3, 1), headcount=10,
                                             new_hires=0, separations=0, layoffs=0, vacancies=0,
                                             reviewed_at=timezone.now())
    with pytest.raises(DomainError) as info:
        employment_report_submit(enterprise=enterprise, month=report.month, headcount=99, new_hires=0, separations=0,
                                 layoffs=0, vacancies=0, actor=enterprise_user)
    assert info.value.code == "conflict" and info.value.field == "month"
    assert EmploymentReport.objects.get(pk=report.pk).headcount == 10
