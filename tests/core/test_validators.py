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


# --- issue 11 item 6: every Chinese area code passes; the message names the fault -------------

def _xingtai_codes():
    import csv
    from pathlib import Path

    with (Path(__file__).resolve().parents[2] / "xingtai_jobs/core/data/xingtai_regions.csv").open(encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    codes = [r["code"] for r in rows] + [c for r in rows for c in (r.get("legacy_codes") or "").split(";") if c]
    assert len(codes) >= 20
    return codes


@pytest.mark.parametrize("code", _xingtai_codes())
def test_resident_ids_of_every_xingtai_county_are_valid(code):
    import datetime as dt

    for birth in (dt.date(1958, 2, 28), dt.date(2000, 2, 29), dt.date(2006, 12, 31)):
        number = make_resident_id(birth, code, 7)
        assert validate_resident_id(number) == number


@pytest.mark.parametrize("code", ["130522", "130582", "650000", "810000", "830000", "469027", "500243", "139999"])
def test_area_codes_outside_stdnums_table_pass(code):
    number = make_resident_id(region_code=code)
    assert validate_resident_id(number) == number


def _with_check(body: str) -> str:
    from stdnum.cn import ric

    return body + ric.calc_check_digit(body + "0")


@pytest.mark.parametrize("value, code, words", [
    (_with_check("13052819901332123"), "ric_birth", "birth date"),       # month 13, 宁晋县
    (_with_check("13058219900230123"), "ric_birth", "birth date"),       # 30 February, 沙河市
    (_with_check("13058221000101123"), "ric_birth", "birth date"),       # born in the future
    (_with_check("13058218000101123"), "ric_birth", "birth date"),
    (make_resident_id(region_code="130582")[:-1] + "0" if make_resident_id(region_code="130582")[-1] != "0"
     else make_resident_id(region_code="130582")[:-1] + "1", "ric_checksum", "check digit"),
    (_with_check("99058219900101123"), "ric_area", "area code"),
    (_with_check("00058219900101123"), "ric_area", "area code"),
    ("1305821990010112", "ric_length", "18 characters"),
    ("1305821990010112X3", "ric_format", "format"),
    ("13058219900101A23X", "ric_format", "format"),
])
def test_resident_id_message_names_the_actual_fault(value, code, words):
    from django.utils import translation

    with translation.override("en"):
        with pytest.raises(ValidationError) as exc:
            validate_resident_id(value)
        assert exc.value.code == code and words in str(exc.value.messages[0])


def test_a_ningjin_resident_id_passes_the_complaint_form_and_the_ledger_import_column(db):
    from recruitment.imports import GraduateImportSpec
    from tests.wage_arrears.conftest import form_data
    from wage_arrears.forms import ComplaintForm

    number = make_resident_id(region_code="130528")  # 宁晋县: not in python-stdnum's table
    form = ComplaintForm(form_data(complainant_id_number=number))
    assert form.is_valid(), form.errors
    column = next(c for c in GraduateImportSpec.columns if c.name == "resident_id")
    assert column.parser(number) == number
