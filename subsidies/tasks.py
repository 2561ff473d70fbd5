"""Celery tasks: take ids, call one service."""

from __future__ import annotations

from celery import shared_task


@shared_task(name="subsidies.screening_dispatch")
def screening_dispatch(run_id: int, round_id: int, bounds: list, as_of: str | None = None) -> None:
    from xingtai_jobs.core import progress

    progress.taskrun_start(run_id, total=len(bounds))
    if not bounds:
        progress.taskrun_finish(run_id, message="done")
    for lo, hi in bounds:
        screening_chunk.delay(run_id, round_id, lo, hi, len(bounds), as_of)


@shared_task(name="subsidies.screening_chunk", acks_late=True)
def screening_chunk(run_id: int, round_id: int, lo: int, hi: int, total: int, as_of: str | None = None) -> dict:
    import datetime as dt

    from subsidies.services import screening_write_chunk
    from xingtai_jobs.core import progress
    from xingtai_jobs.core.errors import DomainError
    from xingtai_jobs.core.models import TaskRun

    try:
        result = screening_write_chunk(round_id=round_id, id_range=(lo, hi), as_of=dt.date.fromisoformat(as_of) if as_of else None)
    except DomainError as exc:
        progress.taskrun_fail(run_id, str(exc))
        raise
    progress.taskrun_advance(run_id, 1)
    if TaskRun.objects.filter(pk=run_id, done__gte=total).exists():
        progress.taskrun_finish(run_id, message="done")
    return result


@shared_task(name="subsidies.payout_batch_fill", acks_late=True)
def payout_batch_fill(batch_id: int) -> None:
    from subsidies.services import payout_batch_fill as fill

    fill(batch_id=batch_id)


@shared_task(name="subsidies.close_notices")
def close_notices() -> int:
    from subsidies.services import notices_close_due

    return notices_close_due()
