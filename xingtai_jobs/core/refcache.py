"""A per-process memo of small reference tables that hot public paths read on every request
(regions, policy figures, sector routes): one database query per process
per ``XT_REFCACHE_SECONDS`` instead of one per request.

    @reference_memo("core.Region")
    def regions() -> list[Region]:
        return list(Region.objects.order_by("code"))

    regions()           # loads once, then serves the same value until it expires
    regions.clear()     # drop it now (done for you when a row of a named model is saved or deleted)

Saving or deleting a row of a named model through the ORM drops the memo at once in that process
(and again when the transaction commits); other processes see the change within the time-to-live
(30 s by default). Changes that bypass signals (``QuerySet.update``, SQL) also wait for it.
The values are shared between threads: treat them as read-only.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Generic, TypeVar

from django.conf import settings
from django.db import transaction
from django.db.models.signals import post_delete, post_save

T = TypeVar("T")

_MEMOS: list[ReferenceMemo] = []
_clock = time.monotonic  # tests move it forward to expire memos


class ReferenceMemo(Generic[T]):
    def __init__(self, loader: Callable[[], T], ttl: float | None = None):
        self.loader = loader
        self.ttl = ttl
        self._entry: tuple[T | None, float] = (None, 0.0)
        self.__doc__ = loader.__doc__
        self.__name__ = getattr(loader, "__name__", "memo")

    def __call__(self) -> T:
        value, expires = self._entry  # one read: threads see a whole entry or the previous one
        now = _clock()
        if now < expires:
            return value  # type: ignore[return-value]
        ttl = self.ttl if self.ttl is not None else float(getattr(settings, "XT_REFCACHE_SECONDS", 30))
        value = self.loader()
        self._entry = (value, now + ttl)
        return value

    def clear(self, *args, **kwargs) -> None:
        self._entry = (None, 0.0)

    def _on_change(self, *args, **kwargs) -> None:
        self.clear()
        transaction.on_commit(self.clear, robust=True)


def reference_memo(*models: str, ttl: float | None = None) -> Callable[[Callable[[], T]], ReferenceMemo[T]]:
    """Memoise a loader of reference data per process; ``models`` ("app_label.Model") invalidate it."""

    def decorate(loader: Callable[[], T]) -> ReferenceMemo[T]:
        memo = ReferenceMemo(loader, ttl)
        for model in models:
            post_save.connect(memo._on_change, sender=model, weak=False)
            post_delete.connect(memo._on_change, sender=model, weak=False)
        _MEMOS.append(memo)
        return memo

    return decorate


def clear_all() -> None:
    """Drop every memo of this process (tests do this before each test; rolled-back rows must not
    survive in a memo)."""
    for memo in _MEMOS:
        memo.clear()
