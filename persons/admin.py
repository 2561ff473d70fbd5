"""Staff back office of the person layer. The registry is fed by imports from the social-insurance
and public-employment systems, so its rows are read-only here (staff extend the hardship
categories); lists show masked IDs and phones, a person's full ID and phone are shown on the change
page only and each such view is audited. Search is by name or by the last four ID digits, so a
full resident ID never travels in a URL."""

from __future__ import annotations

from django.contrib import admin
from django.utils.translation import gettext_lazy

from enterprises.admin import RegistryImportMixin
from xingtai_jobs.core.admin_mixins import PortalModelAdmin
from xingtai_jobs.core.admin_personal import PersonalDataAdminMixin
from xingtai_jobs.core.masking import mask_name, mask_phone, mask_resident_id

from .imports import SPECS
from .models import (
    Certificate,
    CitizenAccount,
    HardshipCategory,
    HardshipCertification,
    LabourContract,
    Person,
    PersonContribution,
    UnemploymentRegistration,
)


class PersonImportMixin(RegistryImportMixin):
    import_specs = SPECS

    def has_change_permission(self, request, obj=None):
        return False

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return bool(request.user.is_superuser)


class MaskedPersonColumns:
    @admin.display(description=gettext_lazy("person"), ordering="person__resident_id")
    def person_masked(self, obj):
        return f"{mask_name(obj.person.name)} {mask_resident_id(obj.person.resident_id)}"


@admin.register(Person)
class PersonAdmin(PersonalDataAdminMixin, PersonImportMixin, PortalModelAdmin):
    import_kind = "persons"
    personal_data_fields = ("resident_id", "phone")  # shown in full on the change form: audited on each view
    list_display = ("masked_name", "masked_resident_id", "masked_phone", "sex", "birth_date", "region", "education")
    list_filter = ("region", "sex", "education", "degree_type")
    list_select_related = ("region",)
    search_fields = ("name",)
    fields = ("resident_id", "name", "phone", "sex", "birth_date", "region", "education", "degree_type", "school", "major",
              "graduation_date", "retirement_base_age", "created_at", "updated_at")
    readonly_fields = fields

    def get_search_results(self, request, queryset, search_term):
        term = (search_term or "").strip()
        if len(term) == 4 and term[:3].isascii() and term[:3].isdigit():  # the last four of the ID (as printed on masked lists)
            return queryset.filter(resident_id__endswith=term.upper()), False
        return super().get_search_results(request, queryset, search_term)

    @admin.display(description=gettext_lazy("name"), ordering="name")
    def masked_name(self, obj):
        return mask_name(obj.name)

    @admin.display(description=gettext_lazy("resident ID number"), ordering="resident_id")
    def masked_resident_id(self, obj):
        return mask_resident_id(obj.resident_id)

    @admin.display(description=gettext_lazy("mobile phone"))
    def masked_phone(self, obj):
        return mask_phone(obj.phone)


class _ChildAdmin(MaskedPersonColumns, PersonImportMixin, PortalModelAdmin):
    search_fields = ("person__name",)


@admin.register(UnemploymentRegistration)
class UnemploymentRegistrationAdmin(_ChildAdmin):
    import_kind = "unemployment_registrations"
    list_display = ("person_masked", "region", "registered_on", "ended_on", "ui_benefit_from", "ui_benefit_to")
    list_filter = ("region",)
    list_select_related = ("person", "region")


@admin.register(LabourContract)
class LabourContractAdmin(_ChildAdmin):
    import_kind = "labour_contracts"
    list_display = ("person_masked", "enterprise", "starts_on", "ends_on", "kind")
    list_filter = ("kind", "enterprise__region")
    list_select_related = ("person", "enterprise")
    date_hierarchy = "starts_on"


@admin.register(PersonContribution)
class PersonContributionAdmin(_ChildAdmin):
    import_kind = "person_contributions"
    list_display = ("person_masked", "enterprise", "month", "pension_unit", "medical_unit", "ui_unit", "ui_personal",
                    "injury_unit", "in_arrears")
    list_filter = ("in_arrears", "month")
    list_select_related = ("person", "enterprise")
    show_full_result_count = False


@admin.register(Certificate)
class CertificateAdmin(_ChildAdmin):
    import_kind = "certificates"
    list_display = ("certificate_no", "person_masked", "kind", "occupation_name", "level", "issued_on", "shortage",
                    "free_training")
    list_filter = ("kind", "level", "shortage", "free_training")
    list_select_related = ("person",)
    search_fields = ("certificate_no", "person__name", "occupation_name")


@admin.register(HardshipCertification)
class HardshipCertificationAdmin(_ChildAdmin):
    import_kind = "hardship_certifications"
    list_display = ("person_masked", "category", "certified_on", "valid_until", "region")
    list_filter = ("category", "region")
    list_select_related = ("person", "category", "region")


@admin.register(HardshipCategory)
class HardshipCategoryAdmin(PortalModelAdmin):
    list_display = ("code", "name", "sort_order")

    def has_add_permission(self, request):
        return bool(request.user.is_superuser or request.user.is_city_staff)

    def has_change_permission(self, request, obj=None):
        return bool(request.user.is_superuser or request.user.is_city_staff)

    def has_delete_permission(self, request, obj=None):
        return False



@admin.register(CitizenAccount)
class CitizenAccountAdmin(PortalModelAdmin):
    """Citizens sign up themselves; staff see who is linked (masked) and never edit an account here."""

    list_display = ("masked_name", "masked_resident_id", "masked_phone", "linked", "created_at")
    list_filter = (("person", admin.EmptyFieldListFilter),)
    fields = ("masked_name", "masked_resident_id", "masked_phone", "linked", "linked_at", "created_at")
    readonly_fields = fields

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    @admin.display(description=gettext_lazy("name"))
    def masked_name(self, obj):
        return mask_name(obj.name)

    @admin.display(description=gettext_lazy("resident ID number"))
    def masked_resident_id(self, obj):
        return mask_resident_id(obj.resident_id)

    @admin.display(description=gettext_lazy("mobile phone"))
    def masked_phone(self, obj):
        return mask_phone(obj.phone)

    @admin.display(description=gettext_lazy("linked to the registry"), boolean=True)
    def linked(self, obj):
        return obj.person_id is not None
