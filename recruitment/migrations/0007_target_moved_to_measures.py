"""The yearly targets now live in the measures register (measures 0003 copied them)."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("recruitment", "0006_person_links"), ("measures", "0003_recruitment_targets")]
    operations = [migrations.DeleteModel(name="Target")]
