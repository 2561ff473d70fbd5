"""Bounded, normalised input: the one place forms, serializers and query parameters get their
text, counts, amounts and months from (issue 11, items 4 and 5).

- Text is normalised before the required and length checks: NFC, zero-width and bidirectional
  control characters removed, surrounding whitespace stripped (``normalize_text``). A list or an
  object where text is expected is refused, never turned into "['a', 'b']".
- Counts are whole numbers written as digits (no "1_000", "1e3", "NaN"), from 0 up to
  ``MAX_COUNT`` (the 32-bit limit every database column here holds) unless a field says less.
- Amounts are finite decimals with at most 2 decimal places (never rounded silently) and at most
  ``max_digits`` digits; "," and "，" thousands separators are accepted.
- Months are YYYY-MM within ``MIN_YEAR``..``MAX_YEAR``.
- Query parameters: ``query_int`` / ``query_choice`` parse and bound, or ignore (None).
- The API refuses a JSON body that is not an object (``ObjectJSONParser``, the default parser).

Form fields: ``TextField``, ``CountField``, ``MoneyField``, ``MonthField``; serializer fields:
``TextSerializerField``, ``CountSerializerField``, ``MoneySerializerField``; ``ModelSerializer``
maps model fields onto them; ``bounded_formfield`` does the same for ModelForms
(``formfield_callback``); ``BoundedNumberFilter`` for django-filter.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from decimal import Decimal, InvalidOperation

import django_filters
from django import forms
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers
from rest_framework.exceptions import ParseError
from rest_framework.parsers import JSONParser

from xingtai_jobs.core.openapi import MOBILE_INPUT

MAX_COUNT = 2_147_483_647
MIN_YEAR = 1990
MAX_YEAR = 2100
# what the API description says a month is: YYYY-MM with a year MIN_YEAR..MAX_YEAR (checked by a test)
MONTH_PATTERN = r"^(199\d|20\d\d|2100)-(0[1-9]|1[0-2])$"
MONTH_FILTER_PATTERN = r"^((199\d|20\d\d|2100)-(0[1-9]|1[0-2]))?$"  # a filter may be empty (no filter)

# Zero-width characters (ZWSP, ZWNJ, ZWJ, word joiner, BOM, soft hyphen, Mongolian vowel
# separator) and bidirectional controls (LRM, RLM, ALM, LRE..RLO, LRI..PDI).
_INVISIBLE = re.compile("[\u00ad\u180e\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff\u061c]")
_DIGITS = re.compile(r"[+-]?\d+", re.ASCII)
_DECIMAL = re.compile(r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)", re.ASCII)


def normalize_text(value: str) -> str:
    """NFC, invisible characters removed, surrounding whitespace stripped."""
    return _INVISIBLE.sub("", unicodedata.normalize("NFC", value)).strip()


# Full-width digits, signs, point and comma (what a Chinese input method types in full-width
# mode: １２３．５０) are read as their ASCII forms, deliberately and nothing more. Not NFKC: that
# would also turn "²", "①" or "⑵" into digits. Every other digit-like character ("²", "٣", "१",
# "𝟐") stays as it is and is refused by the ASCII-only patterns below.
_FULL_WIDTH = str.maketrans({**{chr(0xFF10 + d): str(d) for d in range(10)},
                             "\uff0b": "+", "\uff0d": "-", "\uff0e": ".", "\uff0c": ","})


def ascii_digits(value: str) -> str:
    """Full-width digits and signs (１２３) as ASCII; nothing else changes."""
    return value if value.isascii() else value.translate(_FULL_WIDTH)


def is_digits(value) -> bool:
    """True for a non-empty string of ASCII digits 0-9 only. Use it, not ``str.isdigit()`` (true
    for "²", "٣", "①" — which ``int()`` then reads as 3 or refuses with a ValueError)."""
    return isinstance(value, str) and bool(value) and value.isascii() and value.isdigit()


def parse_count(value, *, min_value: int | None = 0, max_value: int | None = MAX_COUNT) -> int:
    """A whole number written as digits, within bounds; ValidationError otherwise."""
    if isinstance(value, bool):
        raise ValidationError(_("Enter a whole number."), code="invalid")
    if isinstance(value, int):
        number = value
    elif isinstance(value, str):
        text = ascii_digits(normalize_text(value))
        if not _DIGITS.fullmatch(text):
            raise ValidationError(_("Enter a whole number."), code="invalid")
        if len(text) > 20:
            raise ValidationError(_("Ensure this value is less than or equal to %(limit_value)s.") % {"limit_value": max_value},
                                  code="max_value")
        number = int(text)
    else:
        raise ValidationError(_("Enter a whole number."), code="invalid")
    if min_value is not None and number < min_value:
        raise ValidationError(_("Ensure this value is greater than or equal to %(limit_value)s.") % {"limit_value": min_value},
                              code="min_value")
    if max_value is not None and number > max_value:
        raise ValidationError(_("Ensure this value is less than or equal to %(limit_value)s.") % {"limit_value": max_value},
                              code="max_value")
    return number


def parse_decimal(value) -> Decimal:
    """A finite decimal written plainly (digits, one point, optional sign; "," separators
    dropped): no NaN, Infinity, exponent ("1e5") or underscores, and no signed zero ("-0")."""
    if isinstance(value, bool):
        raise ValidationError(_("Enter a number."), code="invalid")
    if isinstance(value, int | Decimal):
        value = str(value)
    elif isinstance(value, float):
        value = repr(value)
    if not isinstance(value, str):
        raise ValidationError(_("Enter a number."), code="invalid")
    text = ascii_digits(normalize_text(value)).replace(",", "").replace("，", "").replace(" ", "")
    if len(text) > 40 or not _DECIMAL.fullmatch(text):
        raise ValidationError(_("Enter a number."), code="invalid")
    try:
        number = Decimal(text)
    except InvalidOperation:
        raise ValidationError(_("Enter a number."), code="invalid") from None
    if number.is_zero() and number.is_signed():  # "-0" would be stored (and shown) as -0.00
        raise ValidationError(_("Enter zero without a minus sign."), code="negative_zero")
    return number


def check_money(amount: Decimal, *, max_digits: int = 12, decimal_places: int = 2) -> Decimal:
    """Refuse (never round) more decimal places, and more digits than the column holds."""
    _sign, digits, exponent = amount.as_tuple()
    places = -exponent if isinstance(exponent, int) and exponent < 0 else 0  # an int for a finite amount
    if places > decimal_places and any(digits[-(places - decimal_places):]):
        raise ValidationError(_("Enter at most %(places)s decimal places.") % {"places": decimal_places}, code="max_decimal_places")
    whole = len(digits) - places if len(digits) > places else 0
    if whole > max_digits - decimal_places:
        raise ValidationError(_("The amount is too large: at most %(digits)s digits before the decimal point.")
                              % {"digits": max_digits - decimal_places}, code="max_whole_digits")
    return amount.quantize(Decimal(1).scaleb(-decimal_places))


def parse_month(value, *, min_year: int = MIN_YEAR, max_year: int = MAX_YEAR) -> dt.date:
    """"YYYY-MM" (or a date) as the first day of that month, the year within bounds."""
    if isinstance(value, dt.date):
        value = f"{value:%Y-%m}"
    text = ascii_digits(normalize_text(value)) if isinstance(value, str) else ""
    match = re.fullmatch(r"(\d{4})-(\d{1,2})(?:-\d{1,2})?", text, re.ASCII)  # "٢٠٢٤-٠٣" is not a month
    if not match or not 1 <= int(match.group(2)) <= 12:
        raise ValidationError(_("Enter the month as YYYY-MM, e.g. 2024-03."), code="invalid")
    year = int(match.group(1))
    if not min_year <= year <= max_year:
        raise ValidationError(_("Enter a month between %(first)s and %(last)s.") % {"first": min_year, "last": max_year},
                              code="out_of_range")
    return dt.date(year, int(match.group(2)), 1)


# --- form fields --------------------------------------------------------------------------------


class TextField(forms.CharField):
    """A CharField that refuses non-text and normalises before required/length checks."""

    def to_python(self, value):
        if value is not None and not isinstance(value, str):
            raise ValidationError(_("Enter text."), code="invalid")
        if isinstance(value, str):
            value = normalize_text(value)
        return super().to_python(value)


class CountField(forms.IntegerField):
    """A whole number, 0..MAX_COUNT unless narrowed; digits only."""

    def __init__(self, *, min_value=0, max_value=MAX_COUNT, **kwargs):
        max_value = MAX_COUNT if max_value is None else min(max_value, MAX_COUNT)
        super().__init__(min_value=min_value, max_value=max_value, **kwargs)

    def to_python(self, value):
        if value in self.empty_values:
            return None
        return parse_count(value, min_value=None, max_value=None)


class MoneyField(forms.DecimalField):
    """Yuan: finite, at most 2 decimal places (refused, not rounded), at most ``max_digits``."""

    def __init__(self, *, max_digits=12, decimal_places=2, min_value=Decimal("0"), **kwargs):
        from django.core.validators import DecimalValidator

        super().__init__(max_digits=max_digits, decimal_places=decimal_places, min_value=min_value, **kwargs)
        # check_money below refuses extra places and digits with its own messages (trailing zeros allowed)
        self.validators = [v for v in self.validators if not isinstance(v, DecimalValidator)]

    def to_python(self, value):
        if value in self.empty_values:
            return None
        return parse_decimal(value)

    def validate(self, value):
        forms.Field.validate(self, value)

    def clean(self, value):
        value = super().clean(value)
        if value is None:
            return None
        return check_money(value, max_digits=self.max_digits or 12, decimal_places=self.decimal_places or 0)

    def widget_attrs(self, widget):
        attrs = super().widget_attrs(widget)
        attrs.setdefault("inputmode", "decimal")
        return attrs


class MonthField(forms.CharField):
    """YYYY-MM → the first day of that month, within MIN_YEAR..MAX_YEAR (or narrower)."""

    def __init__(self, *, min_year: int = MIN_YEAR, max_year: int = MAX_YEAR, **kwargs):
        self.min_year, self.max_year = min_year, max_year
        kwargs.setdefault("max_length", 10)
        super().__init__(**kwargs)

    def to_python(self, value):
        if isinstance(value, dt.date):
            return value.replace(day=1)
        if value is not None and not isinstance(value, str):
            raise ValidationError(_("Enter the month as YYYY-MM, e.g. 2024-03."), code="invalid")
        value = normalize_text(value or "")
        if value in self.empty_values:
            return None
        return parse_month(value, min_year=self.min_year, max_year=self.max_year)

    def validate(self, value):
        forms.Field.validate(self, value)

    def run_validators(self, value):
        pass


def money_formfield(db_field: models.DecimalField, field: forms.Field | None) -> forms.Field | None:
    """The kernel's ``MoneyField`` in place of Django's form field of a model ``DecimalField``
    (which reads "1e5" as 100000 and "-0" as -0): same bounds, label, widget and help."""
    if not isinstance(field, forms.DecimalField) or isinstance(field, MoneyField):
        return field
    return MoneyField(max_digits=db_field.max_digits, decimal_places=db_field.decimal_places,
                      min_value=field.min_value, max_value=field.max_value, required=field.required, label=field.label,
                      help_text=field.help_text, initial=field.initial, widget=field.widget, localize=field.localize,
                      disabled=field.disabled)


def bounded_formfield(db_field: models.Field, **kwargs):
    """``formfield_callback`` for ModelForms: text normalised, numbers bounded."""
    if isinstance(db_field, models.CharField | models.TextField) and not db_field.choices:
        kwargs.setdefault("form_class", TextField)
    elif isinstance(db_field, models.DecimalField):
        return money_formfield(db_field, db_field.formfield(**kwargs))
    elif isinstance(db_field, models.IntegerField) and not db_field.choices and not isinstance(db_field, models.AutoField):
        field = db_field.formfield(**kwargs)
        if not isinstance(field, forms.IntegerField):
            return field
        positive = isinstance(db_field, models.PositiveIntegerField | models.PositiveSmallIntegerField | models.PositiveBigIntegerField)
        low = field.min_value if isinstance(field.min_value, int) else (0 if positive else -MAX_COUNT)
        return CountField(min_value=max(low, -MAX_COUNT), max_value=field.max_value, required=field.required, label=field.label,
                          help_text=field.help_text, initial=field.initial)
    return db_field.formfield(**kwargs)


# --- serializer fields --------------------------------------------------------------------------


class TextSerializerField(serializers.CharField):
    """DRF CharField normalised (NFC, invisible characters removed) before blank/length checks."""

    def run_validation(self, data=serializers.empty):
        if isinstance(data, str):
            data = normalize_text(data)
        return super().run_validation(data)


@extend_schema_field(MOBILE_INPUT)
class MobileSerializerField(TextSerializerField):
    """A mainland mobile number as entered (the service normalises and checks it)."""


class CountSerializerField(serializers.IntegerField):
    def __init__(self, **kwargs):
        kwargs.setdefault("min_value", 0)
        kwargs["max_value"] = min(kwargs.get("max_value") or MAX_COUNT, MAX_COUNT)
        super().__init__(**kwargs)

    def to_internal_value(self, data):
        try:
            return parse_count(data, min_value=None, max_value=None)
        except ValidationError:
            self.fail("invalid")


class MoneySerializerField(serializers.DecimalField):
    def __init__(self, **kwargs):
        kwargs.setdefault("max_digits", 12)
        kwargs.setdefault("decimal_places", 2)
        kwargs.setdefault("min_value", Decimal("0"))
        super().__init__(**kwargs)

    def to_internal_value(self, data):
        try:
            value = parse_decimal(data)
        except ValidationError:
            self.fail("invalid")
        return super().to_internal_value(str(value))


@extend_schema_field({"type": "string", "pattern": MONTH_PATTERN, "example": "2024-03"})
class MonthSerializerField(serializers.Field):
    """A month as "YYYY-MM" in and out (the first day of the month inside)."""

    def __init__(self, *, min_year: int = MIN_YEAR, max_year: int = MAX_YEAR, **kwargs):
        self.min_year, self.max_year = min_year, max_year
        super().__init__(**kwargs)

    def to_representation(self, value):
        return f"{value:%Y-%m}"

    def to_internal_value(self, data):
        if not isinstance(data, str):
            raise serializers.ValidationError(str(_("Enter the month as YYYY-MM, e.g. 2024-03.")))
        try:
            return parse_month(data, min_year=self.min_year, max_year=self.max_year)
        except ValidationError as exc:
            raise serializers.ValidationError(exc.messages) from None


class ModelSerializer(serializers.ModelSerializer):
    """ModelSerializer whose writable text is normalised and whose numbers are bounded."""

    serializer_field_mapping = {
        **serializers.ModelSerializer.serializer_field_mapping,
        models.CharField: TextSerializerField,
        models.TextField: TextSerializerField,
        models.IntegerField: CountSerializerField,
        models.PositiveIntegerField: CountSerializerField,
        models.PositiveSmallIntegerField: CountSerializerField,
        models.SmallIntegerField: CountSerializerField,
        models.BigIntegerField: CountSerializerField,
        models.PositiveBigIntegerField: CountSerializerField,
    }

    def build_standard_field(self, field_name, model_field):
        field_class, kwargs = super().build_standard_field(field_name, model_field)
        if issubclass(field_class, serializers.IntegerField) and "max_value" in kwargs:
            kwargs["max_value"] = min(kwargs["max_value"], MAX_COUNT)
        if issubclass(field_class, serializers.IntegerField) and kwargs.get("min_value") is not None:
            kwargs["min_value"] = max(kwargs["min_value"], -MAX_COUNT)
        return field_class, kwargs


class ObjectJSONParser(JSONParser):
    """JSON bodies must be objects: an array, a string or a number is a 400, not a crash."""

    def parse(self, stream, media_type=None, parser_context=None):
        data = super().parse(stream, media_type, parser_context)
        if not isinstance(data, dict):
            raise ParseError(_("The request body must be a JSON object."))
        return data


# --- query parameters ---------------------------------------------------------------------------


def query_int(params, name: str, *, min_value: int = 1, max_value: int = MAX_COUNT, default=None):
    """The named query parameter as an int within bounds, or ``default`` (ignored) otherwise.
    Digits are ASCII 0-9 (full-width １２ read as 12); "²", "٣" or "1e3" are ignored, never read."""
    raw = params.get(name)
    if raw is None or raw == "":
        return default
    try:
        return parse_count(raw, min_value=min_value, max_value=max_value)
    except ValidationError:
        return default


def query_page(params, name: str = "page", *, max_value: int = MAX_COUNT) -> int:
    """A page number for ``Paginator.get_page``: ASCII (or full-width) digits from 1, else page 1.
    ``Paginator`` itself would read "٣" as page 3."""
    return query_int(params, name, min_value=1, max_value=max_value, default=1)


def query_choice(params, name: str, choices, *, default=None):
    raw = params.get(name)
    values = {str(c[0] if isinstance(c, list | tuple) else c) for c in choices}
    return raw if isinstance(raw, str) and raw in values else default


@extend_schema_field({"type": "integer", "minimum": 0, "maximum": MAX_COUNT})
class BoundedNumberFilter(django_filters.NumberFilter):
    """A NumberFilter for ids and counts: digits only, 0..MAX_COUNT; anything else is a 400."""

    field_class = CountField


@extend_schema_field({"type": "string", "maxLength": 12, "example": "130502"})
class RegionCodeFilter(django_filters.CharFilter):
    """A county's code (``?region=130502``): at most 12 characters, longer is a 400."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("max_length", 12)
        super().__init__(*args, **kwargs)


