"""Whole public pages (and public API lists) for anonymous visitors, from a versioned cache.

The design rankings started with (ADR 0006), made one kernel mechanism (ADR 0013):

- Entries live in the shared cache (Redis when ``REDIS_URL`` is set, else local memory) with a
  small per-process LRU layer in front, so a hot page costs no network round trip.
- Each ``PageCache`` (one per app or group of pages) has a shared *version*. ``bump()`` (called by
  the services and signals that change what the pages show) writes a new one; an entry is served
  only for the version it was rendered for. A process re-reads the shared version at most every
  ``XT_PAGE_CACHE_VERSION_SECONDS`` (2 s): the process that made a change sees it at once, every
  other process within that time.
- Each entry is also served at most ``seconds`` after it was rendered (the page's stated
  freshness for what no bump covers, e.g. places left at an event), and never after the day it was
  rendered (postings expire by date).
- Only anonymous visitors without a session or pending messages get cached pages; a signed-in
  user, a form with errors, a POST, a registration or a complaint submission is never cached.
  Per-visitor values (the CSRF token, a form's idempotency key) are rendered as sentinels and put in
  on the way out (the CSRF token by ``visitor_csrf_token``: Django's token, drawn faster).

Tests clear the per-process layers before each test (tests/conftest.py) and move the clock with
``pagecache.clock``.
"""

from __future__ import annotations

import hashlib
import os
import threading
import time
from collections import OrderedDict
from collections.abc import Callable
from typing import TYPE_CHECKING

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.http import HttpResponse
from django.middleware.csrf import CSRF_ALLOWED_CHARS, CSRF_SECRET_LENGTH
from django.template.loader import render_to_string
from django.utils.translation import get_language

from xingtai_jobs.core import clock as portal_clock

CSRF_SENTINEL = "XT-PAGECACHE-CSRF-SENTINEL"
LOCAL_MAX_ENTRIES = 512
_registry: dict[str, PageCache] = {}


def clock() -> float:
    """Wall-clock seconds (a seam: tests move it to check the stated freshness)."""
    return time.time()


def version_seconds() -> float:
    return float(getattr(settings, "XT_PAGE_CACHE_VERSION_SECONDS", 2.0))


