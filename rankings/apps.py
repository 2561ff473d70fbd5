from celery.schedules import crontab
from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RankingsConfig(AppConfig):
    """Annual most-employment-driving enterprise ranking, key enterprises, job demand"""

    name = "rankings"
    verbose_name = _("Rankings")
    # (label, url name, audience: public | enterprise | staff[, description]) shown in the layout.
    nav_links: tuple = (
        (_("Employment-driving ranking"), "rankings:public-index", "public",
         _("The annual list of the enterprises that drive employment most (最具就业带动力).")),
        (_("Job demand"), "rankings:public-job-demand", "public",
         _("Industry development job-demand table (产业发展就业岗位需求表).")),
        (_("My ranking"), "rankings:enterprise-ranking", "enterprise",
         _("Your figures and rank in the preview; ask for corrections.")),
        (_("Job demand filing"), "rankings:enterprise-job-demand", "enterprise",
         _("Tell the bureau which people you need.")),
        (_("Rankings"), "rankings:staff-index", "staff", _("Compute, review and publish the annual ranking.")),
    )
    role_permissions = {
        "city_staff": ["rankings.*"],
        "county_staff": [
            "rankings.view_ranking", "rankings.view_preview", "rankings.view_rankingentry", "rankings.view_rankingexclusion",
            "rankings.view_publishedentry", "rankings.view_correctionrequest", "rankings.change_correctionrequest",
            "rankings.view_keyenterprisedesignation", "rankings.add_keyenterprisedesignation",
            "rankings.change_keyenterprisedesignation", "rankings.view_jobdemand", "rankings.add_jobdemand",
        ],
        "enterprise_user": ["rankings.add_correctionrequest", "rankings.add_jobdemand"],
    }
    beat_schedule = {
        "rankings-start-annual": {"task": "rankings.start_annual_ranking", "schedule": crontab(minute=0, hour=2, day_of_month=10, month_of_year=1)},
    }

    def ready(self):
        # method v1 is data: restore it after a flush (transactional tests) as the kernel does for regions
        from django.db.models.signals import post_migrate

        from rankings.defaults import on_post_migrate

        post_migrate.connect(on_post_migrate, sender=self, dispatch_uid="rankings.default_method")
