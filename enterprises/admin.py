from django.contrib import admin

from xingtai_jobs.core.admin_mixins import AuditTimelineMixin, ScopedAdminMixin

from .models import Enterprise


@admin.register(Enterprise)
class EnterpriseAdmin(ScopedAdminMixin, AuditTimelineMixin, admin.ModelAdmin):
    list_display = ("uscc", "name", "region", "unit_type", "size_class", "above_scale", "key_enterprise", "dishonest")
    list_filter = ("region", "unit_type", "size_class", "above_scale", "key_enterprise", "dishonest", "deregistering")
    list_select_related = ("region",)
    search_fields = ("uscc", "name")
