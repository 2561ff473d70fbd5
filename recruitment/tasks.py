from celery import shared_task

from recruitment import services


@shared_task(name="recruitment.queue_stale_contacts")
def queue_stale_contacts() -> int:
    """Daily: graduates not contacted for the policy gap go to their caseworker's work queue."""
    return services.stale_contacts_queue()
