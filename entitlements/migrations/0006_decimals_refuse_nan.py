from django.db import migrations

from xingtai_jobs.core.migration_ops import RefuseNaN


class Migration(migrations.Migration):
    dependencies = [("entitlements", "0005_adjustment_review")]
    operations = [RefuseNaN()]
