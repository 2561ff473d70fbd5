from django.db import migrations

from xingtai_jobs.core.migration_ops import RefuseNaN


class Migration(migrations.Migration):
    dependencies = [("wage_arrears", "0007_not_accepted_reason_label")]
    operations = [RefuseNaN()]
