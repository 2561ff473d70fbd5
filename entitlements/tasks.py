from celery import shared_task


@shared_task(name="entitlements.compute_lines")
def compute_lines() -> dict:
    """Monthly (beat): every round's lines up to the last month whose contributions are in."""
    from entitlements.services import compute_all

    return compute_all()
