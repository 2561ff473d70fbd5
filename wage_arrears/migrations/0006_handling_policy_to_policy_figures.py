"""The handling policy rows become kernel policy figures (``wage_arrears.<field>``, one row per
field and window), then the HandlingPolicy table goes.

Reversible: backwards, one HandlingPolicy row is rebuilt per distinct start date of the figures,
with the values in force on that date (ending the day before the next start, or where the first
of its figures ends); the per-figure sources and confirmation flags are lost (one source per row).
"""

import datetime as dt

from django.db import migrations

FIELDS = ("accept_working_days", "first_contact_working_days", "resolve_working_days", "extension_working_days",
          "due_soon_working_days", "max_arrears_age_days", "group_window_days", "blacklist_years",
          "early_removal_months", "session_weekday", "session_start", "session_weeks_ahead")
# Whether policy_rules.md §9 confirms the figure's source (the others are bureau practice).
CONFIRMED = {"accept_working_days", "resolve_working_days", "extension_working_days", "max_arrears_age_days",
             "blacklist_years", "early_removal_months", "session_weekday"}
FALLBACK_SOURCE = "wage_arrears HandlingPolicy (before the policy register)"


def _text(value):
    return value.strftime("%H:%M") if isinstance(value, dt.time) else str(value)


def forwards(apps, schema_editor):
    HandlingPolicy = apps.get_model("wage_arrears", "HandlingPolicy")
    PolicyFigure = apps.get_model("core", "PolicyFigure")
    for row in HandlingPolicy.objects.order_by("valid_from"):
        for field in FIELDS:
            key = f"wage_arrears.{field}"
            if PolicyFigure.objects.filter(key=key, valid_from=row.valid_from).exists():
                continue
            PolicyFigure.objects.create(
                key=key, value=_text(getattr(row, field)), valid_from=row.valid_from, valid_to=row.valid_to,
                source=(row.source or FALLBACK_SOURCE)[:300], confirmed=field in CONFIRMED)


def backwards(apps, schema_editor):
    HandlingPolicy = apps.get_model("wage_arrears", "HandlingPolicy")
    PolicyFigure = apps.get_model("core", "PolicyFigure")
    rows = list(PolicyFigure.objects.filter(key__in=[f"wage_arrears.{f}" for f in FIELDS]))
    starts = sorted({r.valid_from for r in rows})
    for i, start in enumerate(starts):
        in_force = {r.key.split(".", 1)[1]: r for r in rows
                    if r.valid_from <= start and (r.valid_to is None or start <= r.valid_to)}
        if set(in_force) != set(FIELDS):
            continue  # a window without every figure cannot be one row
        ends = [r.valid_to for r in in_force.values() if r.valid_to is not None]
        if i + 1 < len(starts):
            ends.append(starts[i + 1] - dt.timedelta(days=1))
        values = {}
        for field, r in in_force.items():
            values[field] = (dt.time.fromisoformat(r.value) if field == "session_start" else int(r.value))
        HandlingPolicy.objects.create(valid_from=start, valid_to=min(ends) if ends else None,
                                      source=in_force["accept_working_days"].source[:200], **values)
    PolicyFigure.objects.filter(pk__in=[r.pk for r in rows]).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("wage_arrears", "0005_clearance_snapshots"),
        ("core", "0004_policy_figure"),
    ]

    operations = [
        migrations.RunPython(forwards, backwards),
        migrations.DeleteModel(name="HandlingPolicy"),
    ]
