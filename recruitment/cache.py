"""The public recruitment pages and API lists come from the kernel page cache (ADR 0013).

Freshness: a published, closed or changed event, an approved participant, a capacity change and a
new, edited or withdrawn posting show at once in the process that made the change and within
``XT_PAGE_CACHE_VERSION_SECONDS`` (2 s) elsewhere (audited services and posting saves bump the
version); places left change with every registration and are shown at most
``XT_PAGE_CACHE_SECONDS`` (10 s) old. Registrations themselves are never served from a cache."""

from django.conf import settings

from xingtai_jobs.core.pagecache import PageCache

PAGES = PageCache(
    "recruitment", seconds=settings.XT_PAGE_CACHE_SECONDS,
    bump_on_audit=("recruitment.event.", "recruitment.participant."),
    bump_on_save=("recruitment.JobPosting", "recruitment.Event", "recruitment.EventParticipant", "recruitment.Series"),
)
