"""Policy figures and 2024 targets as data (staff edit them in the admin)."""

from django.db import migrations


def forward(apps, schema_editor):
    from recruitment.policy import load_policy_figures

    load_policy_figures(apps.get_model("recruitment", "PolicyParameter"), apps.get_model("recruitment", "Target"))


class Migration(migrations.Migration):
    dependencies = [("recruitment", "0001_initial")]
    operations = [migrations.RunPython(forward, migrations.RunPython.noop)]
