from celery.schedules import crontab
from django.apps import AppConfig
from django.db.models.signals import post_migrate, post_save
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "xingtai_jobs.core"
    label = "core"
    verbose_name = _("Shared kernel")
    # login throttling (django-axes): city staff see access attempts and lift locks
    role_permissions = {"city_staff": ["axes.view_accessattempt", "axes.delete_accessattempt", "axes.view_accessfailurelog"]}
    nav_links = (
        (_("Policy figures"), "policy-list", "staff", _("Every amount, rate and deadline the portal applies, with its source")),
    )
    beat_schedule = {
        "core-ping-daily": {"task": "core.ping", "schedule": crontab(hour=3, minute=0), "args": ["beat"]},
    }

    def ready(self) -> None:
        from xingtai_jobs.core import policy, roles
        from xingtai_jobs.core.models import User
        from xingtai_jobs.core.reference import ensure_reference_data

        post_migrate.connect(ensure_reference_data, sender=self, dispatch_uid="core.reference_data")
        post_migrate.connect(roles.sync_role_groups, dispatch_uid="core.sync_role_groups")
        # Policy figures: each project app's policy.py declares them; default data fills missing keys.
        policy.discover()
        post_migrate.connect(policy.ensure_defaults, sender=self, dispatch_uid="core.policy_defaults")
        # Public page caches: each app's cache.py declares its own (ADR 0013).
        from xingtai_jobs.core import pagecache

        pagecache.discover()
        # The staff workbench: each app's workbench.py declares its kinds of work (ADR 0021).
        from xingtai_jobs.core import workbench

        workbench.discover()
        # The API answers a stored out-of-range decimal as stored instead of failing (issue 11 item 4).
        from xingtai_jobs.core import drf

        drf.use_stored_decimals()

        def _user_saved(sender, instance, **kwargs):
            if not kwargs.get("raw"):
                roles.sync_user_group(instance)

        post_save.connect(_user_saved, sender=User, weak=False, dispatch_uid="core.user_group")
        # CalendarOverride edits reach the working-day calendar through its reference memo (workdays.py)

        from django.contrib.auth.signals import user_logged_in

        from xingtai_jobs.core.staff_sessions import on_login

        user_logged_in.connect(on_login, dispatch_uid="core.staff_session_clock")

        from xingtai_jobs.core.schedules import sync_periodic_tasks

        post_migrate.connect(sync_periodic_tasks, dispatch_uid="core.periodic_tasks")

        from xingtai_jobs.core.scoping import autodiscover_selectors

        autodiscover_selectors()  # every app's selectors.py registers its models' visibility
