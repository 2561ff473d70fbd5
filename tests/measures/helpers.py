"""Shared helpers of the measures tests."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from measures import selectors


def at(y, mo, d, h=10):
    return timezone.make_aware(dt.datetime(y, mo, d, h, 0))


def progress(code: str, *, as_of: dt.date, year: int = 2024, regions: bool = False) -> dict:
    for measure in selectors.register_progress(year=year, as_of=as_of, with_regions=regions, trend=True):
        for ind in measure["indicators"]:
            if ind["code"] == code:
                return ind
    raise KeyError(code)


def county(row: dict, code: str) -> dict:
    return next(r for r in row["by_region"] if r["region_code"] == code)
