import datetime as dt
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from enterprises.models import Enterprise, InsuranceMonth, SizeSource
from enterprises.services import registry_import_file
from tests.factories import EnterpriseFactory, make_uscc
from xingtai_jobs.core.models import AuditEvent

from .helpers import ENT_HEADERS_EN, ENT_HEADERS_ZH, INS_HEADERS_EN, ent_row, ins_row, write_csv, write_xlsx

pytestmark = pytest.mark.django_db


def bad_uscc(n: int = 9302) -> str:
    """A USCC whose check character is wrong."""
    good = make_uscc(n)
    return good[:-1] + ("0" if good[-1] != "0" else "1")


def test_enterprise_file_with_chinese_headers_imports_and_is_audited(tmp_path, region_a):
    path = write_xlsx(tmp_path / "ents.xlsx", ENT_HEADERS_ZH, [ent_row(make_uscc(9001)), ent_row(make_uscc(9002), region="130503")])
    report = registry_import_file(kind="enterprises", path=path)
    assert report.ok, report.as_text()
    assert (report.created, report.updated) == (2, 0)
    ent = Enterprise.objects.get(uscc=make_uscc(9001))
    assert ent.region == region_a and ent.industry_section == "C" and ent.above_scale is False
    assert AuditEvent.objects.filter(action="enterprises.import.enterprises", after__rows=2).exists()


def test_reimporting_the_same_file_updates_and_never_duplicates(tmp_path, region_a):
    path = write_csv(tmp_path / "ents.csv", ENT_HEADERS_EN, [ent_row(make_uscc(9101), name="旧名称")])
    assert registry_import_file(kind="enterprises", path=path).ok
    path = write_csv(tmp_path / "ents.csv", ENT_HEADERS_EN, [ent_row(make_uscc(9101), name="新名称", above_scale="是")])
    report = registry_import_file(kind="enterprises", path=path)
    assert (report.created, report.updated) == (0, 1)
    assert Enterprise.objects.filter(uscc=make_uscc(9101)).count() == 1
    ent = Enterprise.objects.get(uscc=make_uscc(9101))
    assert ent.name == "新名称" and ent.above_scale is True


def test_legacy_region_code_maps_to_the_region_that_absorbed_it(tmp_path, region_b):
    path = write_csv(tmp_path / "ents.csv", ENT_HEADERS_EN, [ent_row(make_uscc(9201), region="130521")])  # 邢台县 → 信都区
    assert registry_import_file(kind="enterprises", path=path).ok
    assert Enterprise.objects.get(uscc=make_uscc(9201)).region == region_b


@pytest.mark.parametrize(
    ("override", "column", "fragment"),
    [
        ({"uscc": bad_uscc()}, "统一社会信用代码", ""),
        ({"region_code": "999999"}, "所属县(市、区)代码", "999999"),
        ({"industry_code": "C99"}, "行业代码(GB/T 4754)", "99"),
        ({"industry_code": "A30"}, "行业代码(GB/T 4754)", "C"),
        ({"unit_type": "company"}, "单位类型", "company"),
        ({"above_scale": "maybe"}, "规上企业", ""),
        ({"contact_phone": "12345"}, "联系电话", ""),
    ],
)
def test_each_bad_enterprise_value_is_reported_with_row_and_column_and_nothing_is_written(tmp_path, region_a, override, column, fragment):
    good = ent_row(make_uscc(9301))
    bad_values = dict(zip(ENT_HEADERS_EN, ent_row(make_uscc(9302)), strict=True)) | override
    path = write_csv(tmp_path / "ents.csv", ENT_HEADERS_EN, [good, [bad_values[h] for h in ENT_HEADERS_EN]])
    report = registry_import_file(kind="enterprises", path=path)
    assert not report.ok
    assert [(e.line, e.field) for e in report.errors] == [(3, column)]
    assert fragment in report.errors[0].message
    assert Enterprise.objects.count() == 0


def test_every_bad_row_is_reported_not_just_the_first(tmp_path, region_a):
    rows = [ent_row(make_uscc(9401)), ent_row("bad"), ent_row(make_uscc(9402), region="000000"), ent_row(make_uscc(9401))]
    report = registry_import_file(kind="enterprises", path=write_csv(tmp_path / "e.csv", ENT_HEADERS_EN, rows))
    assert [e.line for e in report.errors] == [3, 4, 5]
    assert "Duplicate" in report.errors[-1].message or "重复" in report.errors[-1].message
    assert Enterprise.objects.count() == 0


def test_size_class_left_blank_is_computed_from_the_2017_standard(tmp_path, region_a):
    ent = EnterpriseFactory(uscc=make_uscc(9501), industry_code="C30")
    InsuranceMonth.objects.create(enterprise=ent, month=dt.date(2024, 1, 1), insured_count=350,
                                  ui_premium_due=Decimal("1"), ui_premium_paid=Decimal("1"))
    path = write_csv(tmp_path / "e.csv", ENT_HEADERS_EN, [ent_row(make_uscc(9501), size_class="")])
    assert registry_import_file(kind="enterprises", path=path).ok
    ent.refresh_from_db()
    assert (ent.size_class, ent.size_source) == ("medium", SizeSource.COMPUTED)


