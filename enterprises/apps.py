from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EnterprisesConfig(AppConfig):
    """Enterprise registry, monthly social-insurance figures, employment reports, labour disputes."""

    name = "enterprises"
    verbose_name = _("Enterprises")
    nav_links = (
        (_("Enterprise portal"), "enterprise-home", "enterprise"),
        (_("Employment reports (missing, late)"), "enterprises-staff-report-status", "staff",
         _("Enterprise monthly reports: missing, late and inconsistent, by month and region")),
    )
    role_permissions = {
        "city_staff": ["enterprises.*"],
        "county_staff": ["enterprises.*"],
        "enterprise_user": ["enterprises.view_enterprise", "enterprises.view_employmentreport", "enterprises.add_employmentreport"],
    }
