"""The official working-day calendar (法定工作日): Chinese public holidays and 调休 weekend
workdays from the chinese-calendar package, corrected or extended by CalendarOverride rows that
staff maintain in the admin (for example a year the package does not cover yet)."""

from __future__ import annotations

import datetime as dt
import logging
from functools import lru_cache

import chinese_calendar

logger = logging.getLogger(__name__)


@lru_cache(maxsize=8)
def _overrides_for_year(year: int, _version: int) -> dict[dt.date, bool]:
    from xingtai_jobs.core.models import CalendarOverride

    return dict(
        CalendarOverride.objects.filter(date__year=year).values_list("date", "is_working_day")
    )


_override_version = 0
_warned_years: set[int] = set()


def clear_cache() -> None:
    """Called when overrides change (signal in apps) so the next look-up reads them again."""
    global _override_version
    _override_version += 1
    _overrides_for_year.cache_clear()


def is_working_day(day: dt.date) -> bool:
    overrides = _overrides_for_year(day.year, _override_version)
    if day in overrides:
        return overrides[day]
    try:
        return chinese_calendar.is_workday(day)
    except NotImplementedError:
        # The package has no data for this year yet: fall back to Monday-Friday and say so (once).
        if day.year not in _warned_years:
            _warned_years.add(day.year)
            logger.warning("No official holiday data for %s; counting Monday-Friday as working days "
                           "until staff add the year's holidays as calendar overrides.", day.year)
        return day.weekday() < 5


def is_holiday(day: dt.date) -> bool:
    return not is_working_day(day)


def add_working_days(start: dt.date, n: int) -> dt.date:
    """The date ``n`` working days after ``start`` (start itself not counted).

    ``add_working_days(d, 0)`` is ``d`` itself when it is a working day, else the next working day.
    Negative ``n`` counts backwards.
    """
    day = start
    if n == 0:
        while not is_working_day(day):
            day += dt.timedelta(days=1)
        return day
    step = dt.timedelta(days=1 if n > 0 else -1)
    remaining = abs(n)
    while remaining:
        day += step
        if is_working_day(day):
            remaining -= 1
    return day


def working_days_between(start: dt.date, end: dt.date) -> int:
    """Working days after ``start`` up to and including ``end`` (0 when end <= start)."""
    count = 0
    day = start
    while day < end:
        day += dt.timedelta(days=1)
        if is_working_day(day):
            count += 1
    return count


def next_working_day(day: dt.date) -> dt.date:
    return add_working_days(day, 1)
