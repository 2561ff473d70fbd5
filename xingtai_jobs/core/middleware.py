"""Language of the portal: Simplified Chinese by default, English when the visitor chooses it.

Django's LocaleMiddleware follows the browser's Accept-Language, so a phone or a PC set to English
would get English pages without anyone choosing it. Pages here are Chinese unless the language
cookie (set by the switcher in the header, Django's ``set_language`` view) says otherwise; the
API, used by other systems, also honours Accept-Language."""

from __future__ import annotations

from django.conf import settings
from django.middleware.locale import LocaleMiddleware
from django.utils import translation


class PortalLocaleMiddleware(LocaleMiddleware):
    def process_request(self, request):
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        language = None
        if chosen:
            try:
                language = translation.get_supported_language_variant(chosen)
            except LookupError:
                language = None
        if language is None:
            if request.path_info.startswith("/api/"):
                language = translation.get_language_from_request(request)
            else:
                language = settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = translation.get_language()


class DomainErrorMiddleware:
    """Pages: a DomainError a view lets through answers with its code's status on the site's error
    page; a django-ratelimit refusal (``block=True``) answers 429. The API answers the same codes
    through DRF's exception handler (``xingtai_jobs/core/drf.py``)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        from django_ratelimit.exceptions import Ratelimited

        from xingtai_jobs.core.errors import DomainError
        from xingtai_jobs.core.pages import error_page

        if isinstance(exception, DomainError):
            return error_page(request, exception.status, exception.message)
        if isinstance(exception, Ratelimited):
            return error_page(request, 429)
        return None
