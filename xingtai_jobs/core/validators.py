"""Validators and normalisers for identifiers used across the portal.

USCC and resident-ID checks come from python-stdnum; mobile numbers from phonenumbers. Every
error message is translatable and names what is wrong, so forms, imports and the API can show it
to a person as it is.
"""

from __future__ import annotations

import phonenumbers
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from stdnum.cn import ric, uscc
from stdnum.exceptions import InvalidChecksum, InvalidComponent, InvalidFormat, InvalidLength
from stdnum.exceptions import ValidationError as StdnumError


def normalize_uscc(value: str) -> str:
    return uscc.compact(value or "").upper()


def validate_uscc(value: str) -> str:
    """Return the normalised USCC or raise ValidationError with a reason a person understands."""
    code = normalize_uscc(value)
    try:
        return uscc.validate(code)
    except InvalidLength:
        raise ValidationError(_("The unified social credit code must have 18 characters."), code="uscc_length") from None
    except InvalidChecksum:
        raise ValidationError(_("The unified social credit code's check character is wrong."), code="uscc_checksum") from None
    except (InvalidFormat, InvalidComponent, StdnumError):
        raise ValidationError(_("The unified social credit code contains invalid characters."), code="uscc_format") from None


def normalize_resident_id(value: str) -> str:
    return ric.compact(value or "").upper()


def validate_resident_id(value: str) -> str:
    """Return the normalised 18-digit resident ID or raise ValidationError."""
    number = normalize_resident_id(value)
    try:
        return ric.validate(number)
    except InvalidLength:
        raise ValidationError(_("The resident ID number must have 18 characters."), code="ric_length") from None
    except InvalidChecksum:
        raise ValidationError(_("The resident ID number's check digit is wrong."), code="ric_checksum") from None
    except InvalidComponent:
        raise ValidationError(_("The resident ID number contains an invalid birth date."), code="ric_birth") from None
    except (InvalidFormat, StdnumError):
        raise ValidationError(_("The resident ID number is not in a valid format."), code="ric_format") from None


def resident_id_birth_date(value: str):
    return ric.get_birth_date(normalize_resident_id(value))


def normalize_mobile(value: str) -> str:
    """Return the 11-digit national form of a mainland mobile number, or raise ValidationError."""
    raw = (value or "").strip().replace(" ", "").replace("-", "")
    try:
        number = phonenumbers.parse(raw, "CN")
    except phonenumbers.NumberParseException:
        raise ValidationError(_("Enter a valid mainland mobile number (11 digits, starting with 1)."), code="mobile") from None
    national = str(number.national_number)
    if (
        number.country_code != 86
        or len(national) != 11
        or not national.startswith("1")
        or national[1] not in "3456789"
        or phonenumbers.number_type(number)
        not in (phonenumbers.PhoneNumberType.MOBILE, phonenumbers.PhoneNumberType.FIXED_LINE_OR_MOBILE)
    ):
        raise ValidationError(_("Enter a valid mainland mobile number (11 digits, starting with 1)."), code="mobile")
    return national


def validate_mobile(value: str) -> None:
    normalize_mobile(value)