# --- insurance months -----------------------------------------------------------------------------


def test_insurance_months_import_and_reimport_updates(tmp_path, enterprise):
    rows = [ins_row(enterprise.uscc, "2024-01"), ins_row(enterprise.uscc, "2024-02", ui_premium_paid="9000.5")]
    path = write_xlsx(tmp_path / "ins.xlsx", INS_HEADERS_EN, rows)
    report = registry_import_file(kind="insurance_months", path=path)
    assert report.ok, report.as_text()
    assert (report.created, report.updated) == (2, 0)
    report = registry_import_file(kind="insurance_months", path=path)
    assert (report.created, report.updated) == (0, 2)
    assert InsuranceMonth.objects.filter(enterprise=enterprise).count() == 2
    feb = InsuranceMonth.objects.get(enterprise=enterprise, month=dt.date(2024, 2, 1))
    assert feb.ui_premium_paid == Decimal("9000.50")  # paid above due is allowed (arrears back-payment)


@pytest.mark.parametrize(
    ("override", "column"),
    [
        ({"insured_count": "-1"}, "月末参保人数"),
        ({"new_insured": "abc"}, "当月新增参保人数"),
        ({"ui_premium_due": "12.345"}, "失业保险应缴(元)"),
        ({"ui_premium_paid": "-5"}, "失业保险实缴(元)"),
        ({"month": "2999-01"}, "月份(YYYY-MM)"),
        ({"month": "2024-13"}, "月份(YYYY-MM)"),
        ({"uscc": make_uscc(9999)}, "统一社会信用代码"),  # valid but unknown
    ],
)
def test_bad_insurance_rows_import_nothing(tmp_path, enterprise, override, column):
    rows = [ins_row(enterprise.uscc, "2024-01"), ins_row(**({"uscc": enterprise.uscc, "month": "2024-02"} | override))]
    report = registry_import_file(kind="insurance_months", path=write_csv(tmp_path / "i.csv", INS_HEADERS_EN, rows))
    assert [(e.line, e.field) for e in report.errors] == [(3, column)]
    assert not InsuranceMonth.objects.exists()


def test_duplicate_enterprise_month_in_one_file_is_refused(tmp_path, enterprise):
    rows = [ins_row(enterprise.uscc, "2024-01"), ins_row(enterprise.uscc, "2024-1")]
    report = registry_import_file(kind="insurance_months", path=write_csv(tmp_path / "i.csv", INS_HEADERS_EN, rows))
    assert [e.line for e in report.errors] == [3]
    assert not InsuranceMonth.objects.exists()


def test_wrong_file_type_and_missing_columns_are_clear_errors(tmp_path, enterprise):
    txt = tmp_path / "data.txt"
    txt.write_text("uscc\n")
    assert ".txt" in registry_import_file(kind="insurance_months", path=txt).file_error
    fake = tmp_path / "fake.xlsx"
    fake.write_bytes(b"not a zip")
    assert registry_import_file(kind="insurance_months", path=fake).file_error
    report = registry_import_file(kind="insurance_months", path=write_csv(tmp_path / "i.csv", ["uscc", "month"], [[enterprise.uscc, "2024-01"]]))
    assert "insured_count" in report.file_error


# --- commands -------------------------------------------------------------------------------------


def test_commands_exit_non_zero_with_the_row_report_and_print_a_summary_otherwise(tmp_path, region_a, capsys):
    bad = write_csv(tmp_path / "bad.csv", ENT_HEADERS_EN, [ent_row(bad_uscc())])
    with pytest.raises(CommandError):
        call_command("import_enterprises", str(bad))
    assert "2" in capsys.readouterr().err  # "Row 2, ..."
    good = write_csv(tmp_path / "good.csv", ENT_HEADERS_EN, [ent_row(make_uscc(9601))])
    call_command("import_enterprises", str(good))
    assert "1" in capsys.readouterr().out
    ins = write_csv(tmp_path / "ins.csv", INS_HEADERS_EN, [ins_row(make_uscc(9601))])
    call_command("import_insurance_months", str(ins))
    assert InsuranceMonth.objects.count() == 1


