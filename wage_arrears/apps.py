from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WageArrearsConfig(AppConfig):
    """QR complaints, routing, deadlines, joint reception"""

    name = "wage_arrears"
    verbose_name = _("Wage arrears")
    # (label, url name, audience: public | enterprise | staff[, description]) shown in the layout.
    nav_links: tuple = ()
