"""The public pages answer from the cache: Redis when REDIS_URL is set (else local memory), with a
small per-process layer in front so a hot page costs no network round trip.

Every publication, withdrawal or job-demand filing bumps a shared version; pages carry the version
they were rendered for. A process re-reads the shared version at most every
``LOCAL_VERSION_SECONDS`` seconds, so other processes see a change within that time (the process
that made the change sees it at once)."""

from __future__ import annotations

import threading
import time

from django.core.cache import cache

VERSION_KEY = "rankings:public:version"
TIMEOUT = 24 * 3600
LOCAL_VERSION_SECONDS = 2.0
LOCAL_MAX_PAGES = 256

_lock = threading.Lock()
_local_version: dict = {"value": None, "at": 0.0}
_local_pages: dict[str, tuple[str, str]] = {}


def public_version() -> str:
    """The shared version (created on first use)."""
    version = cache.get(VERSION_KEY)
    if version is None:
        cache.add(VERSION_KEY, str(time.time_ns()), None)
        version = cache.get(VERSION_KEY)
    return version


def current_version() -> str:
    now = time.monotonic()
    with _lock:
        if _local_version["value"] is not None and now - _local_version["at"] < LOCAL_VERSION_SECONDS:
            return _local_version["value"]
    version = public_version()
    with _lock:
        _local_version.update(value=version, at=now)
    return version


def bump_public_version() -> None:
    cache.set(VERSION_KEY, str(time.time_ns()), None)
    with _lock:
        _local_version.update(value=None, at=0.0)
        _local_pages.clear()


def page_get(key: str, version: str) -> str | None:
    entry = _local_pages.get(key)
    if entry is not None and entry[0] == version:
        return entry[1]
    entry = cache.get(key)
    if entry is not None and entry[0] == version:
        _remember(key, entry)
        return entry[1]
    return None


def page_set(key: str, version: str, html: str) -> None:
    cache.set(key, (version, html), TIMEOUT)
    _remember(key, (version, html))


def _remember(key: str, entry: tuple[str, str]) -> None:
    with _lock:
        if len(_local_pages) >= LOCAL_MAX_PAGES:
            _local_pages.clear()
        _local_pages[key] = entry


def public_key(*parts) -> str:
    return ":".join(["rankings:public", current_version(), *[str(p) for p in parts]])


def clear_local() -> None:
    """Forget the per-process layer (tests clear the shared cache between cases)."""
    with _lock:
        _local_version.update(value=None, at=0.0)
        _local_pages.clear()