@pytest.mark.postgres_only
def test_command_process_exit_status_is_non_zero_on_bad_input(tmp_path, region_a):
    import subprocess
    import sys

    from django.db import connection

    if connection.vendor != "postgresql":
        pytest.skip("a subprocess cannot see the test database of an in-memory SQLite run")
    bad = write_csv(tmp_path / "bad.csv", ENT_HEADERS_EN, [ent_row("nonsense")])
    db = connection.settings_dict
    env = {"DJANGO_DEBUG": "true", "DATABASE_URL": f"postgres://{db['USER']}@{db['HOST']}:{db['PORT']}/{db['NAME']}",
           "PATH": "/usr/bin:/bin"}
    proc = subprocess.run([sys.executable, "manage.py", "import_enterprises", "--skip-checks", str(bad)], env=env,
                          capture_output=True, text=True, timeout=120)
    assert proc.returncode != 0
    assert "2" in proc.stderr


def test_county_staff_cannot_import_enterprises_of_another_region(tmp_path, county_officer, other_enterprise):
    path = write_csv(tmp_path / "e.csv", ENT_HEADERS_EN, [ent_row(make_uscc(9701), region="130503"),
                                                          ent_row(other_enterprise.uscc, region="130502")])
    report = registry_import_file(kind="enterprises", path=path, actor=county_officer)
    assert [e.line for e in report.errors] == [2, 3]
    ins = write_csv(tmp_path / "i.csv", INS_HEADERS_EN, [ins_row(other_enterprise.uscc)])
    assert not registry_import_file(kind="insurance_months", path=ins, actor=county_officer).ok


def _straddling_utf8_csv(path, rows):
    """Write rows so that byte 65,536 falls inside a Chinese character (pad the first address)."""
    for pad in range(4):
        padded = [rows[0][:10] + [rows[0][10] + "x" * pad] + rows[0][11:], *rows[1:]]
        write_csv(path, ENT_HEADERS_EN, padded)
        try:
            path.read_bytes()[:65536].decode("utf-8")
        except UnicodeDecodeError:
            return path
    raise AssertionError("could not place a character on the boundary")


def test_large_utf8_csv_with_a_character_on_the_64k_boundary_imports(tmp_path, region_a):
    rows = [ent_row(make_uscc(20000 + i), name=f"邢台市襄都区长名称测试制造有限责任公司第{i}分公司") for i in range(700)]
    path = _straddling_utf8_csv(tmp_path / "big.csv", rows)
    report = registry_import_file(kind="enterprises", path=path)
    assert report.ok, report.as_text()
    assert Enterprise.objects.get(uscc=make_uscc(20000)).name == "邢台市襄都区长名称测试制造有限责任公司第0分公司"


def test_gb18030_csv_from_excel_imports(tmp_path, region_a):
    path = tmp_path / "gbk.csv"
    write_csv(tmp_path / "u.csv", ENT_HEADERS_ZH, [ent_row(make_uscc(21000), name="邢台国标编码有限公司")])
    path.write_bytes((tmp_path / "u.csv").read_text(encoding="utf-8").encode("gb18030"))
    assert registry_import_file(kind="enterprises", path=path).ok
    assert Enterprise.objects.filter(name="邢台国标编码有限公司").exists()


def test_empty_files_are_a_clear_error(tmp_path, region_a):
    from openpyxl import Workbook

    empty_csv = tmp_path / "empty.csv"
    empty_csv.write_bytes(b"")
    assert registry_import_file(kind="enterprises", path=empty_csv).file_error
    wb = Workbook()
    wb.save(tmp_path / "empty.xlsx")
    assert registry_import_file(kind="enterprises", path=tmp_path / "empty.xlsx").file_error
    headers_only = write_csv(tmp_path / "h.csv", ENT_HEADERS_EN, [])
    assert registry_import_file(kind="enterprises", path=headers_only).file_error
    assert not Enterprise.objects.exists()


REP_HEADERS = ["uscc", "month", "headcount", "new_hires", "separations", "layoffs", "vacancies", "explanation"]


def test_employment_report_import_runs_the_consistency_check_and_is_all_or_nothing(tmp_path, enterprise):
    from enterprises.models import EmploymentReport

    bad = write_csv(tmp_path / "r.csv", REP_HEADERS, [[enterprise.uscc, "2024-01", 100, 0, 0, 0, 1, ""],
                                                      [enterprise.uscc, "2024-02", 100, 0, 1, 2, 1, ""]])
    report = registry_import_file(kind="employment_reports", path=bad)
    assert [(e.line, e.field) for e in report.errors] == [(3, "其中裁员人数")]
    assert not EmploymentReport.objects.exists()
    good = write_csv(tmp_path / "r.csv", REP_HEADERS, [[enterprise.uscc, "2024-02", 110, 5, 0, 0, 1, "合并"],
                                                       [enterprise.uscc, "2024-01", 100, 0, 0, 0, 1, ""]])
    report = registry_import_file(kind="employment_reports", path=good)
    assert report.ok and report.created == 2
    feb = EmploymentReport.objects.get(enterprise=enterprise, month=dt.date(2024, 2, 1))
    assert (feb.consistency, feb.source, feb.explanation) == ("inconsistent", "import", "合并")  # 100 + 5 - 0 != 110
