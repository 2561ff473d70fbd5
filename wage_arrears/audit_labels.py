"""Readable labels of this app's audit action codes: timelines show these, never the codes
(``xingtai_jobs.core.audit.action_label``)."""

from django.utils.translation import pgettext_lazy

LABELS = {
    "wage_arrears.blacklist.listed": pgettext_lazy("audit action", "listed on the blacklist"),
    "wage_arrears.blacklist.removed": pgettext_lazy("audit action", "removed from the blacklist"),
    "wage_arrears.complaint.accepted": pgettext_lazy("audit action", "accepted"),
    "wage_arrears.complaint.assigned": pgettext_lazy("audit action", "assigned to a department"),
    "wage_arrears.complaint.closed": pgettext_lazy("audit action", "closed"),
    "wage_arrears.complaint.contacted": pgettext_lazy("audit action", "contacted the employer"),
    "wage_arrears.complaint.employer_matched": pgettext_lazy("audit action", "matched the employer"),
    "wage_arrears.complaint.escalated": pgettext_lazy("audit action", "escalated"),
    "wage_arrears.complaint.extended": pgettext_lazy("audit action", "deadline extended"),
    "wage_arrears.complaint.handled": pgettext_lazy("audit action", "handled"),
    "wage_arrears.complaint.informed": pgettext_lazy("audit action", "informed the complainant"),
    "wage_arrears.complaint.joined_group": pgettext_lazy("audit action", "joined a group case"),
    "wage_arrears.complaint.not_accepted": pgettext_lazy("audit action", "not accepted"),
    "wage_arrears.complaint.rerouted": pgettext_lazy("audit action", "rerouted"),
    "wage_arrears.complaint.resolved": pgettext_lazy("audit action", "resolved"),
    "wage_arrears.complaint.scheduled": pgettext_lazy("audit action", "scheduled for a reception session"),
    "wage_arrears.complaint.submitted": pgettext_lazy("audit action", "submitted"),
    "wage_arrears.complaint.verified": pgettext_lazy("audit action", "verified"),
    "wage_arrears.group.merged": pgettext_lazy("audit action", "merged into a group case"),
    "wage_arrears.session.held": pgettext_lazy("audit action", "session held"),
    "wage_arrears.sessions.created": pgettext_lazy("audit action", "created the reception sessions"),
}
