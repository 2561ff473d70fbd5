"""Recruitment's key/value PolicyParameter rows become kernel policy figures
(``recruitment.<code>``, same value, window and source), then the table goes.

Reversible: backwards, each ``recruitment.*`` figure row becomes a PolicyParameter row again; the
confirmation flag, version and last editor are lost (the old table had none)."""

from decimal import Decimal

from django.db import migrations

# Codes whose source policy_rules.md confirms (the seed text or national practice); the others are
# bureau practice awaiting confirmation.
CONFIRMED = {"officer_minimum", "internship_min_months", "internship_max_months", "intern_graduate_window_years",
             "intern_youth_min_age", "intern_youth_max_age", "1131_briefings", "1131_guidance", "1131_referrals",
             "1131_training_or_internship"}


def forwards(apps, schema_editor):
    PolicyParameter = apps.get_model("recruitment", "PolicyParameter")
    PolicyFigure = apps.get_model("core", "PolicyFigure")
    for row in PolicyParameter.objects.order_by("code", "valid_from"):
        key = f"recruitment.{row.code}"
        value = row.value.to_integral_value() if row.value == row.value.to_integral_value() else row.value
        PolicyFigure.objects.get_or_create(key=key, valid_from=row.valid_from, defaults={
            "value": str(value), "valid_to": row.valid_to, "source": row.source or "recruitment PolicyParameter",
            "confirmed": row.code in CONFIRMED})


def backwards(apps, schema_editor):
    PolicyParameter = apps.get_model("recruitment", "PolicyParameter")
    PolicyFigure = apps.get_model("core", "PolicyFigure")
    rows = PolicyFigure.objects.filter(key__startswith="recruitment.")
    for row in rows:
        PolicyParameter.objects.get_or_create(code=row.key.split(".", 1)[1], valid_from=row.valid_from, defaults={
            "value": Decimal(row.value), "valid_to": row.valid_to, "source": row.source[:200]})
    rows.delete()


class Migration(migrations.Migration):

    dependencies = [
        ("core", "0004_policy_figure"),
        ("recruitment", "0004_posting_grams_index"),
    ]

    operations = [
        migrations.RunPython(forwards, backwards),
        migrations.DeleteModel(
            name="PolicyParameter",
        ),
    ]
