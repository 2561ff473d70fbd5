from django.db import migrations

from xingtai_jobs.core.migration_ops import RefuseNaN


class Migration(migrations.Migration):
    dependencies = [("measures", "0005_si_subsidy_reported_until_paid_here")]
    operations = [RefuseNaN()]
