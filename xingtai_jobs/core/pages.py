"""How pages answer: a DomainError becomes its code's status (``errors.HTTP_STATUS``), and the
site's own error pages (400/403/404/409/429/500 in ``templates/``, in the portal's layout and
language).

- ``form_error(form, exc)`` puts the message on the form (on ``exc.field`` when the form has it)
  and returns the status to render the form with: ``status = form_error(form, exc)``.
- ``flash_error(request, exc)`` for a POST that redirects back: an ``invalid``/``conflict``/
  ``rate_limited`` error is flashed; ``forbidden``/``not_found`` are raised on, so the person
  gets the 403/404 page. ``flash_call(request, fn, success)`` runs one service that way and
  flashes ``success`` when it worked.
- A DomainError (or a django-ratelimit refusal) a view does not catch is answered by
  ``DomainErrorMiddleware`` with ``error_page``.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from http import HTTPStatus
from typing import Any, TypeVar

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.template import loader
from django.utils.functional import Promise

from xingtai_jobs.core.errors import Code, DomainError

log = logging.getLogger(__name__)
T = TypeVar("T")

TEMPLATES = {400: "400.html", 403: "403.html", 404: "404.html", 409: "409.html", 429: "429.html", 500: "500.html"}


def form_error(form: Any, exc: DomainError) -> int:
    """Attach ``exc`` to ``form`` (its field when the form has one of that name) and return the
    HTTP status to render the form with."""
    field = exc.field if exc.field and exc.field in form.fields else None
    form.add_error(field, str(exc.message))
    return exc.status


def flash_error(request: HttpRequest, exc: DomainError) -> None:
    """For a POST that redirects back: flash an ``invalid``/``conflict``/``rate_limited`` error;
    raise ``forbidden``/``not_found`` on, so the person gets the 403/404 page instead."""
    if exc.code in (Code.FORBIDDEN, Code.NOT_FOUND):
        raise exc
    messages.error(request, str(exc.message))


def flash_call(request: HttpRequest, fn: Callable[[], T], success: Any) -> T | None:
    """Run ``fn`` (one service call): flash ``success`` and return its result, or
    ``flash_error`` and return ``None``."""
    try:
        result = fn()
    except DomainError as exc:
        flash_error(request, exc)
        return None
    messages.success(request, success)
    return result


def error_page(request: HttpRequest | None, status: int, message: Any = "") -> HttpResponse:
    """The site's error page for ``status`` (with ``message`` when there is one to show)."""
    if request is not None and request.path.startswith("/api/"):  # API clients get the API's error format
        from django.http import JsonResponse

        return JsonResponse({"detail": str(message or HTTPStatus(status).phrase)}, status=status)
    context = {"status": status, "message": str(message or "")}
    template = TEMPLATES.get(status, "400.html")
    try:
        html = loader.render_to_string(template, context, request=request)
    except Exception:  # noqa: BLE001 - a broken page must still answer; the layout without the request
        log.exception("error page %s failed to render with the request", status)
        from xingtai_jobs.core.context_processors import BUREAU_NAME, PORTAL_NAME

        html = loader.render_to_string(template, {**context, "BUREAU_NAME": BUREAU_NAME, "PORTAL_NAME": PORTAL_NAME})
    return HttpResponse(html, status=status)


def _message(exception: Any) -> str:
    """The text of a PermissionDenied/Http404 raised with a message (not Django's resolver details)."""
    args = getattr(exception, "args", ())
    return str(args[0]) if args and isinstance(args[0], str | Promise) else ""


# Django's handlers (``handler400`` … in xingtai_jobs/urls.py) ---------------------------------------


def bad_request(request, exception=None):
    return error_page(request, 400)


def permission_denied(request, exception=None):
    return error_page(request, 403, _message(exception))


def page_not_found(request, exception=None):
    return error_page(request, 404, _message(exception))


def server_error(request):
    return error_page(request, 500)
