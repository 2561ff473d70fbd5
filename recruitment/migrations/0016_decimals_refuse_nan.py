from django.db import migrations

from xingtai_jobs.core.migration_ops import RefuseNaN


class Migration(migrations.Migration):
    dependencies = [("recruitment", "0015_registration_one_copy")]
    operations = [RefuseNaN()]
