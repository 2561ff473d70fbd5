"""Back office for login throttling: city staff see the access attempts and lift locks
("Unlock"), each unlock audited. Registered from ``xingtai_jobs/core/admin.py``."""

from __future__ import annotations

from axes.admin import AccessAttemptAdmin, AccessFailureLogAdmin
from axes.models import AccessAttempt, AccessFailureLog
from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from xingtai_jobs.core.admin_mixins import ScopedAdminMixin
from xingtai_jobs.core.login_throttle import unlock_attempts

# django-axes ships no Chinese catalogue: the names its models and admin show are translated in the
# kernel's (which comes first in INSTALLED_APPS, so its entries win).
AXES_LABELS = (
    _("access attempt"), _("access attempts"), _("access failure"), _("access failures"), _("Attempt Time"),
    _("IP Address"), _("User Agent"), _("Username"), _("Path"), _("Failed Logins"), _("Locked Out"),
    _("Attempt Remaining"), _("Access lock out"), _("HTTP Accept"), _("Expires At"), _("Not set"),
)


@admin.register(AccessAttempt)
class PortalAccessAttemptAdmin(ScopedAdminMixin, AccessAttemptAdmin):
    actions = ["unlock"]
    # the form data axes keeps can hold what was typed into the login form: not shown
    fieldsets = ((None, {"fields": ("username", "ip_address", "path_info", "failures_since_start", "attempt_time")}),)
    readonly_fields = ("username", "ip_address", "path_info", "failures_since_start", "attempt_time")

    def has_change_permission(self, request, obj=None):
        return False

    @admin.action(description=_("Unlock: lift these login locks"), permissions=["delete"])
    def unlock(self, request, queryset):
        count = unlock_attempts(attempts=list(queryset), actor=request.user, request=request)
        self.message_user(request, ngettext("%(count)d lock lifted.", "%(count)d locks lifted.", count) % {"count": count},
                          messages.SUCCESS)

    def delete_model(self, request, obj):
        unlock_attempts(attempts=[obj], actor=request.user, request=request)

    def delete_queryset(self, request, queryset):
        unlock_attempts(attempts=list(queryset), actor=request.user, request=request)

    def get_actions(self, request):
        actions = super().get_actions(request)
        actions.pop("delete_selected", None)  # "Unlock" is the one way to lift a lock
        return actions


@admin.register(AccessFailureLog)
class PortalAccessFailureLogAdmin(ScopedAdminMixin, AccessFailureLogAdmin):
    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
