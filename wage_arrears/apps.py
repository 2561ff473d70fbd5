from celery.schedules import crontab
from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WageArrearsConfig(AppConfig):
    """QR complaints, routing, deadlines, joint reception"""

    name = "wage_arrears"
    verbose_name = _("Wage arrears")
    # (label, url name, audience: public | enterprise | staff[, description]) shown in the layout.
    nav_links: tuple = (
        (_("Report unpaid wages"), "wage_arrears:complaint-new", "public",
         _("安薪在邢，码上维权: report wage arrears and follow your complaint.")),
        (_("Complaint status"), "wage_arrears:complaint-track", "public",
         _("Look up your complaint with the tracking code.")),
        (_("Wage-arrears cases"), "wage_arrears:staff-queue", "staff", _("Queue, deadlines and the 清零 board.")),
    )
    role_permissions = {
        "city_staff": ["wage_arrears.*"],
        "county_staff": ["wage_arrears.view_complaint", "wage_arrears.view_site", "wage_arrears.add_site",
                         "wage_arrears.change_site", "wage_arrears.view_receptionsession",
                         "wage_arrears.change_receptionsession", "wage_arrears.view_blacklistentry",
                         "wage_arrears.view_sectorroute",
                         "wage_arrears.view_departmentcontact", "wage_arrears.add_departmentcontact",
                         "wage_arrears.change_departmentcontact"],
        "dept_liaison": ["wage_arrears.view_complaint", "wage_arrears.view_receptionsession"],
    }
    beat_schedule = {
        "wage-arrears-deadlines-daily": {"task": "wage_arrears.deadlines_sweep", "schedule": crontab(hour=6, minute=0)},
        "wage-arrears-sessions-weekly": {"task": "wage_arrears.sessions_create_ahead",
                                         "schedule": crontab(hour=5, minute=30, day_of_week="mon")},
    }

    def ready(self) -> None:
        from django.apps import apps
        from django.db.models.signals import post_migrate

        from .reference import ensure_defaults

        # after the kernel's reference data (departments), which is loaded on the core app's post_migrate
        post_migrate.connect(ensure_defaults, sender=apps.get_app_config("core"), weak=False,
                             dispatch_uid="wage_arrears.defaults")
