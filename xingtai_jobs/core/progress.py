"""Services for TaskRun progress records (long work shown with a progress bar in the admin)."""

from __future__ import annotations

from django.db.models import F
from django.utils import timezone

from xingtai_jobs.core.models import TaskRun


def taskrun_create(*, kind: str, label: str, total: int = 0, started_by=None) -> TaskRun:
    return TaskRun.objects.create(kind=kind, label=label, total=total, started_by=started_by)


def taskrun_start(run_id: int, *, total: int | None = None) -> None:
    fields = {"status": TaskRun.Status.RUNNING, "updated_at": timezone.now()}
    if total is not None:
        fields["total"] = total
    TaskRun.objects.filter(pk=run_id).update(**fields)


def taskrun_advance(run_id: int, n: int) -> None:
    """Add ``n`` to the done counter atomically (safe from many workers at once)."""
    TaskRun.objects.filter(pk=run_id).update(done=F("done") + n, updated_at=timezone.now())


def taskrun_finish(run_id: int, *, result=None, message: str = "") -> None:
    TaskRun.objects.filter(pk=run_id).update(
        status=TaskRun.Status.DONE, result=result, message=message, finished_at=timezone.now(), updated_at=timezone.now()
    )


def taskrun_fail(run_id: int, message: str) -> None:
    TaskRun.objects.filter(pk=run_id).update(
        status=TaskRun.Status.FAILED, message=message[:2000], finished_at=timezone.now(), updated_at=timezone.now()
    )
