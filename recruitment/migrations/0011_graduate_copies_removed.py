"""The graduate ledger's copy of who the graduate is goes; the person is required, once per ledger (issue 12)."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ("recruitment", "0010_graduate_identity_on_person"),
    ]

    operations = [
        migrations.AlterField(
            model_name="graduateentry",
            name="person",
            field=models.ForeignKey(editable=False, on_delete=django.db.models.deletion.PROTECT, related_name="ledger_entries",
                                    to="persons.person", verbose_name="person"),
        ),
        migrations.AlterModelOptions(
            name="graduateentry",
            options={"ordering": ["household_region", "person__name", "id"], "verbose_name": "graduate ledger entry",
                     "verbose_name_plural": "graduate ledger (实名台账)"},
        ),
        migrations.RemoveField(model_name="graduateentry", name="name"),
        migrations.RemoveField(model_name="graduateentry", name="resident_id"),
        migrations.RemoveField(model_name="graduateentry", name="phone"),
        migrations.RemoveField(model_name="graduateentry", name="school"),
        migrations.RemoveField(model_name="graduateentry", name="degree"),
        migrations.RemoveField(model_name="graduateentry", name="major"),
        migrations.RemoveField(model_name="graduateentry", name="graduation_date"),
        migrations.AddConstraint(
            model_name="graduateentry",
            constraint=models.UniqueConstraint(fields=("person",), name="rec_graduate_person_once"),
        ),
    ]
