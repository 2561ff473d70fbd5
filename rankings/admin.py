"""Back office of measure 1: thin. Rows through the selectors; every change through a service."""

from __future__ import annotations

from django import forms
from django.contrib import admin, messages
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _

from rankings import services
from rankings.exports import key_enterprises_xlsx
from rankings.models import (
    CorrectionRequest,
    JobDemand,
    KeyEnterpriseDesignation,
    PublishedEntry,
    Ranking,
    RankingEntry,
    RankingExclusion,
    RankingMethod,
)
from xingtai_jobs.core.admin_mixins import PortalModelAdmin, ReadOnlyAdminMixin
from xingtai_jobs.core.errors import DomainError


class RankingMethodForm(forms.ModelForm):
    class Meta:
        model = RankingMethod
        fields = ["version", "effective_from", "effective_to", "weights", "top_n", "correction_window_days", "description"]

    def clean_weights(self):
        from rankings import rules

        try:
            return rules.weights_as_json(rules.parse_weights(self.cleaned_data["weights"]))
        except DomainError as exc:
            raise forms.ValidationError(str(exc.message)) from exc


@admin.register(RankingMethod)
class RankingMethodAdmin(PortalModelAdmin):
    """Method versions with their effective window: weights are validated (non-negative, sum 1)."""

    form = RankingMethodForm
    list_display = ["version", "effective_from", "effective_to", "top_n", "correction_window_days"]


@admin.register(Ranking)
class RankingAdmin(ReadOnlyAdminMixin, PortalModelAdmin):
    list_display = ["year", "status", "method_version", "population_count", "excluded_count", "correction_deadline", "published_at",
                    "staff_page"]
    readonly_fields = ["progress", "staff_page", "year", "status", "method_version", "weights", "top_n", "correction_window_days",
                       "population_count", "excluded_count", "computed_at", "correction_deadline", "needs_recompute",
                       "published_at", "published_by", "forced_reason", "withdrawn_at", "withdrawal_reason"]
    fields = readonly_fields
    actions = ["compute"]

    @admin.display(description=_("compute, review, publish"))
    def staff_page(self, obj):
        return format_html('<a href="{}">{}</a>', reverse("rankings:staff-detail", args=[obj.year]), _("open"))

    @admin.display(description=_("progress"))
    def progress(self, obj):
        if obj.compute_run is None:
            return "-"
        return mark_safe(render_to_string("core/partials/taskrun_progress.html", {"run": obj.compute_run}))  # noqa: S308 - template output

    @admin.action(description=_("Compute (or recompute) the selected rankings"))
    def compute(self, request, queryset):
        for ranking in queryset:
            try:
                services.ranking_compute_start(ranking=ranking, actor=request.user)
            except DomainError as exc:
                self.message_user(request, f"{ranking.year}: {exc.message}", messages.ERROR)
            else:
                self.message_user(request, _("%(year)s: computation started.") % {"year": ranking.year})


@admin.register(RankingEntry)
class RankingEntryAdmin(ReadOnlyAdminMixin, PortalModelAdmin):
    list_display = ["ranking", "rank", "uscc", "enterprise", "region", "size_class", "score", "growth", "hires"]
    list_filter = ["ranking", "size_class", "region"]
    list_select_related = ["ranking", "enterprise", "region"]
    search_fields = ["uscc", "enterprise__name"]


@admin.register(RankingExclusion)
class RankingExclusionAdmin(ReadOnlyAdminMixin, PortalModelAdmin):
    list_display = ["ranking", "enterprise", "region", "reason"]
    list_filter = ["ranking", "reason", "region"]
    list_select_related = ["ranking", "enterprise", "region"]


@admin.register(PublishedEntry)
class PublishedEntryAdmin(ReadOnlyAdminMixin, PortalModelAdmin):
    list_display = ["ranking", "rank", "uscc", "name", "region_name", "size_class", "score"]
    list_filter = ["ranking", "size_class", "region_code"]
    list_select_related = ["ranking"]


@admin.register(CorrectionRequest)
class CorrectionRequestAdmin(ReadOnlyAdminMixin, PortalModelAdmin):
    list_display = ["ranking", "enterprise", "month", "field", "recorded_value", "claimed_value", "status", "filed_at"]
    list_filter = ["status", "ranking", "region"]
    list_select_related = ["ranking", "enterprise"]
    exclude = ["evidence"]


@admin.register(KeyEnterpriseDesignation)
class KeyEnterpriseDesignationAdmin(ReadOnlyAdminMixin, PortalModelAdmin):
    list_display = ["enterprise", "region", "industry", "designated_on", "revoked_on"]
    list_filter = ["region", "enterprise__industry_section", ("revoked_on", admin.EmptyFieldListFilter)]
    list_select_related = ["enterprise", "region"]
    search_fields = ["enterprise__uscc", "enterprise__name"]
    actions = ["export_xlsx"]

    @admin.display(description=_("industry"))
    def industry(self, obj):
        return obj.enterprise.industry_code

    @admin.action(description=_("Export the selected designations to Excel"))
    def export_xlsx(self, request, queryset):
        return key_enterprises_xlsx(queryset)


@admin.register(JobDemand)
class JobDemandAdmin(ReadOnlyAdminMixin, PortalModelAdmin):
    list_display = ["year", "quarter", "enterprise", "industry_code", "occupation", "region", "headcount", "pay_min", "pay_max"]
    list_filter = ["year", "quarter", "region", "education", "skill_level"]
    list_select_related = ["enterprise", "region"]
