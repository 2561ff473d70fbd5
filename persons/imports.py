"""Import specs of the person layer on the kernel's all-or-nothing framework (xingtai_jobs.core.imports).

Each file names persons by resident ID and employers by USCC; a row naming a person or employer the
registry lacks is a bad row. Re-importing a file updates rows by their natural key and never
duplicates them. The management commands (``import_persons`` …) and the admin import pages use the
same specs.
"""

from __future__ import annotations

import datetime as dt
import functools

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from enterprises.imports import _short as _text
from enterprises.imports import (
    cached_choice_parser,
    parse_phone,
    parse_uscc,
    region_ids_by_code,
    remember_valid,
)
from enterprises.models import Enterprise
from xingtai_jobs.core import clock
from xingtai_jobs.core.audit import audit
from xingtai_jobs.core.imports import (
    CellError,
    Column,
    ImportReport,
    ImportSpec,
    parse_bool,
    parse_date,
    parse_money,
    parse_month,
    sql_cell,
)
from xingtai_jobs.core.imports_copy import SqlLookup
from xingtai_jobs.core.inputs import is_digits
from xingtai_jobs.core.upserts import copy_upsert, copy_upsert_raw, upsert
from xingtai_jobs.core.validators import resident_id_birth_date, validate_resident_id

from .integrity import hold_registry, require_registry_rows
from .models import (
    Certificate,
    CertificateKind,
    ContractKind,
    DegreeType,
    Education,
    HardshipCategory,
    HardshipCertification,
    LabourContract,
    Person,
    PersonContribution,
    UnemploymentRegistration,
    sex_from_resident_id,
)


def parse_resident_id(text: str) -> str:
    try:
        return validate_resident_id(text)
    except ValidationError as exc:
        raise CellError("; ".join(exc.messages)) from None


def parse_level(text: str) -> int:
    value = text.strip()
    if not is_digits(value) or not 1 <= int(value) <= 5:
        raise CellError(_("The level must be a whole number from 1 to 5."))
    return int(value)


def parse_base_age(text: str) -> int:
    value = text.strip()
    if value not in ("50", "55", "60"):
        raise CellError(_("The retirement base age must be 50, 55 or 60."))
    return int(value)


def parse_past_date(text: str) -> dt.date:
    day = parse_date(text)
    if day > clock.today():
        raise CellError(_("The date %(date)s is in the future.") % {"date": day.isoformat()})
    if day.year < 1900:
        raise CellError(_("Enter a date as YYYY-MM-DD."))
    return day


def parse_any_date(text: str) -> dt.date:
    day = parse_date(text)
    if not 1900 <= day.year <= 2200:
        raise CellError(_("Enter a date as YYYY-MM-DD."))
    return day


