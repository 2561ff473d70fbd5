from django.db import migrations

from xingtai_jobs.core.migration_ops import RefuseNaN


class Migration(migrations.Migration):
    dependencies = [("persons", "0006_contribution_references_without_fk_constraints")]
    operations = [RefuseNaN()]
