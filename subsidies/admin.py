"""Back office: schemes and rounds (staff add a round for a new year here, parameters validated by
the rule's schema), and read-only scoped views of items, notices, objections and batches; the
workflow itself runs on /staff/subsidies/ through the services."""

from __future__ import annotations

from django.contrib import admin

from subsidies import selectors
from subsidies.models import Application, Objection, PayoutBatch, PublicNotice, Scheme, SchemeRound
from xingtai_jobs.core.admin_mixins import AuditTimelineMixin, ReadOnlyAdminMixin, ScopedAdminMixin


@admin.register(Scheme)
class SchemeAdmin(AuditTimelineMixin, admin.ModelAdmin):
    list_display = ["code", "name", "clause"]


@admin.register(SchemeRound)
class SchemeRoundAdmin(AuditTimelineMixin, admin.ModelAdmin):
    list_display = ["name", "scheme", "assessment_year", "opens_on", "closes_on", "budget"]
    list_filter = ["scheme"]


@admin.register(Application)
class ApplicationAdmin(ScopedAdminMixin, AuditTimelineMixin, ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["enterprise", "round", "region", "origin", "state", "amount"]
    list_filter = ["state", "origin", "round"]
    list_select_related = ["enterprise", "round", "region"]
    search_fields = ["enterprise__name", "enterprise__uscc"]
    exclude = ["facts", "bank_account"]
    enterprise_path = "enterprise"


@admin.register(PublicNotice)
class PublicNoticeAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["title", "published_on", "closes_on", "status"]


@admin.register(Objection)
class ObjectionAdmin(ScopedAdminMixin, ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["application", "status", "created_at"]
    exclude = ["phone"]


@admin.register(PayoutBatch)
class PayoutBatchAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["reference", "round", "status", "item_count", "total"]

    def get_queryset(self, request):
        return selectors.batches_for(request.user)