class PersonRowsSpec(ImportSpec):
    """Base of the person-layer specs: the actor, regions, persons and enterprises by key."""

    needs_regions = False

    def __init__(self, *, actor=None, source_name: str = ""):
        self.actor = actor
        self.source_name = source_name

    @property
    def _county_region(self) -> int | None:
        actor = self.actor
        if actor is None or actor.is_superuser or actor.is_city_staff:
            return None
        return actor.region_id or -1

    def prepare(self) -> None:
        if self.needs_regions:
            self.regions: dict[str, int] = region_ids_by_code()
        # the key -> id tables are loaded when first needed: the set-based path resolves its
        # look-ups in SQL and hands check_row rows that carry the ids already
        self.__dict__.pop("person_ids", None)
        self.__dict__.pop("enterprise_ids", None)

    @functools.cached_property
    def person_ids(self) -> dict[str, int]:
        return dict(Person.objects.values_list("resident_id", "id"))

    @functools.cached_property
    def enterprise_ids(self) -> dict[str, int]:
        return dict(Enterprise.objects.values_list("uscc", "id"))

    def resolve_region(self, row, field_name, add_error) -> int | None:
        region_id = self.regions.get(row[field_name])
        if region_id is None:
            add_error(field_name, _("Unknown region code %(code)s.") % {"code": row[field_name]})
            return None
        county = self._county_region
        if county is not None and region_id != county:
            add_error(field_name, _("You may only import rows of your own region."))
            return None
        return region_id

    def resolve_person(self, row, add_error) -> int | None:
        person_id = row.get("person_id") or self.person_ids.get(row["resident_id"])  # the set-based path's look-up
        if person_id is None:
            add_error("resident_id", _("No person with this resident ID is registered (import the person first)."))
        row["person_id"] = person_id
        return person_id

    def resolve_enterprise(self, row, add_error) -> int | None:
        enterprise_id = row.get("enterprise_id") or self.enterprise_ids.get(row["uscc"])  # the set-based path's look-up
        if enterprise_id is None:
            add_error("uscc", _("No enterprise with this USCC is registered (import the enterprise first)."))
        row["enterprise_id"] = enterprise_id
        return enterprise_id

    def audit_import(self, action: str, report: ImportReport, actor) -> None:
        audit(action, None, actor=actor or self.actor,
              after={"rows": report.rows, "created": report.created, "updated": report.updated},
              message=self.source_name[:200])



class PersonImportSpec(PersonRowsSpec):
    title = gettext_lazy("persons")
    key = ("resident_id",)
    needs_regions = True
    columns = [
        Column("resident_id", "公民身份号码", parse_resident_id, True, "130502199005171237"),
        Column("name", "姓名", _text(50), True, "张三"),
        Column("phone", "手机号码", parse_phone, False, "13800001111"),
        Column("region_code", "居住地县(市、区)代码", str, True, "130502"),
        Column("education", "学历", cached_choice_parser(Education), False, "bachelor"),
        Column("degree_type", "学历类型", cached_choice_parser(DegreeType), False, "regular"),
        Column("school", "毕业院校", _text(100), False, "河北师范大学"),
        Column("major", "专业", _text(100), False, "会计学"),
        Column("graduation_date", "毕业日期", parse_any_date, False, "2024-06-30"),
        Column("retirement_base_age", "法定退休基准年龄", parse_base_age, False, ""),
    ]

    def check_row(self, row, add_error) -> None:
        row["region_id"] = self.resolve_region(row, "region_code", add_error)
        if row.get("degree_type") and row.get("education") not in (
                Education.JUNIOR_COLLEGE, Education.BACHELOR, Education.MASTER, Education.DOCTOR):
            add_error("degree_type", _("A degree type is given only for higher education (junior college or above)."))
        birth = resident_id_birth_date(row["resident_id"])
        if row.get("graduation_date") and row["graduation_date"] <= birth:
            add_error("graduation_date", _("The graduation date is before the date of birth in the resident ID."))
        county = self._county_region
        if county is not None and row["resident_id"] in self.person_ids:
            self._existing_region = getattr(self, "_existing_region", None) or dict(
                Person.objects.values_list("resident_id", "region_id"))
            if self._existing_region.get(row["resident_id"]) != county:
                add_error("resident_id", _("This person is registered in another region."))

    _FIELDS = ["resident_id", "name", "phone", "sex", "birth_date", "region_id", "education", "degree_type", "school",
               "major", "graduation_date", "retirement_base_age", "updated_at", "created_at"]

    def write_chunk(self, rows):
        now = timezone.now()
        objs = [{
            "resident_id": r["resident_id"], "name": r["name"], "phone": r.get("phone") or "",
            "sex": sex_from_resident_id(r["resident_id"]), "birth_date": resident_id_birth_date(r["resident_id"]),
            "region_id": r["region_id"], "education": r.get("education") or "", "degree_type": r.get("degree_type") or "",
            "school": r.get("school") or "", "major": r.get("major") or "", "graduation_date": r.get("graduation_date"),
            "retirement_base_age": r.get("retirement_base_age"), "created_at": now, "updated_at": now,
        } for r in rows]
        created, updated = upsert(Person, objs, unique=["resident_id"], fields=self._FIELDS, insert_only=["created_at"])
        return created, updated

    def after_write(self, report, actor=None):
        from .services import citizen_accounts_link_pending, person_link_records

        citizen_accounts_link_pending()
        person_link_records()
        self.audit_import("persons.import.persons", report, actor)


