"""Building blocks for the staff back office that every app's admin uses.

- ``ScopedAdminMixin``: the rows of the list and of every form come from the model's registered
  selector (``xingtai_jobs.core.scoping.selector_for``), the one the pages and the API use; every
  foreign-key and many-to-many choice, raw-id label and autocomplete is limited by the *related*
  model's selector for the user; every add, change and delete is audited (``AuditedAdminMixin``).
- ``AuditedAdminMixin``: an AuditEvent for every add, change and delete (before/after of the
  changed fields, personal data masked).
- ``AuditTimelineMixin``: the object's audit timeline (readable labels) under its change form.
- ``PortalModelAdmin``: all three on ``admin.ModelAdmin``; every app's admin uses it (a test walks
  ``admin.site._registry`` and refuses a model admin of ours that does not).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.contrib import admin
from django.contrib.admin.utils import unquote
from django.contrib.admin.widgets import ForeignKeyRawIdWidget, ManyToManyRawIdWidget
from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.core.files import File
from django.db import models
from django.db.models import QuerySet
from django.db.models.fields.files import FieldFile

from xingtai_jobs.core.audit import audit, mask_for_audit, timeline_for
from xingtai_jobs.core.forms import scope_choice_field
from xingtai_jobs.core.inputs import money_formfield
from xingtai_jobs.core.scoping import limit_to_visible

# Mixins go before ``admin.ModelAdmin`` in an admin's bases: the type checker reads them as
# ModelAdmin subclasses (so ``super()`` and ``get_object`` are known); at run time they are plain.
if TYPE_CHECKING:
    ModelAdminBase = admin.ModelAdmin[Any]
else:
    ModelAdminBase = object


class ScopedForeignKeyRawIdWidget(ForeignKeyRawIdWidget):
    """The raw-id input's label names the related row only when the user may see it."""

    def __init__(self, rel, admin_site, attrs=None, using=None, *, queryset: QuerySet):
        super().__init__(rel, admin_site, attrs=attrs, using=using)
        self.scoped_queryset = queryset

    def label_and_url_for_value(self, value):
        key = self.rel.get_related_field().name
        try:
            if not self.scoped_queryset.filter(**{key: value}).exists():
                return "", ""
        except (ValueError, TypeError, ValidationError):  # a malformed id shows no label
            return "", ""
        return super().label_and_url_for_value(value)


def _scope_formfield(field, request):
    """Limit a model choice form field (and its raw-id widget) to the related model's selector."""
    if field is None or not hasattr(field, "queryset") or field.queryset is None:
        return field
    scope_choice_field(field, request.user)  # the pages' forms narrow their choices the same way
    widget = field.widget
    if isinstance(widget, ForeignKeyRawIdWidget) and not isinstance(widget, ManyToManyRawIdWidget | ScopedForeignKeyRawIdWidget):
        scoped = ScopedForeignKeyRawIdWidget(widget.rel, widget.admin_site, attrs=widget.attrs, using=widget.db,
                                             queryset=field.queryset)
        field.widget = scoped
    return field


class BoundedInputMixin(ModelAdminBase):
    """Decimal columns are entered through the kernel's ``MoneyField`` (as on the pages): "NaN",
    "Infinity", "1e5", "-0" and a third decimal place are refused with a field message."""

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        field = super().formfield_for_dbfield(db_field, request, **kwargs)
        if isinstance(db_field, models.DecimalField):
            return money_formfield(db_field, field)
        return field


class ScopedChoicesMixin(ModelAdminBase):
    """Foreign-key and many-to-many choices limited by the related model's selector (for model
    admins and inlines alike)."""

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        return _scope_formfield(super().formfield_for_foreignkey(db_field, request, **kwargs), request)

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        return _scope_formfield(super().formfield_for_manytomany(db_field, request, **kwargs), request)


class ScopedAdminMixin(ScopedChoicesMixin):
    """Rows limited by the model's registered selector; choices by the related models' selectors.

    Override ``scope(request, qs)`` only to narrow further (never to widen)."""

    def scope(self, request, qs):
        return qs

    def get_queryset(self, request):
        return self.scope(request, limit_to_visible(super().get_queryset(request), request.user))


