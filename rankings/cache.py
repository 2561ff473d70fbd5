"""The public ranking and job-demand pages answer from the kernel page cache
(``xingtai_jobs.core.pagecache``, ADR 0013). Every publication, withdrawal or job-demand filing bumps
the version (``bump_public_version``): the process that made it shows it at once, the others within
``XT_PAGE_CACHE_VERSION_SECONDS`` (2 s). Nothing else changes these pages, so entries keep a day."""

from __future__ import annotations

from django.core.cache import cache  # noqa: F401 - the PDF is kept here too (views)

from xingtai_jobs.core.pagecache import PageCache

TIMEOUT = 24 * 3600
PUBLIC = PageCache("rankings", seconds=TIMEOUT)


def bump_public_version() -> None:
    PUBLIC.bump()


def public_key(*parts) -> str:
    return ":".join(["rankings:public", PUBLIC.version(), *[str(p) for p in parts]])


def clear_local() -> None:
    PUBLIC.clear_local()
