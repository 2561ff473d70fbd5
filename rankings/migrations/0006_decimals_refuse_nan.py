from django.db import migrations

from xingtai_jobs.core.migration_ops import RefuseNaN


class Migration(migrations.Migration):
    dependencies = [("rankings", "0005_method_figure_status")]
    operations = [RefuseNaN()]
