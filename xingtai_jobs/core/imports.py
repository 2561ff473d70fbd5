"""All-or-nothing, streamed imports of Excel (.xlsx) and CSV files.

An ``ImportSpec`` names its columns (Chinese header and English field name are both accepted),
how to parse each cell, the key that must be unique within the file, extra row checks, and how to
write a chunk of clean rows. ``run_import`` reads the file twice, streaming: the first pass
validates every row and collects every error with its line number; only if there are none does
the second pass write, in chunks, inside one transaction. Memory stays bounded by the chunk size,
a 16-byte digest per row for the duplicate check, and whatever look-up tables the spec keeps
(e.g. USCC → id)."""

from __future__ import annotations

import codecs
import csv
import datetime as dt
import hashlib
import io
import os
import tempfile
from collections.abc import Callable, Generator
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from xingtai_jobs.core import clock
from xingtai_jobs.core.errors import DomainError
from xingtai_jobs.core.inputs import MAX_COUNT, check_money, parse_decimal


class CellError(Exception):
    """Raised by a parser: the message names what is wrong with the value."""


@dataclass(frozen=True)
class Column:
    name: str  # English field name (accepted as a header too)
    header: str  # Chinese header used in templates
    parser: Callable[[str], Any] = str
    required: bool = True
    example: str = ""


@dataclass
class RowError:
    line: int
    field: str
    message: str

    def __str__(self) -> str:
        return _("Row %(line)s, %(field)s: %(message)s") % {"line": self.line, "field": self.field, "message": self.message}


@dataclass
class ImportReport:
    rows: int = 0
    created: int = 0
    updated: int = 0
    errors: list[RowError] = field(default_factory=list)
    file_error: str = ""

    @property
    def ok(self) -> bool:
        return not self.errors and not self.file_error

    def summary(self) -> str:
        if self.file_error:
            return self.file_error
        if self.errors:
            return _("%(n)s problems found in %(rows)s rows; nothing was imported.") % {"n": len(self.errors), "rows": self.rows}
        return _("%(rows)s rows imported: %(created)s created, %(updated)s updated.") % {
            "rows": self.rows, "created": self.created, "updated": self.updated}

    def as_text(self) -> str:
        return "\n".join([self.summary(), *[str(e) for e in self.errors]])


class ImportSpec:
    """Subclass and set ``columns`` and ``key``; implement ``write_chunk``."""

    columns: list[Column] = []
    key: tuple[str, ...] = ()
    chunk_size = 5000
    title = gettext_lazy("import")

    # The set-based path (``xingtai_jobs.core.imports_copy``, PostgreSQL, large CSV files): column
    # name -> SqlCell / SqlLookup for every column, and ``copy_write``. Empty: row by row only.
    # A spec whose ``check_row`` only resolves its look-ups may add ``copy_write_raw(cursor, table,
    # index_of)``: the whole file in one statement when every row is plainly valid (``_write_at_once``).
    copy_cells: dict[str, Any] = {}

    def copy_write(self, cursor, source: str) -> tuple[int, int]:
        """Write the clean rows of ``source`` (an SQL subquery: one typed column per spec column,
        the lookups' targets, ``_line``) set-based; return (created, updated)."""
        raise NotImplementedError

    def prepare(self) -> None:
        """Load look-up tables before the first pass (called once)."""

    def check_row(self, row: dict, add_error: Callable[[str, str], None]) -> None:
        """Cross-field checks on a parsed row; call ``add_error(field, message)``."""

    def hold_references(self) -> None:
        """First thing inside the transaction that writes (the set-based path: before it reads any
        look-up): keep the rows the file refers to from being deleted until the commit, for a spec
        whose references are not database constraints (e.g. ``persons.integrity.hold_registry``)."""

    def write_chunk(self, rows: list[dict]) -> tuple[int, int]:
        """Write clean rows; return (created, updated)."""
        raise NotImplementedError

    def after_write(self, report: ImportReport, actor=None) -> None:
        """Audit or follow-up work inside the import's transaction."""

    # -- helpers ---------------------------------------------------------------------------
    def header_map(self, headers: list[str]) -> tuple[dict[int, Column], list[str]]:
        by_header: dict[str, Column] = {}
        for col in self.columns:
            by_header[col.header.strip()] = col
            by_header[col.name] = col
        mapping: dict[int, Column] = {}
        for index, header in enumerate(headers):
            found = by_header.get((header or "").strip())
            if found is not None:
                mapping[index] = found
        present = {c.name for c in mapping.values()}
        missing = [f"{c.header} ({c.name})" for c in self.columns if c.required and c.name not in present]
        return mapping, missing

    def template_xlsx(self) -> bytes:
        from openpyxl import Workbook

        wb = Workbook()
        ws = wb.active
        ws.title = "data"
        ws.append([c.header for c in self.columns])
        ws.append([c.example for c in self.columns])
        notes = wb.create_sheet("说明 notes")
        notes.append(["列 / column", "字段 / field", "必填 / required", "示例 / example"])
        for c in self.columns:
            notes.append([c.header, c.name, "是" if c.required else "否", c.example])
        out = io.BytesIO()
        wb.save(out)
        return out.getvalue()


