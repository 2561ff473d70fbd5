from django.contrib import admin
from django.contrib.admin.utils import unquote
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.core.exceptions import PermissionDenied
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from xingtai_jobs.core.admin_mixins import (
    AuditedAdminMixin,
    AuditTimelineMixin,
    PortalModelAdmin,
    ReadOnlyAdminMixin,
    ScopedAdminMixin,
)
from xingtai_jobs.core.admin_personal import PersonalDataAdminMixin
from xingtai_jobs.core.audit import audit
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
from xingtai_jobs.core.users import (
    RIGHTS_FIELDS,
    ROLE_FIELDS,
    manageable_roles,
    may_change_password,
    may_manage_user,
)

admin.site.site_header = _("Xingtai HRSS Bureau · staff back office")
admin.site.site_title = BUREAU_NAME
admin.site.index_title = _("Employment services back office")


@admin.register(Region)
class RegionAdmin(PortalModelAdmin):
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
class DepartmentAdmin(PortalModelAdmin):
    list_display = ("code", "name", "name_en", "phone", "is_active", "sort_order")
    list_editable = ("is_active", "sort_order")

    def has_add_permission(self, request):
        return request.user.is_city_staff

    def has_change_permission(self, request, obj=None):
        return request.user.is_city_staff

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(User)
class UserAdmin(PersonalDataAdminMixin, ScopedAdminMixin, AuditedAdminMixin, AuditTimelineMixin, BaseUserAdmin):
    """Users, scoped like every list. Only superusers grant superuser status, groups or permissions
    and change another staff member's password; city staff manage county staff, liaisons,
    enterprise users and citizens within those roles. Every change of a user's role, scope,
    activity, rights or password is audited (``core.user.*``)."""

    personal_data_fields = ("phone",)
    list_display = ("username", "get_full_name", "role", "region", "department", "enterprise", "is_active")
    list_filter = ("role", "region", "is_active")
    list_select_related = ("region", "department", "enterprise")
    search_fields = ("username", "first_name", "last_name", "enterprise__name")
    autocomplete_fields = ("enterprise",)
    fieldsets = (*(BaseUserAdmin.fieldsets or ()), (_("Role and scope"), {"fields": ("role", "region", "department", "enterprise", "phone")}))
    add_fieldsets = (*BaseUserAdmin.add_fieldsets, (_("Role and scope"), {"fields": ("role", "region", "department", "enterprise")}))

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        if request.user.is_superuser:
            return fieldsets
        kept = []
        for name, options in fieldsets:
            fields = tuple(f for f in options.get("fields", ()) if f not in RIGHTS_FIELDS)
            if fields:
                kept.append((name, {**options, "fields": fields}))
        return tuple(kept)

    def formfield_for_choice_field(self, db_field, request, **kwargs):
        if db_field.name == "role" and not request.user.is_superuser:
            allowed = manageable_roles(request.user)
            kwargs["choices"] = [(value, label) for value, label in db_field.choices if value in allowed]
        return super().formfield_for_choice_field(db_field, request, **kwargs)

    def has_change_permission(self, request, obj=None):
        if not super().has_change_permission(request, obj):
            return False
        return obj is None or may_manage_user(request.user, obj)

    def has_delete_permission(self, request, obj=None):
        return request.user.is_superuser and super().has_delete_permission(request, obj)

    def user_change_password(self, request, id, form_url=""):
        target = self.get_object(request, unquote(id))
        if target is None or not may_change_password(request.user, target):
            raise PermissionDenied
        response = super().user_change_password(request, id, form_url)
        if request.method == "POST" and response.status_code == 302:
            audit("core.user.password_changed", target, request=request)
        return response

    def audit_changes(self, request, obj, names, before, after, change):
        if not change:
            return super().audit_changes(request, obj, names, before, after, change)
        groups = (("core.user.rights_changed", RIGHTS_FIELDS), ("core.user.role_changed", ROLE_FIELDS),
                  ("core.user.activity_changed", ("is_active",)))
        rest = list(names)
        for action, fields in groups:
            mine = [n for n in rest if n in fields]
            if mine:
                audit(action, obj, request=request, before={n: before[n] for n in mine}, after={n: after[n] for n in mine})
                rest = [n for n in rest if n not in mine]
        if rest:
            super().audit_changes(request, obj, rest, {n: before[n] for n in rest}, {n: after[n] for n in rest}, change)


@admin.register(AuditEvent)
class AuditEventAdmin(ReadOnlyAdminMixin, PortalModelAdmin):
    list_display = ("created_at", "actor_repr", "action", "object_repr", "region", "ip")
    list_filter = ("action", "region")
    search_fields = ("action", "object_repr", "actor_repr", "message")
    date_hierarchy = "created_at"
    list_select_related = ("region",)


@admin.register(CalendarOverride)
class CalendarOverrideAdmin(PortalModelAdmin):
    list_display = ("date", "is_working_day", "note")
    list_filter = ("is_working_day",)


@admin.register(TaskRun)
class TaskRunAdmin(ReadOnlyAdminMixin, PortalModelAdmin):
    list_display = ("created_at", "kind", "label", "status", "progress", "started_by")
    list_filter = ("kind", "status", "created_at")  # created_at: the workbench links "failed in the last 7 days"
    readonly_fields = ("kind", "label", "status", "total", "done", "message", "result", "started_by", "finished_at")

    @admin.display(description=_("progress"))
    def progress(self, obj):
        return format_html(
            '<progress max="100" value="{}" aria-label="{}">{}%</progress> {}%', obj.percent, obj.label, obj.percent, obj.percent
        )


@admin.register(PolicyFigure)
class PolicyFigureAdmin(ReadOnlyAdminMixin, PortalModelAdmin):
    """Read-only here: figures are edited on /staff/policy/ (validated against their declaration)."""

    list_display = ("key", "value", "valid_from", "valid_to", "confirmed", "source", "changed_at")
    list_filter = ("confirmed",)
    search_fields = ("key", "source")


from xingtai_jobs.core import admin_login  # noqa: E402,F401  login throttling: access attempts, unlock
