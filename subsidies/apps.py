from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SubsidiesConfig(AppConfig):
    """稳岗返还等补贴: screening, applications, public notice, payouts"""

    name = "subsidies"
    verbose_name = _("Subsidies")
    # (label, url name, audience: public | enterprise | staff[, description]) shown in the layout.
    nav_links: tuple = ()
