"""Readable labels of this app's audit action codes: timelines show these, never the codes
(``xingtai_jobs.core.audit.action_label``)."""

from django.utils.translation import pgettext_lazy

LABELS = {
    "persons.citizen.linked": pgettext_lazy("audit action", "linked the account to the registry"),
    "persons.citizen.signed_up": pgettext_lazy("audit action", "signed up as a citizen"),
    "persons.import.certificates": pgettext_lazy("audit action", "imported certificates"),
    "persons.import.hardship_certifications": pgettext_lazy("audit action", "imported hardship certifications"),
    "persons.import.labour_contracts": pgettext_lazy("audit action", "imported labour contracts"),
    "persons.import.person_contributions": pgettext_lazy("audit action", "imported contributions"),
    "persons.import.persons": pgettext_lazy("audit action", "imported persons"),
    "persons.import.unemployment_registrations": pgettext_lazy("audit action", "imported unemployment registrations"),
}
