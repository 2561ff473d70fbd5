"""The yearly targets now live in the measures register (measures 0003 copied them)."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("recruitment", "0005_policy_figures_to_kernel"), ("measures", "0003_recruitment_targets")]
    operations = [migrations.DeleteModel(name="Target")]
