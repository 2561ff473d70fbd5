"""Back office: schemes and rounds (staff add a round for a new year here, parameters validated by
the rule's schema), and read-only scoped views of items, notices, objections and batches; the
workflow itself runs on /staff/subsidies/ through the services."""

from __future__ import annotations

from django.contrib import admin

from subsidies.models import Application, Objection, PayoutBatch, PublicNotice, Scheme, SchemeRound
from xingtai_jobs.core.admin_mixins import PortalModelAdmin, ReadOnlyAdminMixin


@admin.register(Scheme)
class SchemeAdmin(PortalModelAdmin):
    list_display = ["code", "name", "clause", "beneficiary_kind", "has_subject"]


@admin.register(SchemeRound)
class SchemeRoundAdmin(PortalModelAdmin):
    list_display = ["name", "scheme", "assessment_year", "opens_on", "closes_on", "budget"]
    list_filter = ["scheme"]

    def get_changeform_initial_data(self, request):
        """A new 稳岗返还 round starts from the set's default data (subsidies/policy_defaults.toml)."""
        from subsidies.policy import round_defaults, round_provisional

        initial = super().get_changeform_initial_data(request)
        initial.setdefault("parameters", round_defaults("stable_job_refund"))
        initial.setdefault("provisional", round_provisional("stable_job_refund"))
        return initial


@admin.register(Application)
class ApplicationAdmin(ReadOnlyAdminMixin, PortalModelAdmin):
    list_display = ["enterprise", "person", "subject", "basis_key", "round", "region", "origin", "state", "amount"]
    list_filter = ["state", "origin", "round"]
    list_select_related = ["enterprise", "person", "subject", "round", "region"]
    search_fields = ["enterprise__name", "enterprise__uscc"]
    exclude = ["facts", "bank_account"]


@admin.register(PublicNotice)
class PublicNoticeAdmin(ReadOnlyAdminMixin, PortalModelAdmin):
    list_display = ["title", "published_on", "closes_on", "status"]


@admin.register(Objection)
class ObjectionAdmin(ReadOnlyAdminMixin, PortalModelAdmin):
    list_display = ["application", "status", "created_at"]
    exclude = ["phone"]


@admin.register(PayoutBatch)
class PayoutBatchAdmin(ReadOnlyAdminMixin, PortalModelAdmin):
    list_display = ["reference", "round", "status", "item_count", "total"]

