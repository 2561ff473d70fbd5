"""Staff back office for the registry: scoped like the pages and the API; imports through the
same ImportSpecs as the management commands; exports with django-import-export."""

from __future__ import annotations

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from xingtai_jobs.core.admin_mixins import PortalModelAdmin
from xingtai_jobs.core.admin_personal import PersonalDataAdminMixin
from xingtai_jobs.core.errors import DomainError
from xingtai_jobs.core.exports import ExportMixin
from xingtai_jobs.core.masking import mask_phone

from . import rules, services
from .forms import ImportUploadForm
from .imports import SPECS
from .models import EmploymentReport, Enterprise, InsuranceMonth, LabourDispute, SizeSource
from .resources import (
    EmploymentReportResource,
    EnterpriseResource,
    InsuranceMonthResource,
    LabourDisputeResource,
)


class RegistryImportMixin(ExportMixin):
    """Export via django-import-export; import via the registry's ImportSpec (all or nothing)."""

    import_kind = ""
    import_specs = SPECS  # kind -> ImportSpec class; other apps' registries set their own
    import_export_change_list_template = "admin/enterprises/change_list_registry.html"

    def get_urls(self):
        info = self.opts.app_label, self.opts.model_name
        return [
            path("import-file/", self.admin_site.admin_view(self.import_file_view), name="{}_{}_import_file".format(*info)),
            path("import-template/", self.admin_site.admin_view(self.import_template_view), name="{}_{}_import_template".format(*info)),
            *super().get_urls(),
        ]

    def has_import_permission(self, request) -> bool:
        return bool(self.import_kind) and request.user.is_bureau_staff and (
            request.user.has_perm(f"{self.opts.app_label}.add_{self.opts.model_name}")
        )

    def changelist_view(self, request, extra_context=None):
        extra_context = extra_context or {}
        extra_context["has_registry_import_permission"] = self.has_import_permission(request)
        return super().changelist_view(request, extra_context=extra_context)

    def import_template_view(self, request):
        if not self.has_import_permission(request):
            raise PermissionDenied
        content = self.import_specs[self.import_kind]().template_xlsx()
        response = HttpResponse(content, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
        response["Content-Disposition"] = f'attachment; filename="{self.import_kind}_template.xlsx"'
        return response

    def import_file_view(self, request):
        if not self.has_import_permission(request):
            raise PermissionDenied
        report = None
        form = ImportUploadForm(request.POST or None, request.FILES or None)
        if request.method == "POST" and form.is_valid():
            report = services.registry_import_upload(kind=self.import_kind, uploaded=form.cleaned_data["file"],
                                                     actor=request.user, specs=self.import_specs)
            if report.ok:
                messages.success(request, report.summary())
            else:
                messages.error(request, report.summary())
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": _("Import %(what)s") % {"what": self.import_specs[self.import_kind].title},
            "form": form,
            "report": report,
            "columns": self.import_specs[self.import_kind].columns,
            "template_url": reverse(f"admin:{self.opts.app_label}_{self.opts.model_name}_import_template"),
        }
        return TemplateResponse(request, "admin/enterprises/import_file.html", context)


@admin.register(Enterprise)
class EnterpriseAdmin(PersonalDataAdminMixin, RegistryImportMixin, PortalModelAdmin):
    import_kind = "enterprises"
    personal_data_fields = ("contact_phone",)
    resource_classes = [EnterpriseResource]
    list_display = ("uscc", "name", "region", "unit_type", "size_class", "above_scale", "key_enterprise", "dishonest",
                    "masked_contact_phone")
    list_filter = ("region", "unit_type", "size_class", "size_source", "above_scale", "key_enterprise", "dishonest", "deregistering")
    list_select_related = ("region",)
    search_fields = ("uscc", "name")
    readonly_fields = ("industry_section", "created_at", "updated_at")

    @admin.display(description=gettext_lazy("contact phone"))
    def masked_contact_phone(self, obj):
        return mask_phone(obj.contact_phone) if obj.contact_phone else ""

    def save_model(self, request, obj, form, change):
        if "size_class" in form.changed_data:
            obj.size_source = SizeSource.MANUAL
        super().save_model(request, obj, form, change)  # audited by PortalModelAdmin (before/after)


class InsuranceMonthAdmin(RegistryImportMixin, PortalModelAdmin):
    """Figures from the social-insurance system: read-only here, changed only by imports."""

    import_kind = "insurance_months"
    resource_classes = [InsuranceMonthResource]
    list_display = ("enterprise", "month", "insured_count", "new_insured", "ui_premium_due", "ui_premium_paid", "ui_new_claimants")
    list_filter = ("month", "enterprise__region")
    list_select_related = ("enterprise",)
    search_fields = ("enterprise__uscc", "enterprise__name")
    date_hierarchy = "month"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_import_permission(self, request) -> bool:
        return request.user.is_bureau_staff and request.user.has_perm("enterprises.add_insurancemonth")


admin.site.register(InsuranceMonth, InsuranceMonthAdmin)


@admin.register(EmploymentReport)
class EmploymentReportAdmin(RegistryImportMixin, PortalModelAdmin):
    """Reports come from the portal or an import; staff review them (action) and never edit the figures."""

    import_kind = "employment_reports"
    resource_classes = [EmploymentReportResource]
    list_display = ("enterprise", "month", "headcount", "new_hires", "separations", "layoffs", "vacancies", "consistency",
                    "source", "submitted_at", "late", "reviewed_at")
    list_filter = ("consistency", "month", "source", ("reviewed_at", admin.EmptyFieldListFilter), "enterprise__region")
    list_select_related = ("enterprise",)
    search_fields = ("enterprise__uscc", "enterprise__name")
    actions = ["mark_reviewed"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_import_permission(self, request) -> bool:
        return request.user.is_bureau_staff and request.user.has_perm("enterprises.add_employmentreport")

    @admin.display(description=gettext_lazy("late"), boolean=True)
    def late(self, obj) -> bool:
        return rules.is_report_late(obj.month, timezone.localtime(obj.submitted_at).date())

    @admin.action(description=gettext_lazy("Mark selected reports as reviewed"))
    def mark_reviewed(self, request, queryset):
        done = 0
        for report_id in queryset.values_list("pk", flat=True):
            try:
                services.employment_report_review(report_id=report_id, actor=request.user, request=request)
                done += 1
            except DomainError as exc:
                messages.warning(request, str(exc))
        messages.success(request, _("%(n)s reports marked as reviewed.") % {"n": done})


@admin.register(LabourDispute)
class LabourDisputeAdmin(ExportMixin, PortalModelAdmin):
    resource_classes = [LabourDisputeResource]
    list_display = ("case_number", "enterprise", "filed_date", "workers_involved", "status")
    list_filter = ("status", "enterprise__region")
    list_select_related = ("enterprise",)
    search_fields = ("case_number", "enterprise__uscc", "enterprise__name")
    autocomplete_fields = ("enterprise",)
    date_hierarchy = "filed_date"
