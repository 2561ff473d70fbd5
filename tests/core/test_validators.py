import pytest
from django.core.exceptions import ValidationError

from tests.factories import make_resident_id, make_uscc
from xingtai_jobs.core.masking import mask_bank_account, mask_name, mask_phone, mask_resident_id, mask_uscc
from xingtai_jobs.core.validators import normalize_mobile, validate_resident_id, validate_uscc


@pytest.mark.parametrize("value", ["91110000600037341L", "91110000600037341l", " 91110000600037341L ", make_uscc(7)])
def test_valid_uscc_is_accepted_and_normalised_to_upper_case(value):
    assert validate_uscc(value) == value.strip().upper()


@pytest.mark.parametrize(
    "value, code",
    [("91110000600037341X", "uscc_checksum"), ("9111000060003734", "uscc_length"), ("91110000600037341I", "uscc_format"), ("", "uscc_length")],
)
def test_invalid_uscc_is_refused_with_a_reason(value, code):
    with pytest.raises(ValidationError) as exc:
        validate_uscc(value)
    assert exc.value.code == code


def test_valid_resident_id_with_lower_case_x_is_normalised():
    assert validate_resident_id("11010519491231002x") == "11010519491231002X"
    assert validate_resident_id(make_resident_id()) == make_resident_id()


@pytest.mark.parametrize("value", ["110105194912310021", "11010519491231002", "1101051949123100XX", "abc"])
def test_invalid_resident_id_is_refused(value):
    with pytest.raises(ValidationError):
        validate_resident_id(value)


def test_resident_id_with_impossible_birth_date_is_refused():
    from stdnum.cn import ric

    body = "13050219901332123"  # month 13
    with pytest.raises(ValidationError):
        validate_resident_id(body + ric.calc_check_digit(body + "0"))


@pytest.mark.parametrize("value, expected", [("13812345678", "13812345678"), ("+86 138 1234 5678", "13812345678"), ("8619912345678", "19912345678")])
def test_mainland_mobile_numbers_are_accepted(value, expected):
    assert normalize_mobile(value) == expected


@pytest.mark.parametrize("value", ["12812345678", "1381234567", "031912345678", "+1 415 555 2671", "abc", ""])
def test_non_mobile_numbers_are_refused(value):
    with pytest.raises(ValidationError):
        normalize_mobile(value)


def test_masks_hide_the_middle_of_personal_data():
    assert mask_resident_id("13050219900517123X") == "1305**********123X"
    assert mask_phone("13812345678") == "138****5678"
    assert mask_bank_account("6222 0212 3456 7890") == "**** **** 7890"
    assert mask_uscc("91110000600037341L") == "91110000********1L"
    assert mask_name("张三丰") == "张**"
