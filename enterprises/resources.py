"""django-import-export resources: used for EXPORTS from the admin. Imports go through the
ImportSpecs in enterprises/imports.py (see docs/adr/0002-enterprises-imports.md)."""

from __future__ import annotations

from import_export import fields, resources

from xingtai_jobs.core.masking import mask_phone

from .models import EmploymentReport, Enterprise, InsuranceMonth, LabourDispute


class EnterpriseResource(resources.ModelResource):
    region_code = fields.Field(attribute="region__code", column_name="region_code")
    contact_phone_masked = fields.Field(column_name="contact_phone_masked")

    class Meta:
        model = Enterprise
        fields = ("uscc", "name", "region_code", "industry_code", "unit_type", "size_class", "size_source", "above_scale",
                  "key_enterprise", "dishonest", "deregistering", "address", "contact_name", "contact_phone_masked")
        export_order = fields

    def dehydrate_contact_phone_masked(self, obj):
        return mask_phone(obj.contact_phone) if obj.contact_phone else ""


class InsuranceMonthResource(resources.ModelResource):
    uscc = fields.Field(attribute="enterprise__uscc", column_name="uscc")
    month = fields.Field(column_name="month")

    class Meta:
        model = InsuranceMonth
        fields = ("uscc", "month", "insured_count", "new_insured", "ui_premium_due", "ui_premium_paid", "ui_new_claimants")
        export_order = fields

    def dehydrate_month(self, obj):
        return f"{obj.month:%Y-%m}"


class EmploymentReportResource(resources.ModelResource):
    uscc = fields.Field(attribute="enterprise__uscc", column_name="uscc")
    month = fields.Field(column_name="month")

    class Meta:
        model = EmploymentReport
        fields = ("uscc", "month", "headcount", "new_hires", "separations", "layoffs", "vacancies", "consistency",
                  "consistency_note", "explanation", "source", "submitted_at", "reviewed_at")
        export_order = fields

    def dehydrate_month(self, obj):
        return f"{obj.month:%Y-%m}"


class LabourDisputeResource(resources.ModelResource):
    uscc = fields.Field(attribute="enterprise__uscc", column_name="uscc")

    class Meta:
        model = LabourDispute
        fields = ("case_number", "uscc", "filed_date", "workers_involved", "status", "outcome")
        export_order = fields