# --- reading -----------------------------------------------------------------------------------


def _cell_text(value: Any) -> str:
    if value is None or value == "":
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dt.datetime):
        return value.strftime("%Y-%m-%d") if value.time() == dt.time() else value.isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def iter_rows(path: str | os.PathLike) -> Generator[tuple[int, list[str]], None, None]:
    """Yield (line number, cells as text) for every row, header first, streaming."""
    suffix = Path(path).suffix.lower()
    if suffix == ".xlsx":
        # python-calamine (Rust) reads a sheet some 30x faster than openpyxl; the sheet's cells are
        # held compactly in Rust while we iterate. Very large files are better sent as CSV, which
        # is streamed line by line.
        from python_calamine import CalamineWorkbook

        try:
            sheet = CalamineWorkbook.from_path(str(path)).get_sheet_by_index(0)
        except Exception as exc:  # noqa: BLE001 - any unreadable file is a user error
            raise DomainError(_("The file is not a readable Excel (.xlsx) workbook: %s") % exc.__class__.__name__) from None
        for line, row in enumerate(sheet.iter_rows(), start=1):
            yield line, [_cell_text(v) for v in row]
    elif suffix == ".csv":
        raw = Path(path).open("rb")  # noqa: SIM115 - closed in finally while the generator streams
        try:
            head = raw.read(65536)
            raw.seek(0)
            encoding = "utf-8-sig"
            try:
                # Incremental: a multi-byte character cut at the 64 KiB boundary is not an error.
                codecs.getincrementaldecoder("utf-8-sig")().decode(head, final=False)
            except UnicodeDecodeError:
                encoding = "gb18030"
            text = io.TextIOWrapper(raw, encoding=encoding, newline="")
            try:
                for line, cells in enumerate(csv.reader(text), start=1):
                    yield line, [c.strip() for c in cells]
            except UnicodeDecodeError:
                raise DomainError(_("The CSV file is neither UTF-8 nor GB18030 text.")) from None
        finally:
            raw.close()
    else:
        raise DomainError(_("Unsupported file type %(suffix)s: upload an .xlsx or .csv file.") % {"suffix": suffix or "?"})


def _is_blank(cells: list[str]) -> bool:
    return all(not c for c in cells)


def _error_collector(problems: list, line: int, headers_by_name: dict):
    def add_error(field_name: str, message) -> None:
        problems.append(RowError(line, headers_by_name.get(field_name, field_name), str(message)))

    return add_error


def _parsed_rows(spec: ImportSpec, path, report: ImportReport, *, collect: bool):
    rows = iter_rows(path)
    try:
        _header_line, headers = next(rows)
    except StopIteration:
        report.file_error = _("The file is empty.")
        return
    mapping, missing = spec.header_map(headers)
    headers_by_name = {c.name: c.header for c in spec.columns}
    if missing:
        report.file_error = _("Missing columns: %s") % ", ".join(missing)
        return
    for line, cells in rows:
        if _is_blank(cells):
            continue
        row, problems = _parse_cells(spec, mapping, headers_by_name, line, cells)
        if collect:
            report.errors.extend(problems)
        yield row, bool(problems)


