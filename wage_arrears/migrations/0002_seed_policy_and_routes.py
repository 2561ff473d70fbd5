import datetime as dt

from django.db import migrations

ROUTES = {
    "construction": "housing",
    "manufacturing": "hrss",
    "services": "hrss",
    "transport": "transport",
    "water": "water",
    "urban": "urban",
    "other": "hrss",
}


def seed(apps, schema_editor):
    HandlingPolicy = apps.get_model("wage_arrears", "HandlingPolicy")
    SectorRoute = apps.get_model("wage_arrears", "SectorRoute")
    Department = apps.get_model("core", "Department")
    if not HandlingPolicy.objects.exists():
        HandlingPolicy.objects.create(
            valid_from=dt.date(2020, 5, 1),
            accept_working_days=5, first_contact_working_days=1, resolve_working_days=60, extension_working_days=30,
            due_soon_working_days=2, max_arrears_age_days=730, group_window_days=90, blacklist_years=3,
            early_removal_months=6, session_weekday=4, session_start=dt.time(14, 30), session_weeks_ahead=4,
            source="劳动保障监察条例 Art.17; 关于实施《劳动保障监察条例》若干规定 Art.18; 人社部失信联合惩戒暂行办法; "
                   "邢人社办〔2024〕84号 measures 21-22",
        )
    for sector, code in ROUTES.items():
        department = Department.objects.filter(code=code).first()
        if department is not None:
            SectorRoute.objects.get_or_create(sector=sector, defaults={"department": department})


class Migration(migrations.Migration):
    dependencies = [
        ("wage_arrears", "0001_initial"),
        ("core", "0003_regions_departments"),
    ]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
