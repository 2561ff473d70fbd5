"""The public notice pages come from the kernel page cache (ADR 0013). Publishing or closing a
notice (audited, and every save of a notice) shows at once in the process that made it and within
``XT_PAGE_CACHE_VERSION_SECONDS`` (2 s) elsewhere; the objection window closes with the day (the
date is part of every key). Objections themselves are never served from a cache."""

from django.conf import settings

from xingtai_jobs.core.pagecache import PageCache

PAGES = PageCache("subsidies", seconds=settings.XT_PAGE_CACHE_SECONDS, bump_on_audit=("subsidies.notice.",),
                  bump_on_save=("subsidies.PublicNotice",))
SUBMIT_KEY_SENTINEL = "XT-SUBSIDIES-SUBMIT-KEY-SENTINEL"
