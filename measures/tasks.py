"""Celery tasks: take ids, call one service."""

from __future__ import annotations

from celery import shared_task


@shared_task(name="measures.snapshot_weekly")
def snapshot_weekly() -> int:
    from measures.services import snapshot_take

    return snapshot_take()
