from django.db import migrations

from xingtai_jobs.core.migration_ops import RefuseNaN


class Migration(migrations.Migration):
    dependencies = [("subsidies", "0009_alter_application_origin")]
    operations = [RefuseNaN()]
