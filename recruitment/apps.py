from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RecruitmentConfig(AppConfig):
    """Events, job postings, graduate ledger, internships"""

    name = "recruitment"
    verbose_name = _("Recruitment")
    # (label, url name, audience: public | enterprise | staff[, description]) shown in the layout.
    nav_links: tuple = ()
