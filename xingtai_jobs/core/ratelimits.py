"""Rate limits of the public forms and APIs, declared once (issue 10).

Each limit is one ``RateLimit`` in ``LIMITS``: its django-ratelimit group, the env var (and Django
setting of the same name) that overrides it, its default and what it limits. ``settings.py`` reads
every declared env var through ``from_env`` (a malformed rate stops start-up); the apps count hits
only through ``hit`` (a counter for an explicit value, e.g. a phone number) or ``limit_post`` (a view
decorator that marks ``request.limited`` on a POST over the limit). README's "Rate limits on public
forms" table lists every declared limit (``tests/core/test_ratelimits.py`` checks it).

``XT_RATELIMIT_ENABLE`` (Django's ``RATELIMIT_ENABLE``) switches every limit here off, and the
complaint captcha with them; login throttling (``core/login_throttle.py``) is separate and always on.

This module is imported by ``settings.py``: no Django import at module level.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass

RATE_SHAPE = re.compile(r"^[1-9][0-9]{0,8}/[1-9]?[0-9]*[smhd]$")


@dataclass(frozen=True)
class RateLimit:
    group: str  # the django-ratelimit group: the cache key's namespace
    setting: str  # env var and Django setting
    default: str  # "count/period", period s, m, h or d (optionally with a multiplier, "5/10m")
    what: str  # what it limits, as README says it


LIMITS: tuple[RateLimit, ...] = (
    RateLimit("wage.complaint.ip", "XT_RATELIMIT_COMPLAINT_IP", "20/h",
              "complaint submissions per client IP (form and API)"),
    RateLimit("wage.complaint.phone", "XT_RATELIMIT_COMPLAINT_PHONE", "5/d",
              "complaint submissions per complainant mobile number"),
    RateLimit("wage.track.ip", "XT_RATELIMIT_TRACK_IP", "30/h",
              "complaint status look-ups per client IP (form and API)"),
    # each new picture is a stored challenge and an image drawn: bounded like the submits it guards
    RateLimit("wage.captcha_refresh.ip", "XT_RATELIMIT_CAPTCHA_REFRESH_IP", "30/h",
              "new captcha challenges (换一张, the text question, /captcha/refresh/) per client IP"),
    RateLimit("persons.signup.ip", "XT_RATELIMIT_SIGNUP_IP", "10/h",
              "citizen account sign-ups per client IP (/me/signup/)"),
    RateLimit("subsidies.objection.ip", "XT_RATELIMIT_OBJECTION_IP", "10/h",
              "objections to a public notice per client IP"),
    RateLimit("recruitment.registration.ip", "XT_RATELIMIT_REGISTRATION_IP", "30/m",
              "event registrations per client IP"),
    RateLimit("recruitment.apply.ip", "XT_RATELIMIT_APPLY_IP", "20/h",
              "job applications (contact left for the employer) per client IP"),
    RateLimit("recruitment.ticket_lookup.ip", "XT_RATELIMIT_TICKET_LOOKUP_IP", "20/h",
              "lost-ticket look-ups per client IP"),
    # the per-number limit keeps the last 4 characters of an ID from being guessed from many addresses
    RateLimit("recruitment.ticket_lookup.phone", "XT_RATELIMIT_TICKET_LOOKUP_PHONE", "5/h",
              "lost-ticket look-ups per mobile number, from any address"),
)
BY_GROUP: dict[str, RateLimit] = {limit.group: limit for limit in LIMITS}


def from_env(environ: Mapping[str, str] | None = None) -> dict[str, str]:
    """Every declared limit's setting, from its env var or its default; a malformed rate raises."""
    from django.core.exceptions import ImproperlyConfigured

    source: Mapping[str, str] = os.environ if environ is None else environ
    values = {}
    for limit in LIMITS:
        value = (source.get(limit.setting) or "").strip() or limit.default
        if not RATE_SHAPE.match(value):
            raise ImproperlyConfigured(f"{limit.setting}={value!r} is not a rate (count/period, e.g. 20/h or 5/10m).")
        values[limit.setting] = value
    return values


def rate(group: str) -> str:
    """The limit's rate now (its setting, e.g. overridden in a test), else its default."""
    from django.conf import settings

    limit = BY_GROUP[group]
    return getattr(settings, limit.setting, None) or limit.default


def enabled() -> bool:
    from django.conf import settings

    return bool(getattr(settings, "RATELIMIT_ENABLE", True))


def client_ip(request) -> str:
    return request.META.get("REMOTE_ADDR", "") or "unknown"


def hit(request, group: str, value: str | None = None) -> int | None:
    """Count one hit for ``value`` (default: the client's address) under ``group``; the seconds to
    wait when over the limit, else None (always None with the limits switched off)."""
    from django_ratelimit.core import get_usage

    key = client_ip(request) if value is None else value
    usage = get_usage(request, group=group, key=lambda _g, _r: key, rate=rate(group), increment=True)
    if usage and usage["should_limit"]:
        return max(1, int(usage["time_left"]))
    return None


def limit_post(group: str) -> Callable:
    """View decorator: count each POST per client address under ``group``; over the limit the view
    runs with ``request.limited`` true and answers 429 itself (before parsing the input)."""
    from django_ratelimit.decorators import ratelimit

    BY_GROUP[group]  # a KeyError at import for an undeclared group
    return ratelimit(group=group, key="ip", rate=lambda _g, _r: rate(group), method="POST", block=False)
