from celery.schedules import crontab
from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MeasuresConfig(AppConfig):
    """The register of the 23 measures: targets, live progress and the registries behind them"""

    name = "measures"
    verbose_name = _("23 measures")
    default_auto_field = "django.db.models.BigAutoField"
    nav_links: tuple = (
        (_("23 measures"), "measures:public-index", "public",
         _("Targets and progress of the 23 employment measures (邢人社办〔2024〕84号).")),
        (_("Craftsman stars"), "measures:public-craftsmen", "public", _("太行泉城 工匠之星 as published.")),
        (_("Measures register"), "measures:staff-index", "staff",
         _("Every county's figures, reports to approve, registries and the Excel export.")),
    )
    role_permissions = {
        "city_staff": ["measures.*"],
        "county_staff": [
            "measures.view_measure", "measures.view_indicator", "measures.view_report",
            "measures.add_report", "measures.view_snapshot",
            *[f"measures.{verb}_{model}" for model in (
                "trainingclass", "evaluationbody", "competition", "craftsman", "volunteerquota", "labourbrand",
                "servicepoint", "zeroemploymentcount", "firstlesson", "harmoniousunit", "gigInsuranceperiod".lower())
              for verb in ("view", "add", "change")],
        ],
    }
    beat_schedule = {
        "measures-weekly-snapshot": {"task": "measures.snapshot_weekly", "schedule": crontab(minute=30, hour=1, day_of_week=1)},
    }

    def ready(self):
        from django.db.models.signals import post_migrate

        from measures.catalogue import ensure_catalogue

        post_migrate.connect(ensure_catalogue, sender=self, dispatch_uid="measures.catalogue")
