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

from xingtai_jobs.core import clock


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


# First two digits of every mainland area code (GB/T 2260 provinces), plus 81/82/83 of the
# residence permits for Hong Kong, Macao and Taiwan residents.
_PROVINCE_CODES = frozenset(
    ["11", "12", "13", "14", "15", "21", "22", "23", "31", "32", "33", "34", "35", "36", "37", "41", "42", "43", "44", "45", "46", "50", "51", "52", "53", "54", "61", "62", "63", "64", "65", "71", "81", "82", "83"]
)


def validate_resident_id(value: str) -> str:
    """Return the normalised 18-digit resident ID or raise ValidationError naming the fault.

    Structure, birth date and check digit decide (GB 11643). The area code is checked only for a
    province prefix: python-stdnum's bundled area table lacks many current county codes (most
    of Xingtai's, 130522 ... 130582) and codes change over time, so a valid ID must not depend on it."""
    number = normalize_resident_id(value)
    if len(number) != 18:
        raise ValidationError(_("The resident ID number must have 18 characters."), code="ric_length")
    if not number[:17].isascii() or not number[:17].isdigit() or number[17] not in "0123456789X":
        raise ValidationError(_("The resident ID number is not in a valid format."), code="ric_format")
    if number[:2] not in _PROVINCE_CODES:
        raise ValidationError(_("The resident ID number does not start with a Chinese area code."), code="ric_area")
    try:
        birth = ric.get_birth_date(number)
    except StdnumError:
        birth = None
    if birth is None or birth.year < 1850 or birth > clock.today():
        raise ValidationError(_("The resident ID number contains an invalid birth date."), code="ric_birth")
    if number[17] != ric.calc_check_digit(number):
        raise ValidationError(_("The resident ID number's check digit is wrong."), code="ric_checksum")
    return number


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
