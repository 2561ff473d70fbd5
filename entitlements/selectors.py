"""Visibility of the entitlements: city staff all, county staff their region (the beneficiary's),
an enterprise user its own enterprise's, nobody else any."""

from __future__ import annotations

from entitlements.models import Entitlement, EntitlementLine, LineAdjustment
from xingtai_jobs.core.scoping import scope_queryset, selector_for


@selector_for(Entitlement)
def entitlements_for(user):
    qs = Entitlement.objects.select_related("round__scheme", "enterprise", "region", "person")
    return scope_queryset(qs, user, region_path="region", enterprise_path="enterprise")


@selector_for(EntitlementLine)
def lines_for(user):
    qs = EntitlementLine.objects.select_related("entitlement")
    return scope_queryset(qs, user, region_path="entitlement__region", enterprise_path="entitlement__enterprise")


@selector_for(LineAdjustment)
def adjustments_for(user):
    """Adjustments are staff business: the enterprise sees none."""
    qs = LineAdjustment.objects.select_related("line__entitlement")
    if user is not None and getattr(user, "is_enterprise_user", False):
        return qs.none()
    return scope_queryset(qs, user, region_path="region")


def enterprise_schedules(user):
    """The enterprise's entitlements with their lines (two queries, however many entitlements)."""
    from django.db.models import Prefetch

    return (entitlements_for(user).filter(eligible=True).exclude(state=Entitlement.State.REJECTED)
            .select_related(None).select_related("round__scheme", "person")
            .prefetch_related(Prefetch("lines", queryset=EntitlementLine.objects.order_by("month")))
            .order_by("scheme_code", "start_month", "id"))
