"""Method version 1 (issue 6): the default weights, top-list size and correction window as data."""

from django.db import migrations

from rankings.defaults import ensure_default_method


def forwards(apps, schema_editor):
    ensure_default_method(apps.get_model("rankings", "RankingMethod"))


class Migration(migrations.Migration):
    dependencies = [("rankings", "0001_initial")]
    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
