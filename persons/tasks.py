"""Celery tasks: take ids, call one service."""

from __future__ import annotations

from celery import shared_task


@shared_task(name="persons.check_contribution_orphans")
def check_contribution_orphans() -> dict[str, int]:
    from persons.integrity import check_contribution_orphans as check

    return check()
