"""Periodic jobs: each calls one service."""

from celery import shared_task


@shared_task(name="wage_arrears.deadlines_sweep")
def deadlines_sweep() -> dict:
    from .services import deadlines_sweep as sweep

    return sweep()


@shared_task(name="wage_arrears.sessions_create_ahead")
def sessions_create_ahead() -> int:
    from .services import sessions_create_ahead as create

    return create()
