from celery.schedules import crontab
from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RecruitmentConfig(AppConfig):
    """Events, job postings, graduate ledger, internships"""

    name = "recruitment"
    verbose_name = _("Recruitment")
    # (label, url name, audience: public | enterprise | staff[, description]) shown in the layout.
    nav_links: tuple = (
        (_("Job fairs and events"), "recruitment:event-list", "public", _("Job fairs, livestreams and night fairs: register and get a QR ticket")),
        (_("Job search"), "recruitment:job-search", "public", _("Search job postings by region, occupation, pay and education")),
        (_("Recruitment"), "recruitment:enterprise-home", "enterprise", _("Event sign-ups, job postings, recommendation officers")),
        (_("Recruitment results"), "recruitment:staff-results", "staff", _("Events, intentions and targets")),
        (_("Graduate ledger (1131)"), "recruitment:staff-ledger", "staff", _("Graduate ledger, 1131 completeness and contact rate")),
    )
    role_permissions = {
        "city_staff": ["recruitment.*"],
        "county_staff": ["recruitment.*"],
    }
    beat_schedule = {
        "recruitment-stale-contacts": {"task": "recruitment.queue_stale_contacts", "schedule": crontab(hour=6, minute=10)},
        "recruitment-expired-applications": {"task": "recruitment.delete_expired_applications",
                                             "schedule": crontab(hour=3, minute=40)},
    }
