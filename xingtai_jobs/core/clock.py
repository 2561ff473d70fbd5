"""The one clock seam: ``clock.today()`` (the portal's local date) and ``clock.now()``.

Call them through the module (``from xingtai_jobs.core import clock``; ``clock.today()``), so a
test fixes the date for every app with ``monkeypatch.setattr(clock, "today", lambda: day)``."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone


def today() -> dt.date:
    return timezone.localdate()


def now() -> dt.datetime:
    return timezone.now()
