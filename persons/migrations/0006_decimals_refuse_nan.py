from django.db import migrations

from xingtai_jobs.core.migration_ops import RefuseNaN


class Migration(migrations.Migration):
    dependencies = [("persons", "0005_contribution_enterprise_index")]
    operations = [RefuseNaN()]
