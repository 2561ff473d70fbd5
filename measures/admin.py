"""Admin of the register: measures and indicators (yearly targets: the kernel's policy page),
reports (read-only here: decisions go through the staff pages),
snapshots, and every registry with county scoping, approval, audit timeline, export
(django-import-export) and the all-or-nothing import (the kernel's ImportSpec)."""

from __future__ import annotations

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from import_export import resources

from measures import services
from measures.forms import ImportUploadForm
from measures.imports import RegistrySpec
from measures.models import REGISTRY_MODELS, Indicator, Measure, Report, Snapshot
from xingtai_jobs.core.admin_mixins import PortalInline, PortalModelAdmin, ReadOnlyAdminMixin
from xingtai_jobs.core.errors import DomainError
from xingtai_jobs.core.exports import ExportMixin
from xingtai_jobs.core.imports import run_import_upload


class IndicatorInline(PortalInline):
    model = Indicator
    extra = 0
    fields = ("code", "name", "unit", "kind", "source", "source_name", "schedule", "scheduled_months", "order")


@admin.register(Measure)
class MeasureAdmin(PortalModelAdmin):
    list_display = ("number", "title", "lead_office", "lead_office_confirmed")
    list_filter = ("lead_office_confirmed",)
    inlines = [IndicatorInline]


@admin.register(Indicator)
class IndicatorAdmin(PortalModelAdmin):
    list_display = ("code", "name", "measure", "source", "source_name", "schedule")
    list_filter = ("source", "schedule", "measure")
    search_fields = ("code", "name")


@admin.register(Report)
class ReportAdmin(ReadOnlyAdminMixin, PortalModelAdmin):
    list_display = ("indicator", "region", "period_start", "period_end", "value", "status", "submitted_by", "decided_by")
    list_filter = ("status", "indicator__measure")


@admin.register(Snapshot)
class SnapshotAdmin(ReadOnlyAdminMixin, PortalModelAdmin):
    list_display = ("indicator", "year", "taken_on", "value", "target", "status")
    list_filter = ("year", "taken_on")


class RegistryAdmin(ExportMixin, PortalModelAdmin):
    """County scoping, approval action, audited saves, export and the all-or-nothing import."""

    import_export_change_list_template = "admin/enterprises/change_list_registry.html"
    readonly_fields = ("approved", "approved_by", "approved_at", "created_by")
    list_filter = ("approved", "region")
    actions = ["approve_rows"]

    def get_list_display(self, request):
        first = [f.name for f in self.model._meta.concrete_fields if f.name not in ("id", "region", "approved", "approved_by",
                                                                                     "approved_at", "created_by", "created_at")][:4]
        return (*first, "region", "approved")

    def save_model(self, request, obj, form, change):
        services.registry_save(obj=obj, actor=request.user, request=request)

    def delete_model(self, request, obj):
        services.registry_delete(obj=obj, actor=request.user, request=request)

    def delete_queryset(self, request, queryset):
        for obj in queryset:
            services.registry_delete(obj=obj, actor=request.user, request=request)

    @admin.action(description=_("Approve the selected rows"))
    def approve_rows(self, request, queryset):
        done = 0
        for obj in queryset.filter(approved=False):
            try:
                services.registry_approve(obj=obj, actor=request.user, request=request)
                done += 1
            except DomainError as exc:
                messages.error(request, str(exc.message))
                return
        messages.success(request, _("%(n)s rows approved.") % {"n": done})

    def get_urls(self):
        info = self.opts.app_label, self.opts.model_name
        return [
            path("import-file/", self.admin_site.admin_view(self.import_file_view), name="{}_{}_import_file".format(*info)),
            path("import-template/", self.admin_site.admin_view(self.import_template_view), name="{}_{}_import_template".format(*info)),
            *super().get_urls(),
        ]

    def has_import_permission(self, request) -> bool:
        return request.user.is_bureau_staff and request.user.has_perm(f"{self.opts.app_label}.add_{self.opts.model_name}")

    def changelist_view(self, request, extra_context=None):
        extra_context = {**(extra_context or {}), "has_registry_import_permission": self.has_import_permission(request)}
        return super().changelist_view(request, extra_context=extra_context)

    def import_template_view(self, request):
        if not self.has_import_permission(request):
            raise PermissionDenied
        response = HttpResponse(RegistrySpec(self.model, actor=request.user).template_xlsx(),
                                content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
        response["Content-Disposition"] = f'attachment; filename="{self.opts.model_name}_template.xlsx"'
        return response

    def import_file_view(self, request):
        if not self.has_import_permission(request):
            raise PermissionDenied
        spec = RegistrySpec(self.model, actor=request.user)
        report = None
        form = ImportUploadForm(request.POST or None, request.FILES or None)
        if request.method == "POST" and form.is_valid():
            report = run_import_upload(spec, form.cleaned_data["file"], actor=request.user)
            (messages.success if report.ok else messages.error)(request, report.summary())
        return TemplateResponse(request, "admin/enterprises/import_file.html", {
            **self.admin_site.each_context(request), "opts": self.opts, "title": _("Import %(what)s") % {"what": spec.title},
            "form": form, "report": report, "columns": spec.columns,
            "template_url": reverse(f"admin:{self.opts.app_label}_{self.opts.model_name}_import_template"),
        })


def _resource_for(model):
    meta = type("Meta", (), {"model": model, "exclude": ("approved_by", "created_by")})
    return type(f"{model.__name__}Resource", (resources.ModelResource,), {"Meta": meta})


for _model in REGISTRY_MODELS:
    admin.site.register(_model, type(f"{_model.__name__}Admin", (RegistryAdmin,), {"resource_classes": [_resource_for(_model)]}))
