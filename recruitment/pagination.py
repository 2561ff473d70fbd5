"""Paginators for the public job search: counting 90,000 matching postings on every request costs
more than the page itself, so the count stops at ``cap`` + 1 ("more than 1000")."""

from __future__ import annotations

from django.core.paginator import Paginator

from xingtai_jobs.core.drf import StandardPagination


class CappedPaginator(Paginator):
    cap = 1000

    @property
    def count(self) -> int:
        if not hasattr(self, "_capped_count"):
            self._capped_count = self.object_list[: self.cap + 1].count()
        return self._capped_count

    @property
    def capped(self) -> bool:
        return self.count > self.cap


class CappedPagination(StandardPagination):
    """API pagination whose ``count`` is at most 1001 (then: narrow the filters)."""

    django_paginator_class = CappedPaginator
    page_size = 20
