from django.db import migrations

from xingtai_jobs.core.reference import load_reference_data


def load(apps, schema_editor):
    load_reference_data(apps.get_model("core", "Region"), apps.get_model("core", "Department"))


class Migration(migrations.Migration):
    dependencies = [("core", "0002_initial")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
