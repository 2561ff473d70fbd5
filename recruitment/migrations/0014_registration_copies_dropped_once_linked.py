"""Event registrations keep no copy of a linked person (issue 12, ADR 0026).

A registration remembers whether a resident ID was given (the ticket is found again with its
last 4 characters). A registration linked to a person whose name is the one given (by resident ID, or by a mobile only
that person has) drops its copy of the name and resident ID (read from the person from now on).
A link whose person has another name, or another resident ID than the one given, was made by a
shared or mistyped number: it is undone and the registration keeps what was given. The phone stays
(the ticket's number). Constraint and schema in 0015. Not reversible."""

from django.db import migrations, models
from django.db.models import F, Q


def drop_copies(apps, schema_editor):
    Registration = apps.get_model("recruitment", "Registration")
    linked = Registration.objects.filter(person__isnull=False)
    doubtful = linked.filter(~Q(person__name=F("name")) | (~Q(resident_id="") & ~Q(person__resident_id=F("resident_id"))))
    Registration.objects.filter(pk__in=list(doubtful.values_list("pk", flat=True))).update(person=None)
    Registration.objects.exclude(resident_id="").update(id_given=True)  # the ticket's proof stays the ID's last 4
    Registration.objects.filter(person__isnull=False).update(name="", resident_id="")


class Migration(migrations.Migration):

    dependencies = [
        ("recruitment", "0013_placement_copies_removed"),
    ]

    operations = [
        migrations.AddField(
            model_name="registration",
            name="id_given",
            field=models.BooleanField(default=False, editable=False, verbose_name="resident ID given"),
        ),
        migrations.RunPython(drop_copies, elidable=False),
    ]
