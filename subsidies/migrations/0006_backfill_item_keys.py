"""The generalised item model (ADR 0019), step 2 of 3: every existing item and payout line is an
enterprise's (稳岗返还), so its beneficiary key is "E<enterprise id>", its basis "" and its payout
subject ""; the person schemes declare their beneficiary kind and subject. Reversible (the keys
are dropped with their columns)."""

from django.db import migrations
from django.db.models import CharField, Value
from django.db.models.functions import Cast, Concat

SCHEMES = {
    "stable_job_refund": ("enterprise", False),
    "job_expansion": ("enterprise", True),
    "skill_upgrade": ("person", True),
}


def forwards(apps, schema_editor):
    Scheme = apps.get_model("subsidies", "Scheme")
    Application = apps.get_model("subsidies", "Application")
    PayoutItem = apps.get_model("subsidies", "PayoutItem")
    for code, (kind, has_subject) in SCHEMES.items():
        Scheme.objects.filter(code=code).update(beneficiary_kind=kind, has_subject=has_subject)
    key = Concat(Value("E"), Cast("enterprise_id", CharField()), output_field=CharField())
    Application.objects.filter(beneficiary_key="", enterprise__isnull=False).update(beneficiary_key=key)
    PayoutItem.objects.filter(beneficiary_key="", enterprise__isnull=False).update(beneficiary_key=key)


class Migration(migrations.Migration):

    dependencies = [("subsidies", "0005_generalised_items")]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
