from celery import shared_task

from xingtai_jobs.core import services


@shared_task(name="core.ping")
def ping(tag: str) -> str:
    """A tiny task used by the health checks and the worker round-trip test."""
    return services.ping_record(tag=tag)
