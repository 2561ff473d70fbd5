"""Recruitment's five yearly targets move into the register (one way to hold targets): each stored
year becomes a kernel policy figure ``measures.<code>`` with that year as its window, keeping the
stored value and source (edits included). The defaults file is not repeated here."""

import datetime as dt

from django.db import migrations


def forwards(apps, schema_editor):
    OldTarget = apps.get_model("recruitment", "Target")  # noqa: N806
    PolicyFigure = apps.get_model("core", "PolicyFigure")  # noqa: N806
    for old in OldTarget.objects.order_by("code", "year"):
        key = f"measures.{old.code}"
        start, end = dt.date(old.year, 1, 1), dt.date(old.year, 12, 31)
        if PolicyFigure.objects.filter(key=key, valid_from__lte=end).exclude(valid_to__lt=start).exists():
            continue  # a figure already covers that year (never overwrite)
        PolicyFigure.objects.create(key=key, value=str(old.value), valid_from=start, valid_to=end,
                                    source=old.source or "recruitment target", confirmed=True)


def backwards(apps, schema_editor):
    OldTarget = apps.get_model("recruitment", "Target")  # noqa: N806
    PolicyFigure = apps.get_model("core", "PolicyFigure")  # noqa: N806
    codes = ["brand_events", "intentions", "graduate_events", "livestream_visits", "internship_posts"]
    for row in PolicyFigure.objects.filter(key__in=[f"measures.{c}" for c in codes]):
        OldTarget.objects.update_or_create(code=row.key.split(".", 1)[1], year=row.valid_from.year,
                                           defaults={"value": int(row.value.split(".")[0]), "source": row.source[:200]})


class Migration(migrations.Migration):
    dependencies = [("measures", "0002_catalogue"), ("recruitment", "0005_policy_figures_to_kernel"), ("core", "0004_policy_figure")]
    operations = [migrations.RunPython(forwards, backwards)]
