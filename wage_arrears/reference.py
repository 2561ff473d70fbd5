"""Default handling policy and sector routing, (re)created after every migrate or flush when missing
(the kernel does the same for regions and departments). Staff edit them in the admin afterwards."""

from __future__ import annotations

import datetime as dt

DEFAULT_POLICY = {
    "valid_from": dt.date(2020, 5, 1),
    "accept_working_days": 5, "first_contact_working_days": 1, "resolve_working_days": 60,
    "extension_working_days": 30, "due_soon_working_days": 2, "max_arrears_age_days": 730,
    "group_window_days": 90, "blacklist_years": 3, "early_removal_months": 6, "session_weekday": 4,
    "session_start": dt.time(14, 30), "session_weeks_ahead": 4,
    "source": "劳动保障监察条例 Art.17; 关于实施《劳动保障监察条例》若干规定 Art.18; 人社部失信联合惩戒暂行办法; "
              "邢人社办〔2024〕84号 measures 21-22",
}

DEFAULT_ROUTES = {
    "construction": "housing", "manufacturing": "hrss", "services": "hrss", "transport": "transport",
    "water": "water", "urban": "urban", "other": "hrss",
}


def load_defaults(HandlingPolicy, SectorRoute, Department) -> None:
    if not HandlingPolicy.objects.exists():
        HandlingPolicy.objects.create(**DEFAULT_POLICY)
    for sector, code in DEFAULT_ROUTES.items():
        department = Department.objects.filter(code=code).first()
        if department is not None and not SectorRoute.objects.filter(sector=sector).exists():
            SectorRoute.objects.create(sector=sector, department=department)


def ensure_defaults(sender=None, **kwargs) -> None:
    from xingtai_jobs.core.models import Department

    from .models import HandlingPolicy, SectorRoute

    load_defaults(HandlingPolicy, SectorRoute, Department)
