"""REST API v1 of the person layer (``/api/v1/persons/``): read-only, scoped by the selectors like the
admin's lists (city staff every person, county staff the persons living in their region or employed
there, nobody else any), with names, resident IDs and phones masked. The full ID and phone of one
person are at ``/api/v1/persons/<id>/full/`` for the bureau staff who see the person, each answer
audited (``core.personal_data.viewed``)."""

from __future__ import annotations

import django_filters
from drf_spectacular.utils import extend_schema, extend_schema_field
from rest_framework import serializers, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from xingtai_jobs.core import inputs
from xingtai_jobs.core.api import IsBureauStaff
from xingtai_jobs.core.masking import mask_name, mask_phone, mask_resident_id

from . import selectors, services
from .models import (
    Certificate,
    Education,
    HardshipCertification,
    LabourContract,
    Person,
    PersonContribution,
    UnemploymentRegistration,
)


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


class UnemploymentRegistrationSerializer(serializers.ModelSerializer):
    region_code = serializers.CharField(source="region.code", read_only=True)

    class Meta:
        model = UnemploymentRegistration
        fields = ("id", "person", "region_code", "registered_on", "ended_on", "ui_benefit_from", "ui_benefit_to")


class ContributionSerializer(serializers.ModelSerializer):
    uscc = serializers.CharField(source="enterprise.uscc", read_only=True)
    month = inputs.MonthSerializerField(read_only=True)

    class Meta:
        model = PersonContribution
        fields = ("id", "person", "uscc", "month", "pension_unit", "pension_personal", "medical_unit", "medical_personal", "ui_unit",
                  "ui_personal", "injury_unit", "in_arrears")


class HardshipCertificationSerializer(serializers.ModelSerializer):
    category = serializers.CharField(source="category.code", read_only=True)
    region_code = serializers.CharField(source="region.code", read_only=True)

    class Meta:
        model = HardshipCertification
        fields = ("id", "person", "category", "certified_on", "valid_until", "region_code")


class PersonFullSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()
    resident_id = serializers.CharField()
    phone = serializers.CharField()


class PersonChildFilter(inputs.FilterSet):
    person = inputs.BoundedNumberFilter(field_name="person_id")


class PersonFilter(inputs.FilterSet):
    region = django_filters.CharFilter(field_name="region__code", max_length=12)
    education = django_filters.ChoiceFilter(choices=Education.choices)

    class Meta:
        model = Person
        fields = ("region", "education")


class PersonViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = PersonSerializer
    filterset_class = PersonFilter

    def get_queryset(self):
        return selectors.persons_visible_to(self.request.user).order_by("id")

    @extend_schema(responses=PersonFullSerializer, filters=False)
    @action(detail=True, methods=["get"], permission_classes=[IsBureauStaff], serializer_class=PersonFullSerializer,
            filterset_class=None, pagination_class=None)
    def full(self, request, pk=None):
        """The person's full name, resident ID and phone, for bureau staff who see the person (a
        county's staff: living or employed in their county). Every answer is audited."""
        person = self.get_object()
        revealed = services.person_reveal(request=request, person=person, fields=("resident_id", "phone"))
        return Response(PersonFullSerializer({"id": person.pk, "name": person.name, **revealed}).data)


class LabourContractViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = LabourContractSerializer
    filterset_class = PersonChildFilter

    def get_queryset(self):
        return selectors.labour_contracts_visible_to(self.request.user).order_by("id")


class CertificateViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = CertificateSerializer
    filterset_class = PersonChildFilter

    def get_queryset(self):
        return selectors.certificates_visible_to(self.request.user).order_by("id")


class UnemploymentRegistrationViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = UnemploymentRegistrationSerializer
    filterset_class = PersonChildFilter

    def get_queryset(self):
        return selectors.unemployment_registrations_visible_to(self.request.user).order_by("id")


class ContributionViewSet(viewsets.ReadOnlyModelViewSet):
    """Monthly contributions per person and employer (the social-insurance system's figures)."""

    serializer_class = ContributionSerializer
    filterset_class = PersonChildFilter

    def get_queryset(self):
        return selectors.contributions_visible_to(self.request.user).order_by("id")


class HardshipCertificationViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = HardshipCertificationSerializer
    filterset_class = PersonChildFilter

    def get_queryset(self):
        return selectors.hardship_certifications_visible_to(self.request.user).order_by("id")
