from django.db import migrations


def seed(apps, schema_editor):
    from wage_arrears.reference import load_defaults

    load_defaults(apps.get_model("wage_arrears", "HandlingPolicy"), apps.get_model("wage_arrears", "SectorRoute"),
                  apps.get_model("core", "Department"))


class Migration(migrations.Migration):
    dependencies = [
        ("wage_arrears", "0001_initial"),
        ("core", "0003_regions_departments"),
    ]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
