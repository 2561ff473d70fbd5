"""Default sector routing, (re)created after every migrate or flush when missing (the kernel does
the same for regions and departments). Staff edit it in the admin afterwards. The handling figures
are policy figures (wage_arrears/policy.py, default data in policy_defaults.toml)."""

from __future__ import annotations

DEFAULT_ROUTES = {
    "construction": "housing", "manufacturing": "hrss", "services": "hrss", "transport": "transport",
    "water": "water", "urban": "urban", "other": "hrss",
}


def load_routes(SectorRoute, Department) -> None:  # noqa: N803 - model classes (historical in migrations)
    for sector, code in DEFAULT_ROUTES.items():
        department = Department.objects.filter(code=code).first()
        if department is not None and not SectorRoute.objects.filter(sector=sector).exists():
            SectorRoute.objects.create(sector=sector, department=department)


def ensure_defaults(sender=None, **kwargs) -> None:
    from xingtai_jobs.core.models import Department

    from .models import SectorRoute

    load_routes(SectorRoute, Department)