def _field_value(obj, name):
    try:
        field = obj._meta.get_field(name)
    except FieldDoesNotExist:  # a form-only field
        return None
    if field.many_to_many:
        return sorted(obj.pk and getattr(obj, name).values_list("pk", flat=True) or [])
    if field.is_relation:
        return getattr(obj, field.attname, None)
    return getattr(obj, name, None)


def _plain(value):
    if isinstance(value, QuerySet):
        return sorted(value.values_list("pk", flat=True))
    if isinstance(value, list | tuple | set) and value and all(isinstance(v, models.Model) for v in value):
        return sorted(v.pk for v in value)
    if isinstance(value, models.Model):
        return value.pk
    if isinstance(value, FieldFile | File):  # a file: its name only
        return str(value.name or "")
    return value


def masked_changes(model, names, values: dict) -> dict:
    return {name: mask_for_audit(name, _plain(values.get(name))) for name in names}


class AuditedAdminMixin(ModelAdminBase):
    """Every add, change and delete through the admin writes an AuditEvent: ``core.admin.added``,
    ``core.admin.changed`` (before/after of the changed fields) or ``core.admin.deleted`` (the
    row's fields), with personal data masked (``xingtai_jobs.core.audit.mask_for_audit``).

    The entry is written from Django's own ``log_addition``/``log_change``/``log_deletions``
    hooks, which the admin calls after every successful save or delete whatever ``save_model``
    does, so an admin whose ``save_model`` calls a service (which writes its own entry) is
    audited too, and nothing is written when a save is refused (the change form's transaction
    rolls back)."""

    def _audited_fields(self, form) -> list[str]:
        return [name for name in form.changed_data if "password" not in name]

    def save_form(self, request, form, change):
        obj = super().save_form(request, form, change)
        names = self._audited_fields(form)
        before = masked_changes(self.model, names, form.initial) if change else None
        obj.__dict__["_xt_admin_audit"] = (names, before, masked_changes(self.model, names, form.cleaned_data))
        return obj

    def _audit_saved(self, request, obj, change: bool) -> None:
        names, before, after = obj.__dict__.pop("_xt_admin_audit", ([], None, {}))
        if change and not names:
            return
        self.audit_changes(request, obj, names, before, after, change)

    def audit_changes(self, request, obj, names, before, after, change):
        """Write the entry of one save (override to split it into more specific actions)."""
        audit("core.admin.changed" if change else "core.admin.added", obj, request=request, before=before, after=after)

    def log_addition(self, request, obj, message):
        entry = super().log_addition(request, obj, message)
        self._audit_saved(request, obj, change=False)
        return entry

    def log_change(self, request, obj, message):
        entry = super().log_change(request, obj, message)
        self._audit_saved(request, obj, change=True)
        return entry

    def log_deletions(self, request, queryset):
        for obj in queryset:
            names = [f.name for f in obj._meta.concrete_fields]
            audit("core.admin.deleted", obj, request=request,
                  before={name: mask_for_audit(name, _plain(_field_value(obj, name))) for name in names})
        return super().log_deletions(request, queryset)

    def save_formset(self, request, form, formset, change):
        super().save_formset(request, form, formset, change)
        for obj in getattr(formset, "new_objects", []):
            audit("core.admin.added", obj, request=request)
        for obj, names in getattr(formset, "changed_objects", []):
            audit("core.admin.changed", obj, request=request,
                  after={name: mask_for_audit(name, _plain(_field_value(obj, name))) for name in names})
        for obj in getattr(formset, "deleted_objects", []):
            audit("core.admin.deleted", obj, request=request)


class AuditTimelineMixin(ModelAdminBase):
    change_form_template = "admin/core/change_form_with_timeline.html"

    def change_view(self, request, object_id, form_url="", extra_context=None):
        extra_context = extra_context or {}
        obj = self.get_object(request, unquote(object_id))
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


class PortalModelAdmin(BoundedInputMixin, ScopedAdminMixin, AuditedAdminMixin, AuditTimelineMixin, admin.ModelAdmin):
    """The base of every model admin of the portal: bounded decimals, scoped rows and choices,
    audited edits, the timeline under the change form."""


class PortalInline(BoundedInputMixin, ScopedChoicesMixin, admin.TabularInline):
    """The base of every inline: choices scoped like the model admin's (the parent's
    ``AuditedAdminMixin.save_formset`` audits its rows)."""

    def get_queryset(self, request):
        return limit_to_visible(super().get_queryset(request), request.user)
