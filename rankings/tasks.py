"""Celery tasks: take ids, call one service."""

from __future__ import annotations

from celery import shared_task


@shared_task(name="rankings.compute_ranking", acks_late=True)
def compute_ranking(ranking_id: int, run_id: int) -> None:
    from rankings.services import ranking_compute_run

    ranking_compute_run(ranking_id=ranking_id, run_id=run_id)


@shared_task(name="rankings.start_annual_ranking")
def start_annual_ranking() -> None:
    from rankings.services import ranking_start_annual

    ranking_start_annual()