class UnemploymentRegistrationImportSpec(PersonRowsSpec):
    title = gettext_lazy("unemployment registrations")
    key = ("resident_id", "registered_on")
    needs_regions = True
    columns = [
        Column("resident_id", "公民身份号码", parse_resident_id, True, "130502199005171237"),
        Column("region_code", "登记地县(市、区)代码", str, True, "130502"),
        Column("registered_on", "失业登记日期", parse_past_date, True, "2024-01-15"),
        Column("ended_on", "登记终止日期", parse_past_date, False, ""),
        Column("ui_benefit_from", "领取失业保险金起始日期", parse_past_date, False, ""),
        Column("ui_benefit_to", "领取失业保险金终止日期", parse_any_date, False, ""),
    ]

    def check_row(self, row, add_error):
        self.resolve_person(row, add_error)
        row["region_id"] = self.resolve_region(row, "region_code", add_error)
        if row.get("ended_on") and row["ended_on"] < row["registered_on"]:
            add_error("ended_on", _("The registration cannot end before it starts."))
        if row.get("ui_benefit_to") and not row.get("ui_benefit_from"):
            add_error("ui_benefit_from", _("A benefit end date needs a start date."))
        if row.get("ui_benefit_to") and row.get("ui_benefit_from") and row["ui_benefit_to"] < row["ui_benefit_from"]:
            add_error("ui_benefit_to", _("The benefit period cannot end before it starts."))

    def write_chunk(self, rows):
        objs = [{"person_id": r["person_id"], "region_id": r["region_id"], "registered_on": r["registered_on"],
                 "ended_on": r.get("ended_on"), "ui_benefit_from": r.get("ui_benefit_from"),
                 "ui_benefit_to": r.get("ui_benefit_to")} for r in rows]
        return upsert(UnemploymentRegistration, objs, unique=["person_id", "registered_on"],
                           fields=["person_id", "region_id", "registered_on", "ended_on", "ui_benefit_from", "ui_benefit_to"])

    def after_write(self, report, actor=None):
        self.audit_import("persons.import.unemployment_registrations", report, actor)


class LabourContractImportSpec(PersonRowsSpec):
    title = gettext_lazy("labour contracts")
    key = ("resident_id", "uscc", "starts_on")
    columns = [
        Column("resident_id", "公民身份号码", parse_resident_id, True, "130502199005171237"),
        Column("uscc", "用人单位统一社会信用代码", remember_valid(parse_uscc), True, "91130502MA0A1B2C3J"),
        Column("starts_on", "合同起始日期", parse_any_date, True, "2024-07-01"),
        Column("ends_on", "合同终止日期", parse_any_date, False, "2027-06-30"),
        Column("kind", "合同类型", cached_choice_parser(ContractKind), True, "fixed"),
    ]

    def check_row(self, row, add_error):
        self.resolve_person(row, add_error)
        self.resolve_enterprise(row, add_error)
        if row.get("ends_on") and row["ends_on"] < row["starts_on"]:
            add_error("ends_on", _("The contract cannot end before it starts."))

    def write_chunk(self, rows):
        objs = [{"person_id": r["person_id"], "enterprise_id": r["enterprise_id"], "starts_on": r["starts_on"],
                 "ends_on": r.get("ends_on"), "kind": r["kind"]} for r in rows]
        return upsert(LabourContract, objs, unique=["person_id", "enterprise_id", "starts_on"],
                           fields=["person_id", "enterprise_id", "starts_on", "ends_on", "kind"])

    def after_write(self, report, actor=None):
        self.audit_import("persons.import.labour_contracts", report, actor)


