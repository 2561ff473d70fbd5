from celery.schedules import crontab
from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PersonsConfig(AppConfig):
    """The person layer: who a person is, their unemployment registrations, labour contracts,
    monthly contributions, certificates and hardship certifications (the facts every
    person-based subsidy is decided on)."""

    name = "persons"
    verbose_name = _("Persons")
    nav_links = (
        (_("My services"), "persons-me", "public", _("Your own records and subsidies: sign up with your ID number")),
    )
    role_permissions = {
        "city_staff": ["persons.*"],
        "county_staff": ["persons.*"],
    }
    beat_schedule = {
        "persons-contribution-orphans": {"task": "persons.check_contribution_orphans", "schedule": crontab(minute=40, hour=3)},
    }

    def ready(self):
        from django.db.models.signals import pre_delete

        from enterprises.models import Enterprise

        from .integrity import lock_registry_for_delete
        from .models import Person

        # the contributions' references are not database constraints (persons.integrity)
        for model in (Person, Enterprise):
            pre_delete.connect(lock_registry_for_delete, sender=model, dispatch_uid=f"persons.registry_lock.{model.__name__}")
