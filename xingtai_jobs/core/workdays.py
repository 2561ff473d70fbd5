"""The official working-day calendar (法定工作日): Chinese public holidays and 调休 weekend
workdays from the chinese-calendar package, corrected or extended by CalendarOverride rows that
staff maintain in the admin (for example a year the package does not cover yet)."""

from __future__ import annotations

import datetime as dt
import logging
from functools import lru_cache

import chinese_calendar

from xingtai_jobs.core.refcache import reference_memo

logger = logging.getLogger(__name__)


@reference_memo("core.CalendarOverride")
def _overrides() -> dict[dt.date, bool]:
    """Every staff override (a few dozen rows a year), from the per-process reference memo: an edit
    is seen at once by the process that saves it and by the others within XT_REFCACHE_SECONDS."""
    from xingtai_jobs.core.models import CalendarOverride

    return dict(CalendarOverride.objects.values_list("date", "is_working_day"))


_warned_years: set[int] = set()


def clear_cache() -> None:
    """Read the overrides again at the next look-up (saving or deleting one does this already)."""
    _overrides.clear()


@lru_cache(maxsize=64)
def package_covers(year: int) -> bool:
    """Whether chinese-calendar has the State Council's holiday schedule for ``year``."""
    try:
        chinese_calendar.is_workday(dt.date(year, 1, 1))
    except NotImplementedError:
        return False
    return True


def years_without_schedule(start: dt.date, days: int) -> list[int]:
    """The years from ``start`` to ``days`` later whose official holidays are known neither to
    chinese-calendar nor from staff overrides: deadlines reaching into them count Monday-Friday."""
    uncovered = [year for year in range(start.year, (start + dt.timedelta(days=days)).year + 1)
                 if not package_covers(year)]
    if not uncovered:
        return []
    years_with_overrides = {day.year for day in _overrides()}
    return [year for year in uncovered if year not in years_with_overrides]


def is_working_day(day: dt.date) -> bool:
    overrides = _overrides()
    if day in overrides:
        return overrides[day]
    if package_covers(day.year):
        return chinese_calendar.is_workday(day)
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
