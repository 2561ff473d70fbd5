from celery.schedules import crontab
from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SubsidiesConfig(AppConfig):
    """稳岗返还等补贴: screening, applications, public notice, payouts"""

    name = "subsidies"
    verbose_name = _("Subsidies")
    # (label, url name, audience: public | enterprise | staff[, description]) shown in the layout.
    nav_links: tuple = (
        (_("Public notices"), "subsidies:notice_list", "public", _("Subsidy public notices (公示) and objections")),
        (_("My subsidies"), "subsidies:portal", "enterprise", _("Job-stabilisation refund and other subsidies")),
        (_("Subsidy review"), "subsidies:staff_home", "staff", _("Review, public notice, payouts")),
    )
    role_permissions = {
        "city_staff": ["subsidies.*"],
        "county_staff": [
            "subsidies.view_application", "subsidies.change_application", "subsidies.view_publicnotice",
            "subsidies.view_objection", "subsidies.change_objection", "subsidies.view_scheme", "subsidies.view_schemeround",
        ],
    }
    beat_schedule = {
        "subsidies-close-notices": {"task": "subsidies.close_notices", "schedule": crontab(minute=5, hour="0,12")},
    }
