"""Readable labels of this app's audit action codes: timelines show these, never the codes
(``xingtai_jobs.core.audit.action_label``)."""

from django.utils.translation import pgettext_lazy

LABELS = {
    "recruitment.application.created": pgettext_lazy("audit action", "left their contact for the posting"),
    "recruitment.application.expired": pgettext_lazy("audit action", "deleted job seekers' contacts past their retention"),
    "recruitment.event.capacity": pgettext_lazy("audit action", "changed the capacity"),
    "recruitment.event.status": pgettext_lazy("audit action", "changed the event status"),
    "recruitment.graduate.created": pgettext_lazy("audit action", "entered the graduate"),
    "recruitment.graduate.imported": pgettext_lazy("audit action", "imported graduates"),
    "recruitment.graduate.updated": pgettext_lazy("audit action", "updated the graduate"),
    "recruitment.intention.recorded": pgettext_lazy("audit action", "recorded an employment intention"),
    "recruitment.internship_post.created": pgettext_lazy("audit action", "created the internship post"),
    "recruitment.internship_post.decided": pgettext_lazy("audit action", "decided on the internship post"),
    "recruitment.livestream.recorded": pgettext_lazy("audit action", "recorded the livestream results"),
    "recruitment.officer.registered": pgettext_lazy("audit action", "registered the recommendation officer"),
    "recruitment.participant.decided": pgettext_lazy("audit action", "decided on the sign-up"),
    "recruitment.participant.signed_up": pgettext_lazy("audit action", "signed up for the event"),
    "recruitment.placement.created": pgettext_lazy("audit action", "placed the intern"),
    "recruitment.placement.ended": pgettext_lazy("audit action", "ended the internship"),
    "recruitment.posting.created": pgettext_lazy("audit action", "published the job posting"),
    "recruitment.posting.updated": pgettext_lazy("audit action", "updated the job posting"),
    "recruitment.queue.stale_contacts": pgettext_lazy("audit action", "queued graduates not contacted"),
    "recruitment.registration.cancelled": pgettext_lazy("audit action", "cancelled the registration"),
    "recruitment.registration.checked_in": pgettext_lazy("audit action", "checked in"),
    "recruitment.registration.created": pgettext_lazy("audit action", "registered"),
    "recruitment.registration.promoted": pgettext_lazy("audit action", "promoted from the waiting list"),
    "recruitment.service.recorded": pgettext_lazy("audit action", "recorded a service"),
}