class PersonContributionImportSpec(PersonRowsSpec):
    title = gettext_lazy("monthly contributions of persons")
    key = ("resident_id", "uscc", "month")
    chunk_size = 10000
    columns = [
        Column("resident_id", "公民身份号码", parse_resident_id, True, "130502199005171237"),
        Column("uscc", "用人单位统一社会信用代码", remember_valid(parse_uscc), True, "91130502MA0A1B2C3J"),
        Column("month", "费款所属期(YYYY-MM)", remember_valid(parse_month, 512), True, "2024-07"),
        Column("pension_unit", "养老保险单位缴费(元)", parse_money, True, "640.00"),
        Column("pension_personal", "养老保险个人缴费(元)", parse_money, True, "320.00"),
        Column("medical_unit", "医疗保险单位缴费(元)", parse_money, True, "320.00"),
        Column("medical_personal", "医疗保险个人缴费(元)", parse_money, True, "80.00"),
        Column("ui_unit", "失业保险单位缴费(元)", parse_money, True, "28.00"),
        Column("ui_personal", "失业保险个人缴费(元)", parse_money, True, "12.00"),
        Column("injury_unit", "工伤保险单位缴费(元)", parse_money, True, "16.00"),
        Column("in_arrears", "是否欠缴", parse_bool, True, "否"),
    ]
    _FIELDS = ["person_id", "enterprise_id", "month", "pension_unit", "pension_personal", "medical_unit",
               "medical_personal", "ui_unit", "ui_personal", "injury_unit", "in_arrears", "updated_at"]

    # Large CSV files on PostgreSQL go the kernel's set-based way (COPY, typed in SQL, one upsert).
    copy_cells = {
        "resident_id": SqlLookup("persons_person", "resident_id", "person_id"),
        "uscc": SqlLookup("enterprises_enterprise", "uscc", "enterprise_id"),
        "month": sql_cell("month"),
        **{name: sql_cell("money") for name in ("pension_unit", "pension_personal", "medical_unit", "medical_personal", "ui_unit",
                                                 "ui_personal", "injury_unit")},
        "in_arrears": sql_cell("bool"),
    }

    def check_row(self, row, add_error):
        self.resolve_person(row, add_error)
        self.resolve_enterprise(row, add_error)

    def hold_references(self):
        # the contributions' person and employer are not database constraints (persons.integrity)
        hold_registry()

    def copy_write(self, cursor, source):
        return copy_upsert(cursor, PersonContribution, source, unique=["person_id", "enterprise_id", "month"],
                                fields=self._FIELDS, values={"updated_at": "now()"})

    def copy_write_raw(self, cursor, raw, index_of):
        # check_row only resolves the person and the employer: the SqlLookups do that in SQL
        return copy_upsert_raw(self, cursor, PersonContribution, raw, index_of, unique=["person_id", "enterprise_id", "month"],
                                    fields=self._FIELDS, values={"updated_at": "now()"})

    def write_chunk(self, rows):
        # the ids were resolved before the write transaction took the registry lock: check them under it
        require_registry_rows({r["person_id"] for r in rows}, {r["enterprise_id"] for r in rows})
        now = timezone.now()
        objs = [{f: (now if f == "updated_at" else r[f]) for f in self._FIELDS} for r in rows]
        return upsert(PersonContribution, objs, unique=["person_id", "enterprise_id", "month"], fields=self._FIELDS)

    def after_write(self, report, actor=None):
        self.audit_import("persons.import.person_contributions", report, actor)


