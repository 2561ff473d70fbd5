"""Absolute links printed in QR codes, letters and posters.

``settings.SITE_URL`` (``XT_SITE_URL``) wins when it is set: a deployment behind a proxy names its
public address once. Unset, a link follows the address the request was actually served at
(``make run PORT=8001`` prints ``http://127.0.0.1:8001/...``); Django's ``ALLOWED_HOSTS`` check
has already refused a forged Host header by then. Without a request (a task, a command) the
development address is used."""

from __future__ import annotations

from django.conf import settings

FALLBACK_URL = "http://127.0.0.1:8000"


def site_url(request=None) -> str:
    """The base URL (scheme and host, no trailing slash) links are printed with."""
    if settings.SITE_URL:
        return settings.SITE_URL
    if request is not None:
        return f"{request.scheme}://{request.get_host()}"
    return FALLBACK_URL


def absolute_url(path: str, request=None) -> str:
    """``path`` (from ``reverse``) as an absolute link (see ``site_url``)."""
    return site_url(request) + path
