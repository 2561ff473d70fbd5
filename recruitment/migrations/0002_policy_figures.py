"""Policy figures and 2024 targets as data (staff edit them in the admin)."""

from django.db import migrations


def forward(apps, schema_editor):
    # The policy figures are no longer created here: since 0005 they are kernel policy figures whose
    # default data (recruitment/policy_defaults.toml) is loaded after migrate.
    from recruitment.policy import load_targets

    load_targets(apps.get_model("recruitment", "Target"))


class Migration(migrations.Migration):
    dependencies = [("recruitment", "0001_initial")]
    operations = [migrations.RunPython(forward, migrations.RunPython.noop)]
