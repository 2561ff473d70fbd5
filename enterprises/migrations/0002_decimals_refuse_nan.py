from django.db import migrations

from xingtai_jobs.core.migration_ops import RefuseNaN


class Migration(migrations.Migration):
    dependencies = [("enterprises", "0001_initial")]
    operations = [RefuseNaN()]
