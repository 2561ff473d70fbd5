"""Method version 1 (issue 6): the default weights, top-list size and correction window as data."""

import datetime as dt

from django.db import migrations

DESCRIPTION = (
    "总量(年均参保人数)30%、增长(12月较上年12月参保人数增量)25%、新增参保人数25%、"
    "裁员率(失业保险金新申领人数/年均参保人数,越低越好)10%、劳动争议率(越低越好)10%;各项取百分位后加权,满分100。"
)


def forwards(apps, schema_editor):
    RankingMethod = apps.get_model("rankings", "RankingMethod")
    RankingMethod.objects.update_or_create(
        version=1,
        defaults={
            "effective_from": dt.date(2020, 1, 1),
            "effective_to": None,
            "weights": {"total": "0.30", "growth": "0.25", "hires": "0.25", "layoff": "0.10", "dispute": "0.10"},
            "top_n": 100,
            "correction_window_days": 5,
            "description": DESCRIPTION,
        },
    )


class Migration(migrations.Migration):
    dependencies = [("rankings", "0001_initial")]
    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
