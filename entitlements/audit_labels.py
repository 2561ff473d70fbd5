"""Readable labels of this app's audit action codes (``xingtai_jobs.core.audit.action_label``)."""

from django.utils.translation import pgettext_lazy

LABELS = {
    "entitlements.entitlement.review_started": pgettext_lazy("audit action", "review started"),
    "entitlements.entitlement.returned": pgettext_lazy("audit action", "returned for changes"),
    "entitlements.entitlement.resubmitted": pgettext_lazy("audit action", "resubmitted"),
    "entitlements.entitlement.approved": pgettext_lazy("audit action", "approved"),
    "entitlements.entitlement.rejected": pgettext_lazy("audit action", "rejected"),
    "entitlements.entitlement.started": pgettext_lazy("audit action", "payments started"),
    "entitlements.entitlement.ended": pgettext_lazy("audit action", "entitlement ended"),
    "entitlements.entitlement.revoked": pgettext_lazy("audit action", "entitlement revoked"),
    "entitlements.line.adjustment_flagged": pgettext_lazy("audit action", "paid month's facts changed: adjustment flagged"),
    "entitlements.lines.grouped": pgettext_lazy("audit action", "monthly lines grouped into a payout item"),
    "entitlements.line.adjustment_resolved": pgettext_lazy("audit action", "adjustment resolved"),
    "entitlements.month.started": pgettext_lazy("audit action", "monthly line computation started"),
    "entitlements.month.finished": pgettext_lazy("audit action", "monthly line computation finished"),
}
