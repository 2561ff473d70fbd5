"""Paginators for the public job search: counting 90,000 matching postings on every request costs
more than the page itself, so the count stops at ``cap`` + 1 ("more than 1000"). A keyword search
(``selectors.RankedPostings``) brings its capped count with it."""

from __future__ import annotations

from django.core.paginator import Paginator

from xingtai_jobs.core.drf import StandardPagination


class CappedPaginator(Paginator):
    @property
    def cap(self) -> int:
        from recruitment.selectors import SEARCH_CAP

        return SEARCH_CAP

    @property
    def count(self) -> int:
        if not hasattr(self, "_capped_count"):
            counted = getattr(self.object_list, "capped_count", None)  # keyword search: counted with its id list
            self._capped_count = min(counted(), self.cap + 1) if counted else self.object_list[: self.cap + 1].count()
        return self._capped_count

    @property
    def capped(self) -> bool:
        return self.count > self.cap


class CappedPagination(StandardPagination):
    """API pagination whose ``count`` is at most 1001 (then: narrow the filters)."""

    django_paginator_class = CappedPaginator
    page_size = 20
