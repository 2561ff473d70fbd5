"""REST API v1 for the registry: thin views over the selectors and services."""

from __future__ import annotations

import django_filters
from django.db.models import Q
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import mixins, serializers, viewsets
from rest_framework.exceptions import PermissionDenied
from rest_framework.response import Response

from xingtai_jobs.core import inputs
from xingtai_jobs.core.masking import mask_phone
from xingtai_jobs.core.openapi import MASKED_PHONE

from . import selectors, services
from .models import EmploymentReport, Enterprise, InsuranceMonth, SizeClass, UnitType


class EnterpriseSerializer(serializers.ModelSerializer):
    region_code = serializers.CharField(source="region.code", read_only=True)
    region_name = serializers.CharField(source="region.name", read_only=True)
    contact_phone = serializers.SerializerMethodField()

    class Meta:
        model = Enterprise
        fields = ("id", "uscc", "name", "region_code", "region_name", "industry_section", "industry_code", "unit_type",
                  "size_class", "size_source", "above_scale", "key_enterprise", "dishonest", "deregistering", "address",
                  "contact_name", "contact_phone", "updated_at")

    @extend_schema_field(MASKED_PHONE)
    def get_contact_phone(self, obj) -> str:
        return mask_phone(obj.contact_phone) if obj.contact_phone else ""


class InsuranceMonthSerializer(serializers.ModelSerializer):
    uscc = serializers.CharField(source="enterprise.uscc", read_only=True)
    month = inputs.MonthSerializerField(read_only=True)

    class Meta:
        model = InsuranceMonth
        fields = ("id", "enterprise", "uscc", "month", "insured_count", "new_insured", "ui_premium_due", "ui_premium_paid",
                  "ui_new_claimants")


class EmploymentReportSerializer(inputs.ModelSerializer):
    uscc = serializers.CharField(source="enterprise.uscc", read_only=True)
    month = inputs.MonthSerializerField()
    explanation = inputs.TextSerializerField(required=False, allow_blank=True, max_length=1000)

    class Meta:
        model = EmploymentReport
        fields = ("id", "enterprise", "uscc", "month", "headcount", "new_hires", "separations", "layoffs", "vacancies",
                  "explanation", "consistency", "consistency_note", "source", "submitted_at", "reviewed_at")
        read_only_fields = ("enterprise", "consistency", "consistency_note", "source", "submitted_at", "reviewed_at")
        validators: list = []  # uniqueness is the service's business (resubmission updates)


class EnterpriseFilter(inputs.FilterSet):
    region = django_filters.CharFilter(field_name="region__code")
    unit_type = django_filters.ChoiceFilter(choices=UnitType.choices)
    size_class = django_filters.ChoiceFilter(choices=SizeClass.choices)
    search = django_filters.CharFilter(method="filter_search")

    class Meta:
        model = Enterprise
        fields = ("region", "unit_type", "size_class", "above_scale", "key_enterprise", "dishonest", "deregistering")

    def filter_search(self, qs, name, value):
        return qs.filter(Q(uscc__icontains=value.strip()) | Q(name__icontains=value.strip()))


class EnterpriseViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = EnterpriseSerializer
    filterset_class = EnterpriseFilter

    def get_queryset(self):
        return selectors.enterprises_visible_to(self.request.user).order_by("uscc")


class MonthFilter(inputs.FilterSet):
    enterprise = inputs.BoundedNumberFilter(field_name="enterprise_id")
    uscc = django_filters.CharFilter(field_name="enterprise__uscc")
    month = inputs.MonthFilter(field_name="month")
    month_from = inputs.MonthFilter(field_name="month", lookup_expr="gte")
    month_to = inputs.MonthFilter(field_name="month", lookup_expr="lte")


class InsuranceMonthFilter(MonthFilter):
    class Meta:
        model = InsuranceMonth
        fields = ("enterprise", "uscc", "month")


class EmploymentReportFilter(MonthFilter):
    class Meta:
        model = EmploymentReport
        fields = ("enterprise", "uscc", "month", "consistency")


class InsuranceMonthViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = InsuranceMonthSerializer
    filterset_class = InsuranceMonthFilter

    def get_queryset(self):
        return selectors.insurance_months_visible_to(self.request.user).order_by("enterprise_id", "month")


class EmploymentReportViewSet(mixins.CreateModelMixin, viewsets.ReadOnlyModelViewSet):
    """Enterprise users POST their own report (creates, or replaces it before review)."""

    serializer_class = EmploymentReportSerializer
    filterset_class = EmploymentReportFilter

    def get_queryset(self):
        return selectors.employment_reports_visible_to(self.request.user).order_by("enterprise_id", "-month")

    def create(self, request, *args, **kwargs):
        user = request.user
        if not user.is_enterprise_user or not user.enterprise_id:
            raise PermissionDenied(_("Only enterprise accounts submit employment reports."))
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        enterprise = selectors.enterprises_visible_to(user).get(pk=user.enterprise_id)
        report, created = services.employment_report_submit(
            enterprise=enterprise, month=data["month"], headcount=data["headcount"], new_hires=data["new_hires"],
            separations=data["separations"], layoffs=data["layoffs"], vacancies=data["vacancies"],
            explanation=data.get("explanation", ""), actor=user, request=request,
        )
        return Response(self.get_serializer(report).data, status=201 if created else 200)
