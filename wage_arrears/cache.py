"""The public complaint form and tracking page come from the kernel page cache (ADR 0013), only as
the empty GET form for an anonymous visitor without a captcha to show. Each visitor's CSRF token and
submission key are put in on the way out. A change of a site (its QR code's prefill) shows at once
in the process that made it and within ``XT_PAGE_CACHE_VERSION_SECONDS`` (2 s) elsewhere; the
rest within ``XT_PAGE_CACHE_SECONDS``. Complaint submissions and tracking look-ups (POSTs) are never
served from a cache."""

from django.conf import settings

from xingtai_jobs.core.pagecache import PageCache

PAGES = PageCache("wage_arrears", seconds=settings.XT_PAGE_CACHE_SECONDS, bump_on_save=("wage_arrears.Site",))
SUBMISSION_KEY_SENTINEL = "00000000-0000-4000-8000-00000000c0de"  # a UUID no visitor ever gets
