from django.db import migrations

from xingtai_jobs.core.migration_ops import RefuseNaN


class Migration(migrations.Migration):
    dependencies = [("recruitment", "0009_gram_indexes_without_pending_list")]
    operations = [RefuseNaN()]
