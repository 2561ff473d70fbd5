"""Excel/CSV import of the graduate real-name ledger (all-or-nothing, with a row report)."""

from __future__ import annotations

from django.utils.translation import gettext as _

from persons.services import person_named_otherwise, persons_record
from recruitment.models import EDUCATION_OF_DEGREE, GraduateEntry
from xingtai_jobs.core.audit import audit
from xingtai_jobs.core.imports import CellError, Column, ImportSpec, choice_parser, parse_date
from xingtai_jobs.core.models import Region, User
from xingtai_jobs.core.validators import normalize_mobile, validate_resident_id


def _text(limit: int):
    def parse(value: str) -> str:
        if len(value) > limit:
            raise CellError(_("At most %(n)s characters.") % {"n": limit})
        return value

    return parse


class GraduateImportSpec(ImportSpec):
    columns = [
        Column("name", "姓名", _text(50), True, "张三"),
        Column("resident_id", "身份证号", validate_resident_id, True, "130502200105171234"),
        Column("phone", "手机号", normalize_mobile, True, "13800001111"),
        Column("school", "毕业院校", _text(100), True, "邢台学院"),
        Column("degree", "学历", choice_parser(GraduateEntry.Degree), True, "bachelor"),
        Column("major", "专业", _text(100), False, "计算机科学与技术"),
        Column("graduation_date", "毕业时间", parse_date, True, "2024-06-30"),
        Column("household_region", "户籍地区划代码", str, True, "130502"),
        Column("hardship", "困难类别", choice_parser(GraduateEntry.Hardship), False, "none"),
        Column("job_intent", "求职意向", _text(100), False, "软件开发"),
        Column("status", "就业状态", choice_parser(GraduateEntry.Status), False, "unemployed"),
        Column("caseworker", "责任人账号", str, False, "county_a"),
    ]
    key = ("resident_id",)

    def __init__(self, *, actor=None):
        self.actor = actor

    def prepare(self) -> None:
        self.regions = dict(Region.objects.values_list("code", "id"))
        self.caseworkers = dict(User.objects.filter(role__in=User.STAFF_ROLES).values_list("username", "id"))
        self.allowed_regions = None
        if self.actor is not None and getattr(self.actor, "is_county_staff", False):
            self.allowed_regions = {self.actor.region_id}
        # the ledger's rows by resident ID (a county's or the city's ledger: tens of thousands at most),
        # so a row's checks ask the database only about persons the ledger does not hold
        self.ledger_regions = dict(GraduateEntry.objects.values_list("person__resident_id", "household_region_id"))

    def check_row(self, row, add_error) -> None:
        region_id = self.regions.get(row["household_region"])
        if region_id is None:
            add_error("household_region", _("Unknown region code %(code)s.") % {"code": row["household_region"]})
        elif self.allowed_regions is not None and region_id not in self.allowed_regions:
            add_error("household_region", _("You can only import graduates of your own region."))
        elif self.allowed_regions is not None and self.ledger_regions.get(row["resident_id"], region_id) not in self.allowed_regions:
            add_error("resident_id", _("This graduate is in another region's ledger."))
        if (row["resident_id"] not in self.ledger_regions
                and person_named_otherwise(resident_id=row["resident_id"], name=row["name"])):
            add_error("name", _("The person registry holds this resident ID under another name: check the name and the ID."))
        if row.get("caseworker") and row["caseworker"] not in self.caseworkers:
            add_error("caseworker", _("No staff account %(name)s.") % {"name": row["caseworker"]})

    def write_chunk(self, rows):
        """Who each graduate is goes to the registry's person (created when new); the ledger row keeps
        only its own facts."""
        persons = persons_record([
            {"resident_id": r["resident_id"], "region_id": self.regions[r["household_region"]], "name": r["name"], "phone": r["phone"],
             "school": r["school"], "education": EDUCATION_OF_DEGREE[r["degree"]], "major": r.get("major") or "",
             "graduation_date": r["graduation_date"]}
            for r in rows])
        existing = {e.person_id: e for e in GraduateEntry.objects.filter(person__in=[p.pk for p in persons.values()])}
        fields = ["household_region_id", "hardship", "job_intent", "status", "caseworker_id"]
        new, changed = [], []
        for r in rows:
            person = persons[r["resident_id"]]
            values = {
                "household_region_id": self.regions[r["household_region"]],
                "hardship": r.get("hardship") or GraduateEntry.Hardship.NONE, "job_intent": r.get("job_intent") or "",
                "status": r.get("status") or GraduateEntry.Status.UNEMPLOYED,
                "caseworker_id": self.caseworkers.get(r.get("caseworker") or ""),
            }
            entry = existing.get(person.pk)
            if entry is None:
                new.append(GraduateEntry(person=person, **values))
            else:
                for key, value in values.items():
                    setattr(entry, key, value)
                changed.append(entry)
        GraduateEntry.objects.bulk_create(new)
        if changed:
            GraduateEntry.objects.bulk_update(changed, fields)
        return len(new), len(changed)

    def after_write(self, report, actor=None) -> None:
        from persons.services import person_link_records

        person_link_records()
        audit("recruitment.graduate.imported", None, actor=actor, message=report.summary())
