from django.db import migrations


def seed(apps, schema_editor):
    # The default handling policy is no longer created here: since 0006 its figures are kernel policy
    # figures whose default data (wage_arrears/policy_defaults.toml) is loaded after migrate.
    from wage_arrears.reference import load_routes

    load_routes(apps.get_model("wage_arrears", "SectorRoute"),
               apps.get_model("core", "Department"))


class Migration(migrations.Migration):
    dependencies = [
        ("wage_arrears", "0001_initial"),
        ("core", "0003_regions_departments"),
    ]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
