"""REST API v1 of the person layer (``/api/v1/persons/``): read-only, scoped by the selectors, with
resident IDs and phones masked (the full values are for the admin's audited view only)."""

from __future__ import annotations

import django_filters
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers, viewsets

from xingtai_jobs.core import inputs
from xingtai_jobs.core.masking import mask_name, mask_phone, mask_resident_id

from . import selectors
from .models import Certificate, Education, LabourContract, Person


class PersonSerializer(serializers.ModelSerializer):
    resident_id = serializers.SerializerMethodField()
    name = serializers.SerializerMethodField()
    phone = serializers.SerializerMethodField()
    region_code = serializers.CharField(source="region.code", read_only=True)

    class Meta:
        model = Person
        fields = ("id", "resident_id", "name", "phone", "sex", "birth_date", "region_code", "education", "degree_type",
                  "school", "major", "graduation_date", "retirement_base_age")

    @extend_schema_field(serializers.CharField(help_text="Masked: 1305**********123X"))
    def get_resident_id(self, obj) -> str:
        return mask_resident_id(obj.resident_id)

    def get_name(self, obj) -> str:
        return mask_name(obj.name)

    def get_phone(self, obj) -> str:
        return mask_phone(obj.phone)


class LabourContractSerializer(serializers.ModelSerializer):
    uscc = serializers.CharField(source="enterprise.uscc", read_only=True)

    class Meta:
        model = LabourContract
        fields = ("id", "person", "uscc", "starts_on", "ends_on", "kind")


class CertificateSerializer(serializers.ModelSerializer):
    class Meta:
        model = Certificate
        fields = ("id", "certificate_no", "person", "kind", "occupation_code", "occupation_name", "level", "issued_on",
                  "shortage", "free_training")


class PersonFilter(inputs.FilterSet):
    region = inputs.RegionCodeFilter(field_name="region__code")
    education = django_filters.ChoiceFilter(choices=Education.choices)

    class Meta:
        model = Person
        fields = ("region", "education")


class PersonViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = PersonSerializer
    filterset_class = PersonFilter

    def get_queryset(self):
        return selectors.persons_visible_to(self.request.user).order_by("id")


class LabourContractViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = LabourContractSerializer

    def get_queryset(self):
        return selectors.labour_contracts_visible_to(self.request.user).order_by("id")


class CertificateViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = CertificateSerializer

    def get_queryset(self):
        return selectors.certificates_visible_to(self.request.user).order_by("id")
