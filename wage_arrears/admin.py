"""Back office: complaints (read-only, masked; handled on the case page), sites, sessions, the
blacklist, routing and policy data. Every list is scoped by the app's selectors."""

from __future__ import annotations

from django.contrib import admin
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from xingtai_jobs.core.admin_mixins import PortalInline, PortalModelAdmin, ReadOnlyAdminMixin
from xingtai_jobs.core.masking import mask_name, mask_phone

from .models import (
    BlacklistEntry,
    Complaint,
    DepartmentContact,
    ReceptionSession,
    SectorRoute,
    Site,
)


@admin.register(Complaint)
class ComplaintAdmin(ReadOnlyAdminMixin, PortalModelAdmin):
    list_display = ("tracking_code", "masked_name", "masked_phone", "employer_name", "region", "department", "status",
                    "deadline_flag", "received_on", "case_link")
    list_filter = ("status", "deadline_flag", "channel", "sector", "department")
    search_fields = ("tracking_code", "employer_name", "employer_uscc", "project_name")
    list_select_related = ("region", "department")
    exclude = ("complainant_name", "complainant_phone", "complainant_id_number")

    @admin.display(description=_("complainant"))
    def masked_name(self, obj):
        return mask_name(obj.complainant_name)

    @admin.display(description=_("mobile"))
    def masked_phone(self, obj):
        return mask_phone(obj.complainant_phone)

    @admin.display(description=_("case page"))
    def case_link(self, obj):
        return format_html('<a href="{}">{}</a>', reverse("wage_arrears:staff-case", args=[obj.pk]), _("open"))


@admin.register(Site)
class SiteAdmin(PortalModelAdmin):
    list_display = ("name", "employer_name", "region", "sector", "is_active", "poster_links")
    list_filter = ("sector", "is_active")
    search_fields = ("name", "employer_name", "employer_uscc")
    readonly_fields = ("token",)
    raw_id_fields = ("enterprise",)
    list_select_related = ("region",)

    @admin.display(description=_("poster"))
    def poster_links(self, obj):
        url = reverse("wage_arrears:poster-site", args=[obj.token])
        return format_html('<a href="{}?size=A4">A4</a> · <a href="{}?size=A3">A3</a>', url, url)


class ScheduledCaseInline(PortalInline):
    """Cases scheduled for or received at the session (no complainant identity here)."""

    model = Complaint
    fk_name = "session"
    fields = ("tracking_code", "channel", "employer_name", "department", "status", "amount_owed")
    readonly_fields = fields
    extra = 0
    can_delete = False
    show_change_link = False
    verbose_name = _("case of this session")
    verbose_name_plural = _("cases of this session")

    def has_add_permission(self, request, obj=None):
        return False

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("department")


@admin.register(ReceptionSession)
class ReceptionSessionAdmin(PortalModelAdmin):
    inlines = [ScheduledCaseInline]
    list_display = ("date", "region", "start_time", "held")
    list_filter = ("held", "region")
    date_hierarchy = "date"
    filter_horizontal = ("departments",)
    list_select_related = ("region",)


@admin.register(BlacklistEntry)
class BlacklistEntryAdmin(ReadOnlyAdminMixin, PortalModelAdmin):
    list_display = ("enterprise", "listed_on", "listed_until", "paid_on", "removed_on")
    list_select_related = ("enterprise",)


@admin.register(DepartmentContact)
class DepartmentContactAdmin(PortalModelAdmin):
    list_display = ("region", "department", "phone", "address")
    list_filter = ("department",)
    list_select_related = ("region", "department")


@admin.register(SectorRoute)
class SectorRouteAdmin(PortalModelAdmin):
    list_display = ("sector", "department")