class StrictBooleanField(forms.NullBooleanField):
    """true/false/1/0 (or absent); anything else, an empty value included, is an error, not "no filter"."""

    widget = forms.TextInput  # NullBooleanSelect would read any other value as "unknown"

    def to_python(self, value):
        if value is None:
            return None
        if value in (True, "true", "True", "1", 1):
            return True
        if value in (False, "false", "False", "0", 0):
            return False
        raise ValidationError(_("Enter true or false."), code="invalid")

    def validate(self, value):
        pass


class StrictBooleanFilter(django_filters.BooleanFilter):
    field_class = StrictBooleanField


@extend_schema_field({"type": "string", "pattern": MONTH_FILTER_PATTERN, "example": "2024-03"})
class MonthFilter(django_filters.Filter):
    """A month filter: "YYYY-MM" (a day is accepted and ignored), bounded years; else a 400."""

    field_class = MonthField


class FilterSet(django_filters.FilterSet):
    """django-filter FilterSet whose generated filters are strict: booleans true/false, ids bounded."""

    FILTER_DEFAULTS = {
        **django_filters.FilterSet.FILTER_DEFAULTS,
        models.BooleanField: {"filter_class": StrictBooleanFilter},
    }

    def is_valid(self):
        valid = super().is_valid()
        for name, filter_ in self.filters.items():  # an empty choice is not "no filter" either
            if isinstance(filter_, django_filters.ChoiceFilter) and self.data.get(name) == "":
                self.form.add_error(name, _("Choose one of the listed values."))
                valid = False
        return valid
