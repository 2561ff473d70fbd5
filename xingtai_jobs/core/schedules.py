"""Periodic tasks as rows staff edit in the admin (django-celery-beat).

Apps declare their periodic tasks on their AppConfig (``beat_schedule``). After migrate they are
created as PeriodicTask rows once, in the portal's time zone, and never overwritten: a schedule
staff changed or disabled in the admin stays as they left it. (Entries in Celery's own
``beat_schedule`` would be re-applied by the database scheduler every time beat starts, undoing
staff edits, so none are put there.)"""

from __future__ import annotations

import datetime as dt
import json
import zoneinfo

from celery.schedules import crontab
from django.apps import apps
from django.conf import settings


def declared_schedule() -> dict[str, dict]:
    entries: dict[str, dict] = {}
    for config in apps.get_app_configs():
        entries.update(getattr(config, "beat_schedule", {}))
    return entries


def sync_periodic_tasks(sender=None, using: str = "default", **kwargs) -> None:
    """post_migrate receiver: create missing periodic tasks once, after the last app migrated."""
    configs = list(apps.get_app_configs())
    if sender is not None and sender is not configs[-1]:
        return
    from django_celery_beat.models import CrontabSchedule, IntervalSchedule, PeriodicTask

    existing = set(PeriodicTask.objects.using(using).values_list("name", flat=True))
    for name, entry in declared_schedule().items():
        if name in existing:
            continue
        schedule = entry["schedule"]
        fields: dict = {}
        if isinstance(schedule, crontab):
            fields["crontab"], _ = CrontabSchedule.objects.using(using).get_or_create(
                minute=schedule._orig_minute, hour=schedule._orig_hour, day_of_week=schedule._orig_day_of_week,
                day_of_month=schedule._orig_day_of_month, month_of_year=schedule._orig_month_of_year,
                timezone=zoneinfo.ZoneInfo(settings.TIME_ZONE),
            )
        else:
            seconds = schedule.total_seconds() if isinstance(schedule, dt.timedelta) else float(schedule)
            fields["interval"], _ = IntervalSchedule.objects.using(using).get_or_create(
                every=int(seconds), period=IntervalSchedule.SECONDS
            )
        PeriodicTask.objects.using(using).create(
            name=name, task=entry["task"], args=json.dumps(list(entry.get("args", []))),
            kwargs=json.dumps(dict(entry.get("kwargs", {}))), **fields,
        )
