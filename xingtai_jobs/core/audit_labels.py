"""Readable labels of this app's audit action codes: timelines show these, never the codes
(``xingtai_jobs.core.audit.action_label``)."""

from django.utils.translation import pgettext_lazy

LABELS = {
    "core.admin.added": pgettext_lazy("audit action", "added in the back office"),
    "core.admin.changed": pgettext_lazy("audit action", "changed in the back office"),
    "core.admin.deleted": pgettext_lazy("audit action", "deleted in the back office"),
    "core.login.locked_out": pgettext_lazy("audit action", "login locked after repeated failures"),
    "core.login.unlocked": pgettext_lazy("audit action", "lifted a login lock"),
    "core.personal_data.viewed": pgettext_lazy("audit action", "viewed the full personal data"),
    "core.ping": pgettext_lazy("audit action", "health check"),
    "core.policy_figure.added": pgettext_lazy("audit action", "added a policy figure"),
    "core.policy_figure.changed": pgettext_lazy("audit action", "changed a policy figure"),
    "core.policy_figure.closed": pgettext_lazy("audit action", "ended a policy figure's validity"),
    "core.user.activity_changed": pgettext_lazy("audit action", "activated or deactivated the user"),
    "core.user.password_changed": pgettext_lazy("audit action", "changed the user's password"),
    "core.user.rights_changed": pgettext_lazy("audit action", "changed the user's superuser status, groups or permissions"),
    "core.user.role_changed": pgettext_lazy("audit action", "changed the user's role or scope"),
}
