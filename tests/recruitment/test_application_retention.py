"""Job seekers' contacts left for employers (JobApplication) are kept for the policy figure
``recruitment.application_retention_months`` (provisional, bureau practice + PIPL art. 19) and then
deleted by a daily task: the employer no longer sees them, the audit entry names only the count."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from recruitment import services
from recruitment.models import JobApplication
from recruitment.rules import application_kept_from
from recruitment.tasks import delete_expired_applications
from tests.factories import set_policy_figure
from tests.recruitment.factories import PostingFactory
from xingtai_jobs.core import policy
from xingtai_jobs.core.models import AuditEvent

TODAY = dt.date(2026, 8, 31)


def test_kept_from_counts_calendar_months_and_ends_on_the_months_last_day():
    assert application_kept_from(dt.date(2024, 8, 31), 6) == dt.date(2024, 2, 29)
    assert application_kept_from(dt.date(2026, 8, 31), 6) == dt.date(2026, 2, 28)
    assert application_kept_from(dt.date(2026, 3, 15), 1) == dt.date(2026, 2, 15)
    assert application_kept_from(dt.date(2026, 1, 10), 12) == dt.date(2025, 1, 10)
    with pytest.raises(ValueError):
        application_kept_from(TODAY, 0)


def _left_on(posting, day: dt.date, phone: str, *, hour: int = 12) -> JobApplication:
    app = JobApplication.objects.create(posting=posting, enterprise=posting.enterprise, name="李四", phone=phone,
                                        education="bachelor", consented_at=timezone.now())
    at = timezone.make_aware(dt.datetime.combine(day, dt.time(hour)))
    JobApplication.objects.filter(pk=app.pk).update(created_at=at)
    return app


@pytest.mark.django_db
def test_the_retention_is_a_provisional_policy_figure_with_its_source():
    state = next(s for s in policy.figures("recruitment.") if s.spec.key == "recruitment.application_retention_months")
    assert state.provisional
    assert "个人信息保护法" in state.rows[0].source
    assert policy.value("recruitment.application_retention_months", on=TODAY) == 6


@pytest.mark.django_db
def test_applications_older_than_the_figure_are_deleted_and_the_others_kept(enterprise):
    posting = PostingFactory(enterprise=enterprise)
    other = PostingFactory()  # another enterprise's posting: the same rule
    old = _left_on(posting, dt.date(2026, 2, 27), "13900000001", hour=23)  # late evening, local time
    older = _left_on(other, dt.date(2025, 6, 1), "13900000002")
    first_kept = _left_on(posting, dt.date(2026, 2, 28), "13900000003", hour=0)
    recent = _left_on(other, dt.date(2026, 8, 30), "13900000004")

    assert services.expired_applications_delete(today=TODAY) == 2
    assert set(JobApplication.objects.values_list("pk", flat=True)) == {first_kept.pk, recent.pk}
    assert not JobApplication.objects.filter(pk__in=[old.pk, older.pk]).exists()
    entry = AuditEvent.objects.get(action="recruitment.application.expired")
    assert "2 job applications" in entry.message and "2026-02-28" in entry.message
    assert "1390000000" not in entry.message and "李四" not in entry.message  # no personal data in the log
    # idempotent: nothing more to delete the same day
    assert services.expired_applications_delete(today=TODAY) == 0


@pytest.mark.django_db
def test_staff_change_the_figure_and_the_task_follows_it(enterprise):
    posting = PostingFactory(enterprise=enterprise)
    three_months = _left_on(posting, dt.date(2026, 5, 20), "13900000005")
    set_policy_figure("recruitment.application_retention_months", 12, on=TODAY)
    assert services.expired_applications_delete(today=TODAY) == 0
    set_policy_figure("recruitment.application_retention_months", 2, on=TODAY)
    assert services.expired_applications_delete(today=TODAY) == 1
    assert not JobApplication.objects.filter(pk=three_months.pk).exists()


@pytest.mark.django_db
def test_an_expired_contact_no_longer_reaches_the_employer(login, enterprise, enterprise_user):
    posting = PostingFactory(enterprise=enterprise, title="数控车工")
    _left_on(posting, timezone.localdate() - dt.timedelta(days=400), "13912345678")
    hr = login(enterprise_user)
    assert "139****5678" in hr.get("/enterprise/recruitment/").content.decode()
    assert delete_expired_applications.delay().get() == 1  # the Celery task runs the same service
    assert "139****5678" not in hr.get("/enterprise/recruitment/").content.decode()


@pytest.mark.django_db
def test_the_daily_task_is_a_periodic_task_staff_can_edit():
    from django.apps import apps
    from django_celery_beat.models import PeriodicTask

    entry = apps.get_app_config("recruitment").beat_schedule["recruitment-expired-applications"]
    assert entry["task"] == "recruitment.delete_expired_applications"
    row = PeriodicTask.objects.get(name="recruitment-expired-applications")
    assert row.task == "recruitment.delete_expired_applications" and row.enabled
