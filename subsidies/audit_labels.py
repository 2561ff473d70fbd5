"""Readable labels of this app's audit action codes: timelines show these, never the codes
(``xingtai_jobs.core.audit.action_label``)."""

from django.utils.translation import pgettext_lazy

LABELS = {
    "subsidies.application.approved": pgettext_lazy("audit action", "approved"),
    "subsidies.application.rejected": pgettext_lazy("audit action", "rejected"),
    "subsidies.application.resubmitted": pgettext_lazy("audit action", "resubmitted"),
    "subsidies.application.returned": pgettext_lazy("audit action", "returned for changes"),
    "subsidies.application.review_started": pgettext_lazy("audit action", "review started"),
    "subsidies.application.submitted": pgettext_lazy("audit action", "submitted"),
    "subsidies.bank_account.confirmed": pgettext_lazy("audit action", "confirmed the bank account"),
    "subsidies.card_account.confirmed": pgettext_lazy("audit action", "confirmed the social-security-card account"),
    "subsidies.batch.created": pgettext_lazy("audit action", "created the payout batch"),
    "subsidies.batch.exported": pgettext_lazy("audit action", "exported the bank file"),
    "subsidies.batch.filled": pgettext_lazy("audit action", "filled the payout batch"),
    "subsidies.batch.locked": pgettext_lazy("audit action", "locked the payout batch"),
    "subsidies.batch.reconciled": pgettext_lazy("audit action", "reconciled the payout batch"),
    "subsidies.notice.closed": pgettext_lazy("audit action", "closed the public notice"),
    "subsidies.notice.published": pgettext_lazy("audit action", "published the public notice"),
    "subsidies.objection.filed": pgettext_lazy("audit action", "filed an objection"),
    "subsidies.objection.resolved": pgettext_lazy("audit action", "resolved the objection"),
    "subsidies.round.parameter_changed": pgettext_lazy("audit action", "changed a parameter of the round"),
    "subsidies.screening.run": pgettext_lazy("audit action", "screened the enterprises"),
    "subsidies.screening.started": pgettext_lazy("audit action", "started the screening"),
}