class PageCache:
    """One group of cached pages. ``bump_on_audit``: audit action prefixes (``"recruitment.event."``)
    whose entries bump the version when their transaction commits, so every audited service that
    changes what the pages show reaches them with no call of its own; ``bump_on_save``: models
    (``"recruitment.JobPosting"``) whose ORM saves and deletes do the same."""

    def __init__(self, name: str, *, seconds: int, bump_on_audit: tuple[str, ...] = (), bump_on_save: tuple[str, ...] = ()):
        self.name, self.seconds = name, seconds
        self.version_key = f"pagecache:{name}:version"
        self.bump_on_audit = tuple(bump_on_audit)
        self._lock = threading.Lock()
        self._version: tuple[str | None, float] = (None, 0.0)
        self._local: OrderedDict[str, tuple[str, float, object]] = OrderedDict()
        _registry[name] = self
        for model in bump_on_save:
            for signal in (post_save, post_delete):
                signal.connect(self._saved, sender=model, weak=False, dispatch_uid=f"pagecache.{name}.{model}.{signal is post_save}")
        if bump_on_save:
            m2m_changed.connect(self._m2m_changed, weak=False, dispatch_uid=f"pagecache.{name}.m2m")
        self._models = {m.lower() for m in bump_on_save}

    def _saved(self, sender, **kwargs):
        if not kwargs.get("raw"):
            self.bump_on_commit()

    def _m2m_changed(self, sender, instance, action, **kwargs):
        if action.startswith("post_") and instance._meta.label_lower in self._models:
            self.bump_on_commit()

    def bump_on_commit(self) -> None:
        transaction.on_commit(self.bump)

    # --- version -----------------------------------------------------------------------------

    def shared_version(self) -> str:
        version = cache.get(self.version_key)
        if version is None:
            cache.add(self.version_key, str(time.time_ns()), None)
            version = cache.get(self.version_key)
        return version

    def version(self) -> str:
        now = clock()
        value, at = self._version
        if value is not None and now - at < version_seconds():
            return value
        value = self.shared_version()
        self._version = (value, now)
        return value

    def bump(self) -> None:
        """What the pages show has changed: every process renders them again (this one at once)."""
        cache.set(self.version_key, str(time.time_ns()), None)
        self.clear_local()

    def clear_local(self) -> None:
        with self._lock:
            self._version = (None, 0.0)
            self._local.clear()

    # --- entries -----------------------------------------------------------------------------

    def _key(self, key: str) -> str:
        digest = hashlib.sha1(f"{key}|{portal_clock.today().isoformat()}".encode(), usedforsecurity=False).hexdigest()
        return f"pagecache:{self.name}:{digest}"

    def _entry(self, full: str):
        """The (version, rendered at, value) stored under ``full`` for the current version and
        within ``seconds``: from this process's layer, else from the shared cache (then kept here)."""
        version, now = self.version(), clock()
        entry = self._local.get(full)
        if entry is not None and entry[0] == version and now - entry[1] < self.seconds:
            with self._lock:
                if full in self._local:
                    self._local.move_to_end(full)
            return entry
        entry = cache.get(full)
        if entry is not None and entry[0] == version and now - entry[1] < self.seconds:
            self._remember(full, entry)
            return entry
        return None

    def get(self, key: str):
        """The value stored for ``key`` under the current version and within ``seconds``, or None."""
        entry = self._entry(self._key(key))
        return None if entry is None else entry[2]

    def set(self, key: str, value) -> None:
        full = self._key(key)
        entry = (self.version(), clock(), value)
        cache.set(full, entry, self.seconds)
        self._remember(full, entry)

    def get_or_set(self, key: str, build: Callable[[], object]):
        """The stored value, else ``build()`` stored. In the second half of an entry's life (the
        copy is still within ``seconds``) one process, the first to claim it in the shared cache,
        renders it again while every other keeps serving the valid copy and takes the new one from
        the shared cache once it is there; so a hot page is re-rendered once for all the processes,
        before it expires, instead of by every process at the same moment when it does (with
        ``/measures/``, a 150-450 ms render, both sync workers rendering while every connection
        waited; ADR 0013). Nothing older than ``seconds`` is served; a bump, a new day or a copy
        that lapsed while nobody asked still misses at once."""
        full = self._key(key)
        entry = self._entry(full)
        if entry is None:
            value = build()
            self.set(key, value)
            return value
        if clock() - entry[1] >= self.seconds / 2:
            if cache.add(f"{full}:refresh:{entry[1]!r}", 1, max(1, int(self.seconds / 2))):  # one process per copy
                value = build()
                self.set(key, value)
                return value
            newer = cache.get(full)
            if newer is not None and newer[0] == entry[0] and newer[1] > entry[1]:
                self._remember(full, newer)
                return newer[2]
        return entry[2]

    def _remember(self, full: str, entry) -> None:
        with self._lock:
            self._local[full] = entry
            self._local.move_to_end(full)
            while len(self._local) > LOCAL_MAX_ENTRIES:
                self._local.popitem(last=False)


def _audited(sender, instance, created=False, raw=False, **kwargs):
    if raw or not created:
        return
    action = getattr(instance, "action", "") or ""
    for page_cache in _registry.values():
        if page_cache.bump_on_audit and action.startswith(page_cache.bump_on_audit):
            page_cache.bump_on_commit()


def discover() -> None:
    """Import every app's ``cache.py`` (where its PageCaches are declared, so their signals are
    connected in every process, workers and commands included) and follow the audit trail."""
    from django.utils.module_loading import autodiscover_modules

    autodiscover_modules("cache")
    post_save.connect(_audited, sender="core.AuditEvent", weak=False, dispatch_uid="pagecache.audit")


def clear_local() -> None:
    """Forget every per-process layer (tests clear the shared cache between cases)."""
    for page_cache in _registry.values():
        page_cache.clear_local()


_CSRF_INDEX = {c: i for i, c in enumerate(CSRF_ALLOWED_CHARS)}
_CSRF_BASE = len(CSRF_ALLOWED_CHARS)  # 62
_BYTE_LIMIT = 256 - 256 % _CSRF_BASE  # bytes at or above it are dropped: every character equally likely


def _random_indices(n: int) -> list[int]:
    out: list[int] = []
    while len(out) < n:
        out.extend(b % _CSRF_BASE for b in os.urandom(2 * n) if b < _BYTE_LIMIT)
    return out[:n]


