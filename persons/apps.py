from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PersonsConfig(AppConfig):
    """The person layer: who a person is, their unemployment registrations, labour contracts,
    monthly contributions, certificates and hardship certifications (the facts every
    person-based subsidy is decided on)."""

    name = "persons"
    verbose_name = _("Persons")
    nav_links = (
        (_("My services"), "persons-me", "public", _("Your own records and subsidies: sign up with your ID number")),
    )
    role_permissions = {
        "city_staff": ["persons.*"],
        "county_staff": ["persons.*"],
    }
