"""Internship placements' copy of who the intern is goes; the person is required, once per post (issue 12)."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ("recruitment", "0012_placement_identity_on_person"),
    ]

    operations = [
        migrations.RemoveConstraint(model_name="internshipplacement", name="rec_placement_once"),
        migrations.AlterField(
            model_name="internshipplacement",
            name="person",
            field=models.ForeignKey(editable=False, on_delete=django.db.models.deletion.PROTECT, related_name="internship_placements",
                                    to="persons.person", verbose_name="person"),
        ),
        migrations.RemoveField(model_name="internshipplacement", name="name"),
        migrations.RemoveField(model_name="internshipplacement", name="resident_id"),
        migrations.RemoveField(model_name="internshipplacement", name="phone"),
        migrations.AddConstraint(
            model_name="internshipplacement",
            constraint=models.UniqueConstraint(fields=("post", "person"), name="rec_placement_once"),
        ),
    ]