def _parse_cells(spec: ImportSpec, mapping: dict[int, Column], headers_by_name: dict, line: int,
                 cells: list[str]) -> tuple[dict[str, Any], list[RowError]]:
    """One data row parsed and checked: (row, problems)."""
    row: dict[str, Any] = {"_line": line}
    problems: list[RowError] = []
    for index, col in mapping.items():
        text = cells[index] if index < len(cells) else ""
        if text == "":
            if col.required:
                problems.append(RowError(line, col.header, _("This value is required.")))
            row[col.name] = None
            continue
        try:
            row[col.name] = col.parser(text)
        except (CellError, ValidationError, ValueError, InvalidOperation) as exc:
            message = "; ".join(exc.messages) if isinstance(exc, ValidationError) else str(exc)
            problems.append(RowError(line, col.header, message or _("Invalid value.")))
    if not problems:
        spec.check_row(row, _error_collector(problems, line, headers_by_name))
    return row, problems


def run_import(spec: ImportSpec, path: str | os.PathLike, *, actor=None, max_errors: int = 10_000) -> ImportReport:
    """Validate the whole file, then write it all or nothing. A large CSV file of a spec that
    declares ``copy_cells`` is imported set-based on PostgreSQL (``copy_import``), with the same
    contract; anything that path cannot decide alone goes the row-by-row way below."""
    if _copy_applies(spec, path):
        from xingtai_jobs.core import imports_copy

        report = imports_copy.copy_import(spec, path, actor=actor, max_errors=max_errors)
        if report is not None:
            return report
    report = ImportReport()
    spec.prepare()
    seen: set = set()
    header_of = {c.name: c.header for c in spec.columns}
    for row, bad in _parsed_rows(spec, path, report, collect=True):
        report.rows += 1
        if not bad and spec.key:
            # A 16-byte digest per row instead of the key itself keeps the duplicate check small
            # (about 60 bytes a row) however long the keys are.
            key = hashlib.blake2b(repr(tuple(row.get(k) for k in spec.key)).encode(), digest_size=16).digest()
            if key in seen:
                report.errors.append(
                    RowError(row["_line"], " + ".join(header_of.get(k, k) for k in spec.key), _("Duplicate of an earlier row in this file."))
                )
            seen.add(key)
        if len(report.errors) >= max_errors:
            break
    seen.clear()
    if report.file_error or report.errors:
        return report
    if report.rows == 0:
        report.file_error = _("The file has no data rows.")
        return report
    with transaction.atomic():
        spec.hold_references()
        chunk: list[dict] = []
        for row, _bad in _parsed_rows(spec, path, ImportReport(), collect=False):
            chunk.append(row)
            if len(chunk) >= spec.chunk_size:
                created, updated = spec.write_chunk(chunk)
                report.created += created
                report.updated += updated
                chunk = []
        if chunk:
            created, updated = spec.write_chunk(chunk)
            report.created += created
            report.updated += updated
        spec.after_write(report, actor=actor)
    return report


def _copy_applies(spec: ImportSpec, path) -> bool:
    from django.conf import settings
    from django.db import connection

    if not spec.copy_cells or connection.vendor != "postgresql" or Path(path).suffix.lower() != ".csv":
        return False
    return Path(path).stat().st_size >= getattr(settings, "XT_IMPORT_COPY_MIN_BYTES", 1_000_000)


def run_import_upload(spec: ImportSpec, uploaded, *, actor=None) -> ImportReport:
    """Run an import from an uploaded file (saved to a temporary file so it can be read twice)."""
    suffix = Path(uploaded.name or "").suffix.lower()
    if suffix not in (".xlsx", ".csv"):
        return ImportReport(file_error=_("Unsupported file type %(suffix)s: upload an .xlsx or .csv file.") % {"suffix": suffix or "?"})
    with tempfile.NamedTemporaryFile(suffix=suffix) as tmp:
        for chunk in uploaded.chunks():
            tmp.write(chunk)
        tmp.flush()
        try:
            return run_import(spec, tmp.name, actor=actor)
        except DomainError as exc:
            return ImportReport(file_error=str(exc))


# --- cell parsers ------------------------------------------------------------------------------

_TRUE = {"true", "1", "是", "yes", "y", "t"}
_FALSE = {"false", "0", "否", "no", "n", "f"}


def parse_bool(text: str) -> bool:
    value = text.strip().lower()
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    raise CellError(_("Use true/false, 1/0 or 是/否."))


def _plain_decimal(text: str, message: str) -> Decimal:
    """The cell as the kernel reads a number (``inputs.parse_decimal``: no NaN, Infinity, "1e5",
    underscores or "-0"), or a CellError with ``message``."""
    try:
        return parse_decimal(text)
    except ValidationError:
        raise CellError(message) from None


