"""How pages answer: a DomainError becomes its code's status (``errors.HTTP_STATUS``), and the
site's own error pages (400/403/404/409/429/500 in ``templates/``, in the portal's layout and
language).

- ``form_call(request, form, fn, success=, redirect_to=)`` is the one way a page submits a form to
  a service: on a POST with valid input it runs ``fn(form.cleaned_data)``; a DomainError goes on the
  form (``form_error``) and the form is shown again with the error's status (400 bad input, 403/404/
  409/429 by its code), invalid input is a 400; when ``fn`` worked, ``success`` is flashed and the
  person is redirected. ``call.response`` is that redirect (``None`` otherwise), ``call.status`` the
  status to render the form with::

      call = form_call(request, form, lambda data: services.x_save(actor=request.user, **data),
                       success=_("Saved."), redirect_to="app:page")
      if call.response:
          return call.response
      return render(request, "app/page.html", {"form": form}, status=call.status)

- ``form_error(form, exc)`` puts the message on the form (on ``exc.field`` when the form has it)
  and returns the status to render the form with (what ``form_call`` does with a refusal).
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
from dataclasses import dataclass
from http import HTTPStatus
from typing import Any, TypeVar

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.template import loader
from django.utils.functional import Promise

from xingtai_jobs.core.errors import Code, DomainError

log = logging.getLogger(__name__)
T = TypeVar("T")

TEMPLATES = {400: "400.html", 403: "403.html", 404: "404.html", 409: "409.html", 429: "429.html", 500: "500.html"}


def form_error(form: Any, exc: DomainError) -> int:
    """Attach ``exc`` to ``form`` (its field when the form shows one of that name; a hidden field's
    error would not be seen, so it goes on the form) and return the HTTP status to render the form
    with."""
    shown = exc.field and exc.field in form.fields and not form.fields[exc.field].widget.is_hidden
    field = exc.field if shown else None
    form.add_error(field, str(exc.message))
    return exc.status


@dataclass(frozen=True)
class FormCall:
    """What ``form_call`` did: ``response`` is the redirect after a successful call (return it),
    else ``None``; ``status`` the HTTP status to render the form with (200 when nothing was
    submitted); ``result`` what the service returned."""

    response: HttpResponse | None = None
    status: int = 200
    result: Any = None


def form_call(request: HttpRequest, form: Any, fn: Callable[[dict], Any], *,
              success: Any | Callable[[Any], Any] = None,
              redirect_to: str | Callable[[Any], Any] | None = None) -> FormCall:
    """Submit ``form`` to one service: ``fn(form.cleaned_data)`` on a POST whose input is valid.

    - not a POST: nothing runs, status 200;
    - invalid input: status 400 (the form's own errors);
    - ``fn`` raised a DomainError: its message on the form (``form_error``), its code's status;
    - ``fn`` worked: ``success`` (text, or ``callable(result)`` giving the text or ``None``) is
      flashed and ``response`` redirects to ``redirect_to`` (a URL name or path for
      ``django.shortcuts.redirect``, or ``callable(result)`` giving one or a response; ``None``:
      back to the same address).
    """
    if request.method != "POST":
        return FormCall()
    if not form.is_valid():
        return FormCall(status=400)
    try:
        result = fn(form.cleaned_data)
    except DomainError as exc:
        return FormCall(status=form_error(form, exc))
    text = success(result) if callable(success) else success
    if text:
        messages.success(request, text)
    target = redirect_to(result) if callable(redirect_to) else redirect_to
    response = target if isinstance(target, HttpResponse) else redirect(target or request.get_full_path())
    return FormCall(response=response, status=302, result=result)


def flash_error(request: HttpRequest, exc: DomainError) -> None:
    """For a POST that redirects back: flash an ``invalid``/``conflict``/``rate_limited`` error;
    raise ``forbidden``/``not_found`` on, so the person gets the 403/404 page instead."""
    if exc.code in (Code.FORBIDDEN, Code.NOT_FOUND):
        raise exc
    messages.error(request, str(exc.message))


def flash_call(request: HttpRequest, fn: Callable[[], T], success: Any | Callable[[T], Any]) -> T | None:
    """Run ``fn`` (one service call) for a POST that redirects back: flash ``success`` (text, or
    ``callable(result)`` giving the text or ``None`` when it flashed its own) and return the result,
    or ``flash_error`` and return ``None``."""
    try:
        result = fn()
    except DomainError as exc:
        flash_error(request, exc)
        return None
    text = success(result) if callable(success) else success
    if text:
        messages.success(request, text)
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
