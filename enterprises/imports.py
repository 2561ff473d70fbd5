"""Import specs for the enterprise registry on the kernel's streamed all-or-nothing framework.

The management commands and the admin import page use the same specs, so a file is judged by
the same rules wherever it is uploaded. Writes are set-based upserts (one INSERT ... ON CONFLICT
per chunk), so re-importing a file updates rows and never duplicates them.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import connection
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from xingtai_jobs.core.audit import audit
from xingtai_jobs.core.imports import (
    CellError,
    Column,
    ImportReport,
    ImportSpec,
    choice_parser,
    parse_bool,
    parse_money,
    parse_month,
    parse_nonneg_int,
)
from xingtai_jobs.core.inputs import is_digits
from xingtai_jobs.core.models import Region
from xingtai_jobs.core.validators import normalize_mobile, validate_uscc

from . import rules
from .models import EmploymentReport, Enterprise, InsuranceMonth, SizeClass, SizeSource, UnitType
from .selectors import enterprises_visible_to

_MOBILE_RE = re.compile(r"^1[3-9]\d{9}$")


def parse_uscc(text: str) -> str:
    """Normalised USCC, checked by python-stdnum through the kernel validator."""
    return validate_uscc(text)


def parse_industry(text: str) -> str:
    try:
        return rules.normalize_industry_code(text)
    except ValueError as exc:
        raise CellError(str(exc)) from None


def parse_phone(text: str) -> str:
    """Mainland mobile numbers are normalised; landlines (0319-...) are kept as written."""
    value = text.strip()
    if _MOBILE_RE.match(value):  # already in normal form: skip the (slow) phonenumbers parse
        return value
    digits = value.replace("-", "").replace(" ", "")
    if digits.startswith("0") and is_digits(digits) and 10 <= len(digits) <= 12:
        return value
    try:
        return normalize_mobile(value)
    except ValidationError as exc:
        raise CellError("; ".join(exc.messages)) from None


def _name(text: str) -> str:
    value = text.strip()
    if len(value) > 200:
        raise CellError(_("At most 200 characters."))
    return value


def _short(limit: int) -> Callable[[str], str]:
    def parse(text: str) -> str:
        value = text.strip()
        if len(value) > limit:
            raise CellError(_("At most %(n)s characters.") % {"n": limit})
        return value

    return parse


def cached_choice_parser(choices) -> Callable[[str], str]:
    """Like the kernel's ``choice_parser`` (the code, or the label in any site language) but the
    look-up table is built once instead of evaluating every lazy label for every cell."""
    table: dict[str, str] = {}

    def parse(text: str) -> str:
        if not table:
            for lang, _name in settings.LANGUAGES:
                with translation.override(lang):
                    for code, label in choices.choices:
                        table.setdefault(str(label), code)
            table.update({code: code for code in choices.values})
        value = text.strip()
        code = table.get(value) or table.get(value.lower())
        if code is None:
            return choice_parser(choices)(value)  # raises with the kernel's message
        return code

    return parse


def region_ids_by_code() -> dict[str, int]:
    """Region code → region id for import cells; old codes map to the region that absorbed them."""
    regions: dict[str, int] = {}
    for region in Region.objects.only("id", "code", "legacy_codes"):
        regions[region.code] = region.id
        for legacy in filter(None, (c.strip() for c in region.legacy_codes.split(","))):
            regions.setdefault(legacy, region.id)
    return regions


class _ScopedSpec(ImportSpec):
    def __init__(self, *, actor=None, source_name: str = ""):
        self.actor = actor
        self.source_name = source_name

    def _audit(self, action: str, report: ImportReport, actor) -> None:
        audit(action, None, actor=actor or self.actor,
              after={"rows": report.rows, "created": report.created, "updated": report.updated},
              message=self.source_name[:200])


class EnterpriseImportSpec(_ScopedSpec):
    title = gettext_lazy("enterprises")
    key = ("uscc",)
    columns = [
        Column("uscc", "统一社会信用代码", parse_uscc, True, "91130502MA0A1B2C3J"),
        Column("name", "单位名称", _name, True, "邢台示例制造有限公司"),
        Column("region_code", "所属县(市、区)代码", str, True, "130502"),
        Column("industry_code", "行业代码(GB/T 4754)", parse_industry, True, "C30"),
        Column("unit_type", "单位类型", cached_choice_parser(UnitType), True, "enterprise"),
        Column("size_class", "企业规模", cached_choice_parser(SizeClass), False, "small"),
        Column("above_scale", "规上企业", parse_bool, False, "否"),
        Column("key_enterprise", "重点企业", parse_bool, False, "否"),
        Column("dishonest", "严重失信", parse_bool, False, "否"),
        Column("deregistering", "注销或清算中", parse_bool, False, "否"),
        Column("address", "地址", _short(200), False, "邢台市襄都区示例路1号"),
        Column("contact_name", "联系人", _short(50), False, "王经理"),
        Column("contact_phone", "联系电话", parse_phone, False, "13800001111"),
    ]

    def prepare(self) -> None:
        self.regions: dict[str, int] = region_ids_by_code()
        allowed = None
        if self.actor is not None and not (self.actor.is_superuser or self.actor.is_city_staff):
            allowed = self.actor.region_id
        self.allowed_region = allowed
        # USCC → region of existing rows, to stop a county moving another county's enterprise
        self.existing: dict[str, int] = dict(Enterprise.objects.values_list("uscc", "region_id"))
        self.latest_headcount: dict[str, int] = {}

    def check_row(self, row, add_error) -> None:
        region_id = self.regions.get(row["region_code"])
        if region_id is None:
            add_error("region_code", _("Unknown region code %(code)s.") % {"code": row["region_code"]})
            return
        row["region_id"] = region_id
        if self.allowed_region is not None:
            if region_id != self.allowed_region:
                add_error("region_code", _("You may only import enterprises of your own region."))
            elif self.existing.get(row["uscc"], region_id) != self.allowed_region:
                add_error("uscc", _("This enterprise is registered in another region."))

    def write_chunk(self, rows: list[dict]) -> tuple[int, int]:
        usccs = [r["uscc"] for r in rows]
        computed = [r["uscc"] for r in rows if not r.get("size_class")]
        headcounts = {}
        if computed:
            latest = (InsuranceMonth.objects.filter(enterprise__uscc__in=computed)
                      .order_by("enterprise_id", "-month").values_list("enterprise__uscc", "insured_count", "month"))
            for uscc, count, _month in latest:
                headcounts.setdefault(uscc, count)
        objs = []
        for r in rows:
            size, source = r.get("size_class"), SizeSource.SOCIAL_INSURANCE
            if not size:
                size = rules.compute_size_class(r["industry_code"], employees=headcounts.get(r["uscc"], 0)) or SizeClass.SMALL
                source = SizeSource.COMPUTED
            objs.append(dict(  # noqa: C408 - keyword form mirrors the model fields
                uscc=r["uscc"], name=r["name"], region_id=r["region_id"], industry_code=r["industry_code"],
                industry_section=r["industry_code"][0], unit_type=r["unit_type"], size_class=size, size_source=source,
                above_scale=bool(r.get("above_scale")), key_enterprise=bool(r.get("key_enterprise")),
                dishonest=bool(r.get("dishonest")), deregistering=bool(r.get("deregistering")),
                address=r.get("address") or "", contact_name=r.get("contact_name") or "",
                contact_phone=r.get("contact_phone") or "",
            ))
        if connection.vendor == "postgresql":
            created = self._upsert_postgresql(objs)
            updated = len(objs) - created
        else:
            updated = sum(1 for u in usccs if u in self.existing)
            self._upsert_orm(objs)
        for r in rows:
            self.existing[r["uscc"]] = r["region_id"]
        return len(rows) - updated, updated

    _FIELDS = ("uscc", "name", "region_id", "industry_code", "industry_section", "unit_type", "size_class", "size_source",
               "above_scale", "key_enterprise", "dishonest", "deregistering", "address", "contact_name", "contact_phone")
    _TYPES = {"region_id": "bigint", "above_scale": "boolean", "key_enterprise": "boolean", "dishonest": "boolean",
              "deregistering": "boolean"}

    def _upsert_postgresql(self, objs: list[dict]) -> int:
        """One INSERT ... ON CONFLICT (uscc) per chunk from arrays; returns the number inserted."""
        cols = ", ".join(self._FIELDS)
        arrays = ", ".join(f"%s::{self._TYPES.get(f, 'text')}[]" for f in self._FIELDS)
        updates = ", ".join(f"{f} = EXCLUDED.{f}" for f in self._FIELDS if f != "uscc")
        sql = (f"INSERT INTO enterprises_enterprise ({cols}, created_at, updated_at) "  # noqa: S608 - names are constants
               f"SELECT *, %s, %s FROM unnest({arrays}) "
               f"ON CONFLICT (uscc) DO UPDATE SET {updates}, updated_at = EXCLUDED.updated_at RETURNING (xmax = 0)")
        now = timezone.now()
        with connection.cursor() as cur:
            cur.execute(sql, [now, now, *([o[f] for o in objs] for f in self._FIELDS)])
            return sum(1 for (fresh,) in cur.fetchall() if fresh)

    def _upsert_orm(self, objs: list[dict]) -> None:
        Enterprise.objects.bulk_create(
            [Enterprise(**o) for o in objs], update_conflicts=True, unique_fields=["uscc"],
            update_fields=["name", "region", "industry_code", "industry_section", "unit_type", "size_class", "size_source",
                           "above_scale", "key_enterprise", "dishonest", "deregistering", "address", "contact_name",
                           "contact_phone", "updated_at"],
        )

    def after_write(self, report, actor=None) -> None:
        self._audit("enterprises.import.enterprises", report, actor)


def remember_valid(parser: Callable[[str], object], size: int = 1 << 16) -> Callable[[str], object]:
    """Cache a parser's successful results (months and USCCs repeat in the monthly file; errors are
    never cached, so a month that is future today is checked again tomorrow)."""
    return functools.lru_cache(maxsize=size)(parser)


class _EnterpriseRowsSpec(_ScopedSpec):
    """Rows that refer to a registered enterprise by USCC, limited to the enterprises the importing
    user may see (a county officer cannot write figures for another county's enterprise)."""

    def prepare(self) -> None:
        qs = enterprises_visible_to(self.actor) if self.actor is not None else Enterprise.objects.all()
        self.ids: dict[str, int] = dict(qs.values_list("uscc", "id"))

    def resolve_enterprise(self, row, add_error) -> int | None:
        enterprise_id = self.ids.get(row["uscc"])
        if enterprise_id is None:
            add_error("uscc", _("No enterprise with this USCC is registered (import the enterprise first)."))
            return None
        row["enterprise_id"] = enterprise_id
        return enterprise_id


class InsuranceMonthImportSpec(_EnterpriseRowsSpec):
    title = gettext_lazy("monthly social-insurance figures")
    key = ("uscc", "month")
    columns = [
        Column("uscc", "统一社会信用代码", remember_valid(parse_uscc), True, "91130502MA0A1B2C3J"),
        Column("month", "月份(YYYY-MM)", remember_valid(parse_month, 512), True, "2024-01"),
        Column("insured_count", "月末参保人数", parse_nonneg_int, True, "120"),
        Column("new_insured", "当月新增参保人数", parse_nonneg_int, True, "3"),
        Column("ui_premium_due", "失业保险应缴(元)", parse_money, True, "9600.00"),
        Column("ui_premium_paid", "失业保险实缴(元)", parse_money, True, "9600.00"),
        Column("ui_new_claimants", "新增领取失业保险金人数", parse_nonneg_int, True, "0"),
    ]

    def prepare(self) -> None:
        super().prepare()
        self.touched: set[int] = set()

    def check_row(self, row, add_error) -> None:
        self.resolve_enterprise(row, add_error)
        # Paid above due is allowed: it is back payment of arrears. Negative amounts are refused by the parser.

    def write_chunk(self, rows: list[dict]) -> tuple[int, int]:
        ids = {r["enterprise_id"] for r in rows}
        self.touched.update(ids)
        if connection.vendor == "postgresql":
            return self._upsert_postgresql(rows)
        months = {r["month"] for r in rows}
        existing = set(InsuranceMonth.objects.filter(enterprise_id__in=ids, month__in=months).values_list("enterprise_id", "month"))
        updated = sum(1 for r in rows if (r["enterprise_id"], r["month"]) in existing)
        now = timezone.now()
        InsuranceMonth.objects.bulk_create(
            [InsuranceMonth(enterprise_id=r["enterprise_id"], month=r["month"], insured_count=r["insured_count"],
                            new_insured=r["new_insured"], ui_premium_due=r["ui_premium_due"],
                            ui_premium_paid=r["ui_premium_paid"], ui_new_claimants=r["ui_new_claimants"], updated_at=now)
             for r in rows],
            update_conflicts=True, unique_fields=["enterprise", "month"],
            update_fields=["insured_count", "new_insured", "ui_premium_due", "ui_premium_paid", "ui_new_claimants", "updated_at"],
        )
        return len(rows) - updated, updated

    _UPSERT_SQL = (
        "INSERT INTO enterprises_insurancemonth (enterprise_id, month, insured_count, new_insured, ui_premium_due, "
        "ui_premium_paid, ui_new_claimants, updated_at) "
        "SELECT e, m, c, n, d, p, u, %s FROM unnest(%s::bigint[], %s::date[], %s::int[], %s::int[], %s::numeric[], "
        "%s::numeric[], %s::int[]) AS t(e, m, c, n, d, p, u) "
        "ON CONFLICT (enterprise_id, month) DO UPDATE SET insured_count = EXCLUDED.insured_count, "
        "new_insured = EXCLUDED.new_insured, ui_premium_due = EXCLUDED.ui_premium_due, "
        "ui_premium_paid = EXCLUDED.ui_premium_paid, ui_new_claimants = EXCLUDED.ui_new_claimants, "
        "updated_at = EXCLUDED.updated_at "
        "RETURNING (xmax = 0)"
    )

    def _upsert_postgresql(self, rows: list[dict]) -> tuple[int, int]:
        """One INSERT ... ON CONFLICT per chunk from arrays (PostgreSQL): same result as the
        bulk_create path, without building a model instance per row; ``xmax = 0`` marks inserts."""
        cols = ("enterprise_id", "month", "insured_count", "new_insured", "ui_premium_due", "ui_premium_paid", "ui_new_claimants")
        params = [timezone.now(), *([r[c] for r in rows] for c in cols)]
        with connection.cursor() as cur:
            cur.execute(self._UPSERT_SQL, params)
            inserted = sum(1 for (fresh,) in cur.fetchall() if fresh)
        return inserted, len(rows) - inserted

    def after_write(self, report, actor=None) -> None:
        from .services import enterprise_recompute_sizes

        enterprise_recompute_sizes(enterprise_ids=sorted(self.touched))
        self._audit("enterprises.import.insurance_months", report, actor)


class EmploymentReportImportSpec(_EnterpriseRowsSpec):
    """Employment reports keyed in by staff from paper forms; each row goes through the same
    consistency check as a portal submission (rows are written one by one, in month order per file)."""

    title = gettext_lazy("monthly employment reports")
    key = ("uscc", "month")
    chunk_size = 1000
    columns = [
        Column("uscc", "统一社会信用代码", parse_uscc, True, "91130502MA0A1B2C3J"),
        Column("month", "月份(YYYY-MM)", parse_month, True, "2024-01"),
        Column("headcount", "月末职工人数", parse_nonneg_int, True, "120"),
        Column("new_hires", "当月新招用人数", parse_nonneg_int, True, "3"),
        Column("separations", "当月减少人数", parse_nonneg_int, True, "2"),
        Column("layoffs", "其中裁员人数", parse_nonneg_int, True, "0"),
        Column("vacancies", "空缺岗位数", parse_nonneg_int, True, "5"),
        Column("explanation", "情况说明", _short(1000), False, ""),
    ]

    def prepare(self) -> None:
        super().prepare()
        self.reviewed = set(EmploymentReport.objects.filter(reviewed_at__isnull=False).values_list("enterprise_id", "month"))

    def check_row(self, row, add_error) -> None:
        enterprise_id = self.resolve_enterprise(row, add_error)
        if enterprise_id is None:
            return
        if row["layoffs"] > row["separations"]:
            add_error("layoffs", _("Layoffs cannot exceed separations."))
        if (enterprise_id, row["month"]) in self.reviewed:
            add_error("month", _("The report for this month has already been reviewed and cannot be replaced."))

    def write_chunk(self, rows: list[dict]) -> tuple[int, int]:
        from .services import employment_report_submit

        created = updated = 0
        enterprises = Enterprise.objects.in_bulk({r["enterprise_id"] for r in rows})
        for r in sorted(rows, key=lambda r: (r["enterprise_id"], r["month"])):
            _report, was_created = employment_report_submit(
                enterprise=enterprises[r["enterprise_id"]], month=r["month"], headcount=r["headcount"],
                new_hires=r["new_hires"], separations=r["separations"], layoffs=r["layoffs"], vacancies=r["vacancies"],
                explanation=r.get("explanation") or "", actor=self.actor, source=EmploymentReport.Source.IMPORT,
            )
            created += was_created
            updated += not was_created
        return created, updated

    def after_write(self, report, actor=None) -> None:
        self._audit("enterprises.import.employment_reports", report, actor)


SPECS = {
    "enterprises": EnterpriseImportSpec,
    "insurance_months": InsuranceMonthImportSpec,
    "employment_reports": EmploymentReportImportSpec,
}


