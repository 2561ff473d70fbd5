"""Readable labels of this app's audit action codes: timelines show these, never the codes
(``xingtai_jobs.core.audit.action_label``)."""

from django.utils.translation import pgettext_lazy

LABELS = {
    "enterprises.import.employment_reports": pgettext_lazy("audit action", "imported employment reports"),
    "enterprises.import.enterprises": pgettext_lazy("audit action", "imported enterprises"),
    "enterprises.import.insurance_months": pgettext_lazy("audit action", "imported insurance figures"),
    "enterprises.report.resubmitted": pgettext_lazy("audit action", "resubmitted the report"),
    "enterprises.report.reviewed": pgettext_lazy("audit action", "reviewed the report"),
    "enterprises.report.submitted": pgettext_lazy("audit action", "submitted the report"),
}
