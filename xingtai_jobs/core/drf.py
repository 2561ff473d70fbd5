"""DRF settings hooks: pagination and the error format. Kept free of viewset imports because
DRF imports this module while it loads its own settings."""

from __future__ import annotations

import decimal

from django.core.exceptions import ValidationError as DjangoValidationError
from django.utils.translation import gettext as _
from django_ratelimit.exceptions import Ratelimited
from rest_framework import serializers, status
from rest_framework.pagination import PageNumberPagination
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

from xingtai_jobs.core.errors import Code, DomainError


class StoredDecimalField(serializers.DecimalField):
    """The API's decimal: a stored value wider than the field's precision, or NaN (SQLite keeps what
    it is given; PostgreSQL keeps NaN), is answered as it is stored instead of failing the whole
    answer (issue 11 item 4). Every model serializer maps a model DecimalField to it
    (``use_stored_decimals``, called from ``CoreConfig.ready``)."""

    def to_internal_value(self, data):
        """Input as the kernel reads it (``inputs.parse_decimal``): no NaN, Infinity, "1e5" or "-0"."""
        from xingtai_jobs.core.inputs import parse_decimal

        try:
            value = parse_decimal(data)
        except DjangoValidationError:
            self.fail("invalid")
        return super().to_internal_value(str(value))

    def quantize(self, value):
        try:
            return super().quantize(value)
        except decimal.InvalidOperation:
            return value


def use_stored_decimals() -> None:
    from django.db import models
    from rest_framework.serializers import ModelSerializer

    ModelSerializer.serializer_field_mapping[models.DecimalField] = StoredDecimalField


class StandardPagination(PageNumberPagination):
    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 500

    def get_page_size(self, request):
        """``page_size`` must be a whole number 1..max_page_size: anything else is a 400, not ignored."""
        raw = request.query_params.get(self.page_size_query_param)
        if raw is not None:
            from rest_framework.exceptions import ValidationError

            from xingtai_jobs.core.inputs import parse_count

            try:
                parse_count(raw, min_value=1, max_value=self.max_page_size)
            except DjangoValidationError as exc:
                raise ValidationError({self.page_size_query_param: exc.messages}) from None
        return super().get_page_size(request)

    def get_page_number(self, request, paginator):
        """``page`` must be a whole number from 1 when given (DRF would read ``page=`` as page 1)."""
        raw = request.query_params.get(self.page_query_param)
        if raw is not None and raw not in self.last_page_strings:
            from rest_framework.exceptions import ValidationError

            from xingtai_jobs.core.inputs import parse_count

            try:
                parse_count(raw, min_value=1)
            except DjangoValidationError as exc:
                raise ValidationError({self.page_query_param: exc.messages}) from None
        return super().get_page_number(request, paginator)

    def get_schema_operation_parameters(self, view):
        params = super().get_schema_operation_parameters(view)
        for param in params:
            if param["name"] == self.page_size_query_param:
                param["schema"].update(minimum=1, maximum=self.max_page_size)
            if param["name"] == self.page_query_param:
                from xingtai_jobs.core.inputs import MAX_COUNT

                param["schema"].update(minimum=1, maximum=MAX_COUNT)  # what get_page_number accepts
        return params


def exception_handler(exc, context):
    """DomainError → its code's status (``errors.HTTP_STATUS``: 400/403/404/409/429) with
    ``{"detail": message, "code": ..., <field>: [message]}``; a django-ratelimit refusal → 429;
    Django ValidationError → 400 with messages per field; everything else as DRF does it."""
    if isinstance(exc, Ratelimited):
        exc = DomainError(_("Too many attempts; please wait a while and try again."), code=Code.RATE_LIMITED)
    if isinstance(exc, DomainError):
        body: dict[str, str | list[str]] = {"detail": str(exc.message), "code": str(exc.code)}
        if exc.field:
            body[exc.field] = [str(exc.message)]
        return Response(body, status=exc.status)
    if isinstance(exc, DjangoValidationError):
        if hasattr(exc, "message_dict"):
            return Response(exc.message_dict, status=status.HTTP_400_BAD_REQUEST)
        return Response({"detail": exc.messages}, status=status.HTTP_400_BAD_REQUEST)
    return drf_exception_handler(exc, context)


