"""Building blocks for the staff back office that every app's admin uses.

- ``ScopedAdminMixin``: rows limited by the same selector the pages and API use; foreign-key
  choices limited to the user's region.
- ``AuditTimelineMixin``: the object's audit timeline under its change form.
"""

from __future__ import annotations

from django.contrib import admin

from xingtai_jobs.core.audit import timeline_for
from xingtai_jobs.core.scoping import regions_for, scope_queryset


class ScopedAdminMixin:
    """Set ``region_path`` (ORM path to the row's region) or override ``scope(request, qs)``."""

    region_path: str | None = "region"
    enterprise_path: str | None = None
    department_path: str | None = None
    allow_liaison: bool = False

    def scope(self, request, qs):
        return scope_queryset(
            qs,
            request.user,
            region_path=self.region_path,
            enterprise_path=self.enterprise_path,
            department_path=self.department_path,
            allow_liaison=self.allow_liaison,
        )

    def get_queryset(self, request):
        return self.scope(request, super().get_queryset(request))

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "region" and db_field.related_model._meta.label == "core.Region":
            kwargs["queryset"] = regions_for(request.user)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


class AuditTimelineMixin:
    change_form_template = "admin/core/change_form_with_timeline.html"

    def change_view(self, request, object_id, form_url="", extra_context=None):
        extra_context = extra_context or {}
        obj = self.get_object(request, admin.utils.unquote(object_id))
        if obj is not None:
            extra_context["audit_timeline"] = list(timeline_for(obj))
        return super().change_view(request, object_id, form_url, extra_context=extra_context)


class ReadOnlyAdminMixin:
    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
