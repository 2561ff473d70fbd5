from celery.schedules import crontab
from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EntitlementsConfig(AppConfig):
    """Entitlements paid for a whole period (社保补贴 直补快办, 就业见习补贴): one approval, monthly lines"""

    name = "entitlements"
    verbose_name = _("Entitlements")
    default_auto_field = "django.db.models.BigAutoField"
    nav_links: tuple = (
        (_("Entitlement review"), "entitlements:staff_list", "staff",
         _("Social-insurance and internship subsidies paid month by month: review and approve once.")),
    )
    role_permissions = {
        "city_staff": ["entitlements.*"],
        "county_staff": ["entitlements.view_entitlement", "entitlements.change_entitlement", "entitlements.view_entitlementline",
                         "entitlements.view_lineadjustment", "entitlements.change_lineadjustment"],
    }
    beat_schedule = {
        # the social-insurance system delivers a month's rows in the first days of the next month
        "entitlements-monthly-lines": {"task": "entitlements.compute_lines", "schedule": crontab(minute=30, hour=2, day_of_month=8)},
        # the full recomputation: late months, and corrections of paid months flagged as adjustments
        "entitlements-quarterly-reconcile": {"task": "entitlements.reconcile_lines",
                                             "schedule": crontab(minute=30, hour=3, day_of_month=9, month_of_year="1,4,7,10")},
    }

    def ready(self):
        from entitlements.services_payouts import on_item_moved
        from xingtai_jobs.core.workflow import moved

        moved.connect(on_item_moved, dispatch_uid="entitlements.lines_follow_items")  # sender: a machine name (checked there)