class CertificateImportSpec(PersonRowsSpec):
    title = gettext_lazy("skill certificates")
    key = ("certificate_no",)
    columns = [
        Column("certificate_no", "证书编号", _text(40), True, "S000013050224000001"),
        Column("resident_id", "公民身份号码", parse_resident_id, True, "130502199005171237"),
        Column("kind", "证书类型", cached_choice_parser(CertificateKind), True, "skill_level"),
        Column("occupation_code", "职业(工种)代码", _text(20), True, "6-18-02-04"),
        Column("occupation_name", "职业(工种)名称", _text(100), True, "焊工"),
        Column("level", "等级(1-5)", parse_level, True, "4"),
        Column("issued_on", "发证日期", parse_past_date, True, "2024-05-20"),
        Column("shortage", "紧缺职业", parse_bool, True, "否"),
        Column("free_training", "政府补贴免费培训取得", parse_bool, True, "否"),
    ]
    _FIELDS = ["certificate_no", "person_id", "kind", "occupation_code", "occupation_name", "level", "issued_on",
               "shortage", "free_training"]

    def prepare(self):
        super().prepare()
        self.cert_owner: dict[str, int] = dict(Certificate.objects.values_list("certificate_no", "person_id"))

    def check_row(self, row, add_error):
        person_id = self.resolve_person(row, add_error)
        owner = self.cert_owner.get(row["certificate_no"])
        if owner is not None and person_id is not None and owner != person_id:
            add_error("certificate_no", _("This certificate number is already registered to another person."))

    def write_chunk(self, rows):
        objs = [{f: r[f] for f in self._FIELDS} for r in rows]
        return upsert(Certificate, objs, unique=["certificate_no"], fields=self._FIELDS)

    def after_write(self, report, actor=None):
        self.audit_import("persons.import.certificates", report, actor)


class HardshipCertificationImportSpec(PersonRowsSpec):
    title = gettext_lazy("hardship certifications")
    key = ("resident_id", "category", "certified_on")
    needs_regions = True
    columns = [
        Column("resident_id", "公民身份号码", parse_resident_id, True, "130502199005171237"),
        Column("category", "认定类别", _text(40), True, "age_4050"),
        Column("certified_on", "认定日期", parse_past_date, True, "2024-03-01"),
        Column("valid_until", "有效期至", parse_any_date, False, ""),
        Column("region_code", "认定地县(市、区)代码", str, True, "130502"),
    ]

    def prepare(self):
        super().prepare()
        self.categories: dict[str, int] = {}
        for category in HardshipCategory.objects.all():
            self.categories[category.code] = category.pk
            self.categories.setdefault(category.name, category.pk)

    def check_row(self, row, add_error):
        self.resolve_person(row, add_error)
        row["region_id"] = self.resolve_region(row, "region_code", add_error)
        row["category_id"] = self.categories.get(row["category"])
        if row["category_id"] is None:
            add_error("category", _("Unknown hardship category %(code)s; use one of: %(allowed)s.") % {
                "code": row["category"], "allowed": ", ".join(sorted(c for c in self.categories if c.isascii()))})
        if row.get("valid_until") and row["valid_until"] < row["certified_on"]:
            add_error("valid_until", _("The certification cannot end before it starts."))

    def write_chunk(self, rows):
        objs = [{"person_id": r["person_id"], "category_id": r["category_id"], "certified_on": r["certified_on"],
                 "valid_until": r.get("valid_until"), "region_id": r["region_id"]} for r in rows]
        return upsert(HardshipCertification, objs, unique=["person_id", "category_id", "certified_on"],
                           fields=["person_id", "category_id", "certified_on", "valid_until", "region_id"])

    def after_write(self, report, actor=None):
        self.audit_import("persons.import.hardship_certifications", report, actor)


SPECS = {
    "persons": PersonImportSpec,
    "unemployment_registrations": UnemploymentRegistrationImportSpec,
    "labour_contracts": LabourContractImportSpec,
    "person_contributions": PersonContributionImportSpec,
    "certificates": CertificateImportSpec,
    "hardship_certifications": HardshipCertificationImportSpec,
}
