from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from xingtai_jobs.core.admin_mixins import AuditTimelineMixin, ReadOnlyAdminMixin
from xingtai_jobs.core.admin_personal import PersonalDataAdminMixin
from xingtai_jobs.core.context_processors import BUREAU_NAME
from xingtai_jobs.core.models import (
    AuditEvent,
    CalendarOverride,
    Department,
    PolicyFigure,
    Region,
    TaskRun,
    User,
)

admin.site.site_header = _("Xingtai HRSS Bureau · staff back office")
admin.site.site_title = BUREAU_NAME
admin.site.index_title = _("Employment services back office")


@admin.register(Region)
class RegionAdmin(admin.ModelAdmin):
    list_display = ("code", "name", "name_en", "kind", "min_wage_tier", "hotline")
    search_fields = ("code", "name", "name_en")
    list_filter = ("kind", "min_wage_tier")

    def has_delete_permission(self, request, obj=None):
        return False

    def has_add_permission(self, request):
        return request.user.is_superuser

    def has_change_permission(self, request, obj=None):
        return request.user.is_city_staff


@admin.register(Department)
class DepartmentAdmin(admin.ModelAdmin):
    list_display = ("code", "name", "name_en", "phone", "is_active", "sort_order")
    list_editable = ("is_active", "sort_order")

    def has_add_permission(self, request):
        return request.user.is_city_staff

    def has_change_permission(self, request, obj=None):
        return request.user.is_city_staff

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(User)
class UserAdmin(PersonalDataAdminMixin, AuditTimelineMixin, BaseUserAdmin):
    personal_data_fields = ("phone",)
    list_display = ("username", "get_full_name", "role", "region", "department", "enterprise", "is_active")
    list_filter = ("role", "region", "is_active")
    list_select_related = ("region", "department", "enterprise")
    search_fields = ("username", "first_name", "last_name", "enterprise__name")
    autocomplete_fields = ("enterprise",)
    fieldsets = BaseUserAdmin.fieldsets + ((_("Role and scope"), {"fields": ("role", "region", "department", "enterprise", "phone")}),)
    add_fieldsets = BaseUserAdmin.add_fieldsets + ((_("Role and scope"), {"fields": ("role", "region", "department", "enterprise")}),)

    def get_queryset(self, request):
        qs = super().get_queryset(request)
        if request.user.is_superuser or request.user.is_city_staff:
            return qs
        return qs.filter(pk=request.user.pk)


@admin.register(AuditEvent)
class AuditEventAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ("created_at", "actor_repr", "action", "object_repr", "region", "ip")
    list_filter = ("action", "region")
    search_fields = ("action", "object_repr", "actor_repr", "message")
    date_hierarchy = "created_at"
    list_select_related = ("region",)

    def get_queryset(self, request):
        qs = super().get_queryset(request)
        user = request.user
        if user.is_superuser or user.is_city_staff:
            return qs
        if user.region_id:
            return qs.filter(region_id=user.region_id)
        return qs.none()


@admin.register(CalendarOverride)
class CalendarOverrideAdmin(admin.ModelAdmin):
    list_display = ("date", "is_working_day", "note")
    list_filter = ("is_working_day",)


@admin.register(TaskRun)
class TaskRunAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ("created_at", "kind", "label", "status", "progress", "started_by")
    list_filter = ("kind", "status")
    readonly_fields = ("kind", "label", "status", "total", "done", "message", "result", "started_by", "finished_at")

    @admin.display(description=_("progress"))
    def progress(self, obj):
        return format_html(
            '<progress max="100" value="{}" aria-label="{}">{}%</progress> {}%', obj.percent, obj.label, obj.percent, obj.percent
        )

    def get_queryset(self, request):
        qs = super().get_queryset(request)
        if request.user.is_superuser or request.user.is_city_staff:
            return qs
        return qs.filter(started_by=request.user)


@admin.register(PolicyFigure)
class PolicyFigureAdmin(AuditTimelineMixin, ReadOnlyAdminMixin, admin.ModelAdmin):
    """Read-only here: figures are edited on /staff/policy/ (validated against their declaration)."""

    list_display = ("key", "value", "valid_from", "valid_to", "confirmed", "source", "changed_at")
    list_filter = ("confirmed",)
    search_fields = ("key", "source")


from xingtai_jobs.core import admin_login  # noqa: E402,F401  login throttling: access attempts, unlock
