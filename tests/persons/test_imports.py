"""The six person-layer imports: Chinese and English headers, .xlsx and .csv, all or nothing with
every bad row reported, re-import updates and never duplicates, commands exit non-zero."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from enterprises.services import registry_import_file
from persons.imports import SPECS
from persons.models import (
    Certificate,
    HardshipCertification,
    LabourContract,
    Person,
    PersonContribution,
    UnemploymentRegistration,
)
from tests.enterprises.helpers import write_csv, write_xlsx
from tests.factories import EnterpriseFactory, make_resident_id, make_uscc
from xingtai_jobs.core.models import AuditEvent

pytestmark = pytest.mark.django_db

RID = make_resident_id(dt.date(2001, 3, 9), "130502", 101)  # a man (odd 17th digit)
RID_F = make_resident_id(dt.date(1985, 7, 1), "130503", 202)  # a woman


def run(kind, path):
    return registry_import_file(kind=kind, path=path, specs=SPECS)


def en(kind):
    return [c.name for c in SPECS[kind].columns]


def zh(kind):
    return [c.header for c in SPECS[kind].columns]


def person_row(rid=RID, **over):
    values = {"resident_id": rid, "name": "张三", "phone": "13800001111", "region_code": "130502", "education": "bachelor",
              "degree_type": "regular", "school": "河北师范大学", "major": "会计学", "graduation_date": "2023-06-30",
              "retirement_base_age": ""}
    values.update(over)
    return [values[h] for h in en("persons")]


def load_persons(tmp_path, *rows):
    report = run("persons", write_csv(tmp_path / "p.csv", en("persons"), [*rows] or [person_row()]))
    assert report.ok, report.as_text()
    return report


def test_person_import_derives_sex_and_birth_date_from_the_id(tmp_path, region_a):
    report = run("persons", write_xlsx(tmp_path / "p.xlsx", zh("persons"),
                                       [person_row(), person_row(RID_F, name="李四", region_code="130503", education="senior_secondary",
                                                                 degree_type="", graduation_date="", retirement_base_age="55")]))
    assert report.ok, report.as_text()
    assert (report.created, report.updated) == (2, 0)
    man, woman = Person.objects.get(resident_id=RID), Person.objects.get(resident_id=RID_F)
    assert (man.sex, man.birth_date, man.region, man.base_retirement_age) == ("male", dt.date(2001, 3, 9), region_a, 60)
    assert (woman.sex, woman.birth_date, woman.base_retirement_age) == ("female", dt.date(1985, 7, 1), 55)
    assert AuditEvent.objects.filter(action="persons.import.persons", after__rows=2).exists()


def test_the_last_column_may_be_absent(tmp_path):
    headers = en("persons")[:-1]
    report = run("persons", write_csv(tmp_path / "p.csv", headers, [person_row()[:-1]]))
    assert report.ok, report.as_text()
    assert Person.objects.get(resident_id=RID).retirement_base_age is None


def test_reimport_updates_and_never_duplicates(tmp_path):
    load_persons(tmp_path)
    created = Person.objects.get(resident_id=RID).created_at
    report = run("persons", write_csv(tmp_path / "p2.csv", en("persons"), [person_row(name="张三丰", phone="13900002222")]))
    assert (report.created, report.updated) == (0, 1)
    person = Person.objects.get(resident_id=RID)
    assert (person.name, person.phone, Person.objects.count()) == ("张三丰", "13900002222", 1)
    assert person.created_at == created


@pytest.mark.parametrize(("override", "column"), [
    ({"resident_id": RID[:-1] + ("0" if RID[-1] != "0" else "1")}, "公民身份号码"),  # check digit
    ({"resident_id": "13050220011309101X"}, "公民身份号码"),  # month 13: birth date
    ({"resident_id": "1305022001"}, "公民身份号码"),
    ({"region_code": "999999"}, "居住地县(市、区)代码"),
    ({"education": "phd"}, "学历"),
    ({"degree_type": "regular", "education": "senior_secondary"}, "学历类型"),
    ({"graduation_date": "2000-06-30"}, "毕业日期"),  # before birth
    ({"graduation_date": "30/06/2023"}, "毕业日期"),
    ({"retirement_base_age": "65"}, "法定退休基准年龄"),
    ({"phone": "12345"}, "手机号码"),
])
def test_bad_person_rows_are_reported_and_nothing_is_written(tmp_path, override, column):
    good = person_row(make_resident_id(dt.date(1990, 1, 1), "130502", 5))
    path = write_csv(tmp_path / "p.csv", en("persons"), [good, person_row(**override)])
    report = run("persons", path)
    assert not report.ok
    assert [(e.line, e.field) for e in report.errors] == [(3, column)]
    assert Person.objects.count() == 0


def test_duplicate_keys_in_one_file_are_bad_rows(tmp_path):
    report = run("persons", write_csv(tmp_path / "p.csv", en("persons"), [person_row(), person_row(name="别名")]))
    assert [e.line for e in report.errors] == [3]
    assert Person.objects.count() == 0


def test_county_staff_import_only_persons_of_their_region(tmp_path, county_officer):
    path = write_csv(tmp_path / "p.csv", en("persons"), [person_row(), person_row(RID_F, region_code="130503")])
    report = registry_import_file(kind="persons", path=path, specs=SPECS, actor=county_officer)
    assert [(e.line, e.field) for e in report.errors] == [(3, "居住地县(市、区)代码")]
    assert Person.objects.count() == 0


@pytest.fixture
def registry(tmp_path):
    load_persons(tmp_path, person_row(), person_row(RID_F, region_code="130503", education="", degree_type="",
                                                     graduation_date=""))
    ent = EnterpriseFactory(uscc=make_uscc(7001))
    return ent


def contribution_row(uscc, month="2024-07", rid=RID, **over):
    values = {"resident_id": rid, "uscc": uscc, "month": month, "pension_unit": "640.00", "pension_personal": "320.00",
              "medical_unit": "320.00", "medical_personal": "80.00", "ui_unit": "28.00", "ui_personal": "12.00",
              "injury_unit": "16.00", "in_arrears": "否"}
    values.update(over)
    return [values[h] for h in en("person_contributions")]


def test_contributions_import_and_reimport(tmp_path, registry):
    uscc = registry.uscc
    rows = [contribution_row(uscc, "2024-07"), contribution_row(uscc, "2024-08", in_arrears="是"), contribution_row(uscc, "2024-07", RID_F)]
    report = run("person_contributions", write_xlsx(tmp_path / "c.xlsx", zh("person_contributions"), rows))
    assert report.ok, report.as_text()
    assert (report.created, report.updated) == (3, 0)
    row = PersonContribution.objects.get(person__resident_id=RID, month=dt.date(2024, 8, 1))
    assert row.in_arrears is True and row.pension_unit == Decimal("640.00") and row.enterprise == registry
    report = run("person_contributions", write_csv(tmp_path / "c.csv", en("person_contributions"),
                                                   [contribution_row(uscc, "2024-08", injury_unit="0")]))
    assert (report.created, report.updated) == (0, 1)
    row.refresh_from_db()
    assert row.injury_unit == Decimal("0.00") and row.in_arrears is False
    assert PersonContribution.objects.count() == 3


@pytest.mark.parametrize(("override", "column"), [
    ({"uscc": make_uscc(7999)}, "用人单位统一社会信用代码"),  # valid but not registered
    ({"resident_id": make_resident_id(dt.date(1970, 1, 1), "130502", 999)}, "公民身份号码"),  # not registered
    ({"month": "2999-01"}, "费款所属期(YYYY-MM)"),
    ({"month": "0000-01"}, "费款所属期(YYYY-MM)"),
    ({"pension_unit": "-1"}, "养老保险单位缴费(元)"),
    ({"ui_unit": "1.005"}, "失业保险单位缴费(元)"),
    ({"medical_unit": "NaN"}, "医疗保险单位缴费(元)"),
    ({"in_arrears": "maybe"}, "是否欠缴"),
])
def test_bad_contribution_rows(tmp_path, registry, override, column):
    row = contribution_row(registry.uscc)
    for key, value in override.items():
        row[en("person_contributions").index(key)] = value
    report = run("person_contributions", write_csv(tmp_path / "c.csv", en("person_contributions"),
                                                   [contribution_row(registry.uscc, "2024-06"), row]))
    assert [(e.line, e.field) for e in report.errors] == [(3, column)]
    assert PersonContribution.objects.count() == 0


def test_contracts_registrations_certificates_hardship(tmp_path, registry):
    uscc = registry.uscc
    assert run("labour_contracts", write_csv(tmp_path / "lc.csv", en("labour_contracts"),
                                             [[RID, uscc, "2024-07-01", "2027-06-30", "fixed"], [RID_F, uscc, "2024-03-01", "", "open_ended"]])).ok
    assert LabourContract.objects.get(person__resident_id=RID_F).ends_on is None
    assert run("unemployment_registrations", write_csv(tmp_path / "ur.csv", en("unemployment_registrations"),
                                                       [[RID, "130502", "2024-01-10", "2024-06-30", "2024-01-15", ""]])).ok
    reg = UnemploymentRegistration.objects.get()
    assert reg.ui_benefit_from == dt.date(2024, 1, 15) and reg.ui_benefit_to is None
    assert run("certificates", write_csv(tmp_path / "ce.csv", en("certificates"),
                                         [["C-001", RID, "skill_level", "6-18-02-04", "焊工", "4", "2024-05-20", "否", "1"]])).ok
    cert = Certificate.objects.get()
    assert (cert.level, cert.shortage, cert.free_training) == (4, False, True)
    assert run("hardship_certifications", write_csv(tmp_path / "hc.csv", en("hardship_certifications"),
                                                    [[RID_F, "age_4050", "2024-03-01", "", "130503"]])).ok
    assert HardshipCertification.objects.get().category.code == "age_4050"


@pytest.mark.parametrize(("kind", "row", "column"), [
    ("labour_contracts", lambda u: [RID, u, "2024-07-01", "2024-06-30", "fixed"], "合同终止日期"),
    ("labour_contracts", lambda u: [RID, u, "2024-07-01", "", "casual"], "合同类型"),
    ("labour_contracts", lambda u: [RID, make_uscc(7998), "2024-07-01", "", "fixed"], "用人单位统一社会信用代码"),
    ("certificates", lambda u: ["C-9", RID, "skill_level", "X", "焊工", "6", "2024-05-20", "否", "否"], "等级(1-5)"),
    ("certificates", lambda u: ["C-9", RID, "skill_level", "X", "焊工", "0", "2024-05-20", "否", "否"], "等级(1-5)"),
    ("certificates", lambda u: ["C-9", RID, "diploma", "X", "焊工", "3", "2024-05-20", "否", "否"], "证书类型"),
    ("certificates", lambda u: ["C-9", RID, "skill_level", "X", "焊工", "3", "2999-05-20", "否", "否"], "发证日期"),
    ("unemployment_registrations", lambda u: [RID, "130502", "2024-05-01", "2024-04-01", "", ""], "登记终止日期"),
    ("unemployment_registrations", lambda u: [RID, "130502", "2024-05-01", "", "", "2024-08-01"], "领取失业保险金起始日期"),
    ("hardship_certifications", lambda u: [RID, "rich", "2024-03-01", "", "130502"], "认定类别"),
    ("hardship_certifications", lambda u: [RID, "dibao", "2024-03-01", "2024-01-01", "130502"], "有效期至"),
])
def test_bad_rows_of_the_other_imports(tmp_path, registry, kind, row, column):
    report = run(kind, write_csv(tmp_path / "f.csv", en(kind), [row(registry.uscc)]))
    assert [(e.line, e.field) for e in report.errors] == [(2, column)], report.as_text()


def test_a_certificate_number_of_another_person_is_refused(tmp_path, registry):
    assert run("certificates", write_csv(tmp_path / "a.csv", en("certificates"),
                                         [["C-1", RID, "skill_level", "X", "焊工", "4", "2024-05-20", "否", "否"]])).ok
    report = run("certificates", write_csv(tmp_path / "b.csv", en("certificates"),
                                           [["C-1", RID_F, "skill_level", "X", "焊工", "4", "2024-05-20", "否", "否"]]))
    assert [e.field for e in report.errors] == ["证书编号"]
    assert Certificate.objects.get().person.resident_id == RID


def test_commands_exit_non_zero_on_bad_input_and_import_good_files(tmp_path, capsys):
    good = write_csv(tmp_path / "p.csv", en("persons"), [person_row()])
    call_command("import_persons", str(good))
    assert Person.objects.count() == 1
    bad = write_csv(tmp_path / "bad.csv", en("persons"), [person_row(make_resident_id(dt.date(1990, 1, 1), "130502", 7), region_code="1")])
    with pytest.raises(CommandError):
        call_command("import_persons", str(bad))
    assert "居住地县(市、区)代码" in capsys.readouterr().err
    assert Person.objects.count() == 1
    for kind in ("unemployment_registrations", "labour_contracts", "person_contributions", "certificates",
                 "hardship_certifications"):
        with pytest.raises(CommandError):
            call_command(f"import_{kind}", str(write_csv(tmp_path / f"{kind}.csv", ["nothing"], [["x"]])))
