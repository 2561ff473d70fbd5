from celery import shared_task

from recruitment import services


@shared_task(name="recruitment.queue_stale_contacts")
def queue_stale_contacts() -> int:
    """Daily: graduates not contacted for the policy gap go to their caseworker's work queue."""
    return services.stale_contacts_queue()


@shared_task(name="recruitment.delete_expired_applications")
def delete_expired_applications() -> int:
    """Daily: job seekers' contacts older than the retention figure are deleted."""
    return services.expired_applications_delete()
