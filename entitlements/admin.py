"""Back office: read-only, scoped views of entitlements, their lines and the adjustments flagged
for staff; the review runs on /staff/entitlements/ through the services."""

from __future__ import annotations

from django.contrib import admin

from entitlements.models import Entitlement, EntitlementLine, LineAdjustment
from xingtai_jobs.core.admin_mixins import PortalModelAdmin, ReadOnlyAdminMixin


@admin.register(Entitlement)
class EntitlementAdmin(ReadOnlyAdminMixin, PortalModelAdmin):
    list_display = ["round", "enterprise", "person", "start_month", "max_months", "state", "end_reason"]
    list_filter = ["scheme_code", "state", "end_reason"]
    list_select_related = ["round", "enterprise", "person"]
    search_fields = ["enterprise__name"]
    exclude = ["checks", "schedule"]


@admin.register(EntitlementLine)
class EntitlementLineAdmin(ReadOnlyAdminMixin, PortalModelAdmin):
    list_display = ["entitlement", "month", "kind", "months", "amount", "state", "attempts"]
    list_filter = ["scheme_code", "state", "kind"]
    list_select_related = ["entitlement"]


@admin.register(LineAdjustment)
class LineAdjustmentAdmin(ReadOnlyAdminMixin, PortalModelAdmin):
    list_display = ["line", "amount_before", "amount_after", "state", "decision", "to_recover", "created_at"]
    list_filter = ["state", "decision"]
    list_select_related = ["line"]
