from celery import shared_task


@shared_task(name="entitlements.compute_lines")
def compute_lines() -> dict:
    """Monthly (beat): every round's lines up to the last month whose contributions are in."""
    from entitlements.services import compute_all

    return compute_all()


@shared_task(name="entitlements.reconcile_lines")
def reconcile_lines() -> dict:
    """Quarterly (beat): every history recomputed; corrections of paid months become adjustments."""
    from entitlements.services import compute_all

    return compute_all(full=True)
