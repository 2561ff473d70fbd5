from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RankingsConfig(AppConfig):
    """Annual most-employment-driving enterprise ranking, key enterprises, job demand"""

    name = "rankings"
    verbose_name = _("Rankings")
    # (label, url name, audience: public | enterprise | staff[, description]) shown in the layout.
    nav_links: tuple = ()