def parse_nonneg_int(text: str) -> int:
    """A whole number 0..``inputs.MAX_COUNT`` (what an integer column holds); "12.0" is 12."""
    value = _plain_decimal(text, _("Enter a whole number."))
    if value != value.to_integral_value():
        raise CellError(_("Enter a whole number."))
    if value < 0:
        raise CellError(_("The number cannot be negative."))
    if value > MAX_COUNT:
        raise CellError(_("The number is too large: at most %(limit)s.") % {"limit": MAX_COUNT})
    return int(value)


def money_parser(*, max_digits: int = 12, decimal_places: int = 2) -> Callable[[str], Decimal]:
    """A cell parser for an amount in yuan for a ``DecimalField(max_digits, decimal_places)``
    column: not negative, at most ``decimal_places`` decimals (refused, never rounded) and at most
    ``max_digits - decimal_places`` digits before the point (the column's bound)."""

    def parse(text: str) -> Decimal:
        value = _plain_decimal(text, _("Enter an amount in yuan, e.g. 1234.56."))
        if value < 0:
            raise CellError(_("The amount cannot be negative."))
        try:
            return check_money(value, max_digits=max_digits, decimal_places=decimal_places)
        except ValidationError as exc:
            raise CellError("; ".join(exc.messages)) from None

    return parse


# Yuan in a numeric(12, 2) column (the kernel MoneyField's default, and what the set-based path's
# "money" cell accepts: at most 10 digits before the point).
parse_money = money_parser()


def parse_month(text: str) -> dt.date:
    """YYYY-MM (or YYYY-MM-DD, or YYYY/MM) → first day of that month; future months refused."""
    value = text.strip().replace("/", "-")
    try:
        parts = value.split("-")
        year, month = int(parts[0]), int(parts[1])
        day = dt.date(year, month, 1)
    except (ValueError, IndexError):
        raise CellError(_("Enter a month as YYYY-MM.")) from None
    today = clock.today()
    if day > today.replace(day=1):
        raise CellError(_("The month %(month)s is in the future.") % {"month": f"{year:04d}-{month:02d}"})
    return day


def parse_date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text.strip().replace("/", "-")[:10])
    except ValueError:
        raise CellError(_("Enter a date as YYYY-MM-DD.")) from None


# How the set-based path (``imports_copy``) reads the cells of these parsers: a predicate that
# accepts only what the parser accepts (and gives the same value); anything else is checked by the
# parser itself.
def _sql_cells():
    from xingtai_jobs.core.imports_copy import SqlCell

    true = ", ".join(f"'{t}'" for t in sorted(_TRUE))
    both = ", ".join(f"'{t}'" for t in sorted(_TRUE | _FALSE))
    return {
        # string functions, not regular expressions: a regex per cell costs ~2.5 µs, 7 money cells a row
        "money": SqlCell("CASE translate({v}, '0123456789', '') WHEN '' THEN length({v}) <= 10 "
                         "WHEN '.' THEN position('.' in {v}) BETWEEN 2 AND 11 AND length({v}) - position('.' in {v}) BETWEEN 1 AND 2 "
                         "ELSE false END", "{v}::numeric(12, 2)"),
        "bool": SqlCell(f"lower({{v}}) IN ({both})", f"lower({{v}}) IN ({true})"),
        "month": SqlCell("CASE WHEN length({v}) = 7 AND translate({v}, '0123456789', '') = '-' AND substr({v}, 5, 1) = '-' "
                         "AND left({v}, 1) <> '0' AND substr({v}, 6, 2) BETWEEN '01' AND '12' "
                         "THEN ({v} || '-01')::date <= {this_month} ELSE false END", "({v} || '-01')::date"),
    }


def sql_cell(kind: str):
    """The SqlCell of ``parse_money`` ("money"), ``parse_bool`` ("bool") or ``parse_month`` ("month")."""
    return _sql_cells()[kind]


def choice_parser(choices) -> Callable[[str], str]:
    """Accept a TextChoices value or its label (either language)."""

    def parse(text: str) -> str:
        value = text.strip()
        for code, label in choices.choices:
            if value.lower() == code or value == str(label):
                return code
        allowed = ", ".join(code for code, _label in choices.choices)
        raise CellError(_("Unknown value %(value)s; use one of: %(allowed)s.") % {"value": value, "allowed": allowed})

    return parse
