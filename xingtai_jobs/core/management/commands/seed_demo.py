"""Load believable demo data across all regions (idempotent: running it twice creates nothing twice).

Each app may provide ``<app>/demo.py`` with ``seed(stdout)``; they run in INSTALLED_APPS order."""

from importlib import import_module

from django.apps import apps
from django.core.management.base import BaseCommand
from django.db import transaction

from xingtai_jobs.core.demo import DEMO_PASSWORD


class Command(BaseCommand):
    help = "Load demo data (idempotent)."

    def handle(self, *args, **options):
        for config in apps.get_app_configs():
            try:
                module = import_module(f"{config.name}.demo")
            except ModuleNotFoundError as exc:
                if exc.name != f"{config.name}.demo":
                    raise
                continue
            with transaction.atomic():
                module.seed(self.stdout)
            self.stdout.write(f"  demo data: {config.label} ok")
        self.stdout.write(self.style.SUCCESS("Demo data ready."))
        self.stdout.write(
            f"Demo logins (password for all: {DEMO_PASSWORD}):\n"
            "  admin (superuser), city (city staff), xiangdu / xindu / ningjin / shahe (county staff),\n"
            "  zhujian_xiangdu (housing-department liaison), and enterprise users listed above.\n"
            "  Back office: http://127.0.0.1:8000/admin/"
        )
