"""Kernel services (writes)."""

from __future__ import annotations

from django.db import transaction

from xingtai_jobs.core.audit import audit


@transaction.atomic
def ping_record(*, tag: str) -> str:
    """Write an audit entry proving a task ran (used by the worker round-trip test)."""
    audit("core.ping", message=tag)
    return f"pong:{tag}"


def ping_enqueue(*, tag: str, queue: str | None = None):
    """Queue a ping through the app's Celery configuration (eager without a broker)."""
    from xingtai_jobs.core.tasks import ping

    return ping.apply_async(args=[tag], queue=queue) if queue else ping.delay(tag)