def visitor_csrf_token(request) -> str:
    """The visitor's CSRF token, as ``django.middleware.csrf.get_token`` gives it: the secret of
    the visitor's csrftoken cookie (a new secret the CSRF middleware sets as the cookie when there
    is none), masked with a fresh random mask. Only the drawing of the random characters differs:
    one ``os.urandom`` call instead of 64 ``secrets.choice`` calls (0.3 ms, more than the rest of
    serving a cached page). ``tests/core/test_pagecache.py`` posts such tokens back through Django's
    CSRF check."""
    secret = request.META.get("CSRF_COOKIE")
    draw = _random_indices(CSRF_SECRET_LENGTH if secret else 2 * CSRF_SECRET_LENGTH)
    if not secret:
        secret = "".join(CSRF_ALLOWED_CHARS[i] for i in draw[CSRF_SECRET_LENGTH:])
        request.META["CSRF_COOKIE"] = secret
    request.META["CSRF_COOKIE_NEEDS_UPDATE"] = True  # the middleware sets (or renews) the cookie
    mask = draw[:CSRF_SECRET_LENGTH]
    cipher = "".join(CSRF_ALLOWED_CHARS[(_CSRF_INDEX[c] + m) % _CSRF_BASE] for c, m in zip(secret, mask, strict=True))
    return "".join(CSRF_ALLOWED_CHARS[m] for m in mask) + cipher


def cacheable(request) -> bool:
    """Anonymous GET/HEAD without a session or pending messages: the page is the same for everyone."""
    if request.method not in ("GET", "HEAD"):
        return False
    if settings.SESSION_COOKIE_NAME in request.COOKIES or "messages" in request.COOKIES:
        return False
    if request.META.get("HTTP_AUTHORIZATION"):  # not request.headers: building it costs a tenth of a cached page
        return False
    return not request.user.is_authenticated


def cached_page(request, page_cache: PageCache, key: str, template: str, build_context: Callable[[], dict], *,
                per_visitor: dict[str, Callable[[], str]] | None = None, status: int = 200) -> HttpResponse:
    """The page for ``key`` (which must name everything the page depends on: cleaned filters,
    page number) from ``page_cache`` for anonymous visitors, else rendered. ``per_visitor`` maps
    sentinel strings put into the context to functions giving each visitor's value."""
    per_visitor = per_visitor or {}
    if not cacheable(request):
        context = build_context()
        return HttpResponse(render_to_string(template, context, request=request), status=status)
    lang = get_language()

    def render_page() -> tuple[bytes, ...]:
        """Stored encoded and cut at the CSRF sentinels: a hit joins the parts around the visitor's
        token instead of searching and encoding the whole page again (an 88 KB page: 70 µs)."""
        html = render_to_string(template, {**build_context(), "csrf_token": CSRF_SENTINEL}, request=request)
        return tuple(part.encode() for part in html.split(CSRF_SENTINEL))

    parts = page_cache.get_or_set(f"{key}|{lang}|{template}|parts", render_page)
    body = visitor_csrf_token(request).encode().join(parts) if len(parts) > 1 else parts[0]
    for sentinel, value in per_visitor.items():
        body = body.replace(sentinel.encode(), value().encode())
    response = HttpResponse(body, status=status)
    response["Cache-Control"] = f"private, max-age={min(page_cache.seconds, 60)}"
    return response


def cached_json(request, page_cache: PageCache, key: str, build: Callable[[], bytes]) -> HttpResponse | None:
    """A public API list body from the cache for anonymous callers (None: not cacheable, answer normally)."""
    if not cacheable(request):
        return None
    body = page_cache.get_or_set(f"{key}|{get_language()}", build)
    response = HttpResponse(body, content_type="application/json")
    response["Cache-Control"] = f"private, max-age={min(page_cache.seconds, 60)}"
    return response


if TYPE_CHECKING:
    from rest_framework.mixins import ListModelMixin as _ListBase
else:
    _ListBase = object


class CachedListMixin(_ListBase):
    """For a public DRF list (viewset or ``generics.ListAPIView``): anonymous JSON answers come from
    ``page_cache``, keyed by the host, the URL's arguments and the parameters named in
    ``cache_params`` (plus the page), as the pages are. Name every parameter that changes the
    answer (or its permission) in ``cache_params``."""

    page_cache: PageCache
    cache_params: tuple[str, ...] = ()

    def list(self, request, *args, **kwargs):
        if getattr(getattr(request, "accepted_renderer", None), "format", "") != "json":
            return super().list(request, *args, **kwargs)
        names = (*self.cache_params, "page", "page_size")
        params = sorted((name, request.query_params[name][:60]) for name in names if request.query_params.get(name))

        def build() -> bytes:
            from rest_framework.renderers import JSONRenderer

            return JSONRenderer().render(super(CachedListMixin, self).list(request, *args, **kwargs).data)

        key = f"api:{self.__class__.__name__}:{request.get_host()}:{sorted(kwargs.items())}:{params}"
        return cached_json(request, self.page_cache, key, build) or super().list(request, *args, **kwargs)
