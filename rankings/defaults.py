"""Method version 1 as published in issue 6: the data the first migration loads (and that
``ensure_default_method`` restores after a database flush). Staff edit methods in the admin."""

from __future__ import annotations

import datetime as dt

METHOD_V1 = {
    "version": 1,
    "effective_from": dt.date(2020, 1, 1),
    "effective_to": None,
    "weights": {"total": "0.30", "growth": "0.25", "hires": "0.25", "layoff": "0.10", "dispute": "0.10"},
    "top_n": 100,
    "correction_window_days": 5,
    "description": (
        "总量(年均参保人数)30%、增长(12月较上年12月参保人数增量)25%、新增参保人数25%、"
        "裁员率(失业保险金新申领人数/年均参保人数,越低越好)10%、劳动争议率(越低越好)10%;各项取百分位后加权,满分100。"
    ),
}


def ensure_default_method(model) -> None:
    """Create method v1 when no method exists at all (never overwrites staff edits)."""
    if not model.objects.exists():
        model.objects.create(**METHOD_V1)


def on_post_migrate(sender, using="default", **kwargs) -> None:
    from django.db import DEFAULT_DB_ALIAS

    from rankings.models import RankingMethod

    if using == DEFAULT_DB_ALIAS:
        ensure_default_method(RankingMethod)
