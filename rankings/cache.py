"""The public ranking pages answer from the cache (Redis when REDIS_URL is set, else local memory).

Keys carry a version that every publication or withdrawal bumps, so a stale page is never served."""

from __future__ import annotations

import time

from django.core.cache import cache

VERSION_KEY = "rankings:public:version"
TIMEOUT = 24 * 3600


def public_version() -> str:
    version = cache.get(VERSION_KEY)
    if version is None:
        version = str(time.time_ns())
        cache.add(VERSION_KEY, version, None)
        version = cache.get(VERSION_KEY, version)
    return version


def bump_public_version() -> None:
    cache.set(VERSION_KEY, str(time.time_ns()), None)


def public_key(*parts) -> str:
    return ":".join(["rankings:public", public_version(), *[str(p) for p in parts]])
