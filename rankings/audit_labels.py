"""Readable labels of this app's audit action codes: timelines show these, never the codes
(``xingtai_jobs.core.audit.action_label``)."""

from django.utils.translation import pgettext_lazy

LABELS = {
    "rankings.correction.accepted": pgettext_lazy("audit action", "accepted the correction"),
    "rankings.correction.filed": pgettext_lazy("audit action", "filed a correction"),
    "rankings.correction.rejected": pgettext_lazy("audit action", "rejected the correction"),
    "rankings.method.weights_changed": pgettext_lazy("audit action", "changed the ranking weights"),
    "rankings.insurance_month.corrected": pgettext_lazy("audit action", "corrected the insurance figures"),
    "rankings.job_demand.filed": pgettext_lazy("audit action", "filed the job demand"),
    "rankings.key_enterprise.designated": pgettext_lazy("audit action", "designated a key enterprise"),
    "rankings.key_enterprise.revoked": pgettext_lazy("audit action", "revoked the key-enterprise designation"),
    "rankings.method.figure_changed": pgettext_lazy("audit action", "changed a figure of the ranking method"),
    "rankings.ranking.compute_started": pgettext_lazy("audit action", "started the computation"),
    "rankings.ranking.computed": pgettext_lazy("audit action", "computed the ranking"),
    "rankings.ranking.created": pgettext_lazy("audit action", "created the ranking"),
    "rankings.ranking.parameters_changed": pgettext_lazy("audit action", "changed the ranking parameters"),
    "rankings.ranking.published": pgettext_lazy("audit action", "published the ranking"),
    "rankings.ranking.withdrawn": pgettext_lazy("audit action", "withdrew the ranking"),
    "rankings.ranking.reopened": pgettext_lazy("audit action", "reopened the withdrawn ranking for recomputation"),
}
