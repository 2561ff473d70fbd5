from django.db import migrations


def forwards(apps, schema_editor):
    from measures.catalogue import load_catalogue

    load_catalogue(apps.get_model("measures", "Measure"), apps.get_model("measures", "Indicator"))


class Migration(migrations.Migration):
    dependencies = [("measures", "0001_initial")]
    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
