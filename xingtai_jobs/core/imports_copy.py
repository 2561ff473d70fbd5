"""The set-based path of ``xingtai_jobs.core.imports.run_import``: large CSV files on PostgreSQL.

Same contract as the row-by-row path (all or nothing, every bad row with its line and reason, the
same messages, re-import updates and never duplicates), some ten times faster:

1. The header is read and mapped as in the row path (a missing column is the same file error).
2. The file is streamed into a temporary table with COPY (a text column per header cell; the
   row's ordinal gives its line number, as ``csv.reader`` counts them).
3. One query types every cell that is *plainly* valid (``SqlCell.accepts``: a predicate stricter
   than the cell's Python parser, so what it accepts the parser accepts with the same value) and
   resolves look-ups (``SqlLookup``: the trimmed cell equals a registry key exactly). A row with a
   cell that is not plainly valid is *suspect*: it is read again and checked by the spec's own
   parsers and ``check_row``, so its messages are exactly the row path's. If a suspect row turns
   out valid (a value the parsers normalise, such as ``2024/07`` or a full-width space), this path
   gives way and the whole file goes the row way (nothing has been written).
4. Every clean row goes through the spec's ``check_row`` too (streamed from the temporary table
   with the typed values and the look-ups' ids, in line order), so a cross-row or cross-field
   check of the spec holds on this path exactly as on the row path — not only on the suspects.
   A spec without a ``check_row`` of its own skips this pass.
5. Duplicate keys among the clean rows: every later line, as the row path reports them.
6. No error: ``spec.copy_write`` writes the clean rows set-based, then ``spec.after_write``, in one
   transaction. Memory stays bounded: the file is streamed, the rows stay in the database.

Before step 3, a spec whose every check is in its ``copy_cells`` (its ``check_row`` only resolves
the look-ups) may offer ``copy_write_raw``: one statement that types and resolves the COPY table's
cells with the same SqlCells and SqlLookups and writes the rows only if every one of them is
plainly valid and no key repeats (``_write_at_once``). When it wrote every row of the file, that is
the import; otherwise it is rolled back to a savepoint and steps 3-5 decide (and report) as above.

``copy_import`` returns None when the file must go the row way (COPY cannot read it: ragged rows,
blank lines, bad encoding; or a suspect row was valid)."""

from __future__ import annotations

import codecs
from dataclasses import dataclass
from pathlib import Path

from django.db import connection, transaction
from django.utils.translation import gettext as _

from xingtai_jobs.core import clock
from xingtai_jobs.core.imports import (
    ImportReport,
    ImportSpec,
    RowError,
    _error_collector,
    _is_blank,
    _parse_cells,
    iter_rows,
)


@dataclass(frozen=True)
class SqlCell:
    """``accepts``: SQL predicate over the trimmed cell text ``{v}`` (``{this_month}``: the first
    day of the current month); ``value``: the typed SQL value of an accepted cell."""

    accepts: str
    value: str


@dataclass(frozen=True)
class SqlLookup:
    """The cell names a row of ``table`` by ``column``; ``target`` receives its ``id_column``."""

    table: str
    column: str
    target: str
    id_column: str = "id"


class _GiveWay(Exception):
    """The set-based path cannot decide this file alone: roll back and import row by row."""


def _encoding(path) -> str:
    with Path(path).open("rb") as raw:
        head = raw.read(65536)
    try:
        codecs.getincrementaldecoder("utf-8-sig")().decode(head, final=False)
    except UnicodeDecodeError:
        return "GB18030"
    return "UTF8"


def _header(spec: ImportSpec, path):
    rows = iter_rows(path)
    try:
        _line, headers = next(rows)
    except StopIteration:
        return None, None, None
    finally:
        rows.close()
    mapping, missing = spec.header_map(headers)
    return headers, mapping, missing


def copy_import(spec: ImportSpec, path, *, actor=None, max_errors: int = 10_000) -> ImportReport | None:
    headers, mapping, missing = _header(spec, path)
    if headers is None or missing:
        return None  # the row path reports an empty file or the missing columns
    if any(col.name not in spec.copy_cells for col in mapping.values()):
        return None
    try:
        with transaction.atomic():
            report = _run(spec, path, headers, mapping, actor=actor, max_errors=max_errors)
            if not report.ok:
                transaction.set_rollback(True)
            return report
    except _GiveWay:
        return None


def _run(spec: ImportSpec, path, headers, mapping, *, actor, max_errors: int) -> ImportReport:
    n = len(headers)
    report = ImportReport()
    spec.hold_references()  # before any look-up: the ids the statements join stay valid until the commit
    with connection.cursor() as cur:
        cols = ", ".join(f"c{i} text" for i in range(n))
        cur.execute("DROP TABLE IF EXISTS xt_import_raw, xt_import_rows")  # an earlier import in this transaction
        cur.execute(f"CREATE TEMP TABLE xt_import_raw (_n bigint GENERATED ALWAYS AS IDENTITY, {cols}) ON COMMIT DROP")
        try:
            with transaction.atomic(), cur.copy(
                    f"COPY xt_import_raw ({', '.join(f'c{i}' for i in range(n))}) FROM STDIN "  # noqa: S608 - generated names
                    f"WITH (FORMAT csv, HEADER true, ENCODING '{_encoding(path)}')") as copy, Path(path).open("rb") as f:
                while block := f.read(1 << 20):
                    copy.write(block)
        except Exception as exc:  # noqa: BLE001 - COPY cannot read it (ragged rows, blank lines): the row path can
            raise _GiveWay from exc
        # the one statement's plan (hash joins, fenced by OFFSET 0) is the same with the planner's size
        # estimate from the table's pages; ANALYZE (0.14 s of 200,000 rows) is for the steps below
        at_once = _write_at_once(spec, cur, mapping)
        if at_once is not None:
            report.rows, report.created, report.updated = at_once
            cur.execute("DROP TABLE xt_import_raw")
            spec.after_write(report, actor=actor)
            return report
        cur.execute("ANALYZE xt_import_raw")  # a temporary table has no statistics: the planner would guess its size
        cur.execute(_typing_sql(spec, mapping, n))
        cur.execute("SELECT count(*) FROM xt_import_rows")
        rows_total = cur.fetchone()[0]
        cap = max_errors + 1000
        cur.execute("SELECT _line FROM xt_import_rows WHERE NOT _ok ORDER BY _line LIMIT %s", [cap])
        suspects = [line for (line,) in cur.fetchall()]
        errors, blank_lines = _check_suspects(spec, path, mapping, suspects)
        if len(suspects) == cap and len(errors) < max_errors:
            raise _GiveWay  # too many suspects to hold; the row path streams them
        errors += _check_clean_rows(spec, prepared=bool(suspects), max_errors=max_errors)
        if spec.key:
            keys = ", ".join(spec.key)
            cur.execute(f"SELECT _line FROM (SELECT _line, row_number() OVER (PARTITION BY {keys} ORDER BY _line) AS rn "  # noqa: S608
                        "FROM xt_import_rows WHERE _ok) d WHERE rn > 1 ORDER BY _line LIMIT %s", [max_errors])
            header_of = {c.name: c.header for c in spec.columns}
            label = " + ".join(header_of.get(k, k) for k in spec.key)
            errors += [RowError(line, label, _("Duplicate of an earlier row in this file.")) for (line,) in cur.fetchall()]
        if errors:
            errors.sort(key=lambda e: e.line)  # stable: a row's problems stay in column order
            kept: list[RowError] = []
            last_line = 0
            for error in errors:  # the row path stops after the row that reaches max_errors
                if len(kept) >= max_errors and error.line != last_line:
                    break
                kept.append(error)
                last_line = error.line
            report.errors = kept
            cur.execute("SELECT count(*) FROM xt_import_rows WHERE _line <= %s", [last_line])
            report.rows = cur.fetchone()[0] - len([line for line in blank_lines if line <= last_line])
            return report
        report.rows = rows_total - len(blank_lines)
        if report.rows == 0:
            report.file_error = _("The file has no data rows.")
            return report
        report.created, report.updated = spec.copy_write(cur, "(SELECT * FROM xt_import_rows WHERE _ok)")
        cur.execute("DROP TABLE xt_import_raw, xt_import_rows")
    spec.after_write(report, actor=actor)
    return report


def _write_at_once(spec: ImportSpec, cur, mapping) -> tuple[int, int, int] | None:
    """The whole file in one statement when every row is plainly valid: ``spec.copy_write_raw(cursor,
    table, index_of)`` (``index_of``: column name -> COPY column number) writes the rows of ``table``
    whose every cell its SqlCells accept and whose look-ups resolve, unless a key repeats among them,
    and returns (rows it took, created, updated), or None when a key repeats (nothing written).
    Unless it took every row, its writes are rolled back and None tells the caller to go on."""
    write_raw = getattr(spec, "copy_write_raw", None)
    if write_raw is None or not _check_row_is_the_writers(spec):
        return None
    cur.execute("SELECT count(*) FROM xt_import_raw")
    total = cur.fetchone()[0]
    if total == 0:
        return None  # the steps below tell an empty file
    index_of = {col.name: index for index, col in mapping.items()}  # the last of repeated headers wins
    savepoint = transaction.savepoint()
    written = write_raw(cur, "xt_import_raw", index_of)
    if written is None or written[0] != total:
        transaction.savepoint_rollback(savepoint)
        return None
    transaction.savepoint_commit(savepoint)
    return written


def _check_row_is_the_writers(spec: ImportSpec) -> bool:
    """The one statement stands in for ``check_row`` of the class that wrote it (look-ups only). A
    subclass that adds rules to ``check_row`` below it goes the checked way, every row through them."""
    mro = type(spec).__mro__
    writer = next(c for c in mro if "copy_write_raw" in c.__dict__)
    checker = next(c for c in mro if "check_row" in c.__dict__)
    return issubclass(writer, checker)


def _typing_sql(spec: ImportSpec, mapping, n: int) -> str:
    index_of = {col.name: index for index, col in mapping.items()}  # the last of repeated headers wins, as in the row path
    this_month = f"DATE '{clock.today().replace(day=1).isoformat()}'"
    select, joins, oks = [], [], []
    for j, col in enumerate(spec.columns):
        index = index_of.get(col.name)
        how = spec.copy_cells.get(col.name)
        if isinstance(how, SqlLookup):
            target = f"l{j}.{how.id_column}"
            if index is None:
                select += [f"NULL::text AS {col.name}", f"NULL::bigint AS {how.target}"]
                continue
            v = f"r.v{index}"
            joins.append(f"LEFT JOIN {how.table} l{j} ON l{j}.{how.column} = {v}")
            select += [f"CASE WHEN {target} IS NOT NULL THEN {v} END AS {col.name}", f"{target} AS {how.target}"]
            oks.append(f"({target} IS NOT NULL)" if col.required else f"({target} IS NOT NULL OR {v} = '')")
            continue
        if index is None:
            select.append(f"NULL AS {col.name}")
            continue
        assert isinstance(how, SqlCell)  # every mapped column has one (checked by copy_import)
        v = f"r.v{index}"
        accepts = how.accepts.replace("{v}", v).replace("{this_month}", this_month)
        value = how.value.replace("{v}", v)
        select.append(f"CASE WHEN {v} <> '' AND ({accepts}) THEN {value} END AS {col.name}")
        oks.append(f"(s.{col.name} IS NOT NULL)" if col.required else f"(s.{col.name} IS NOT NULL OR s._v{index} = '')")
        if not col.required:
            select.append(f"{v} AS _v{index}")
    # a lookup's ok test reads the joined id: compute it in the inner query as well
    inner_oks = [ok for ok in oks if not ok.startswith("(s.")]
    outer_oks = [ok for ok in oks if ok.startswith("(s.")]
    trimmed = ", ".join(f"btrim(coalesce(c{i}, '')) AS v{i}" for i in range(n))
    blank = " AND ".join(f"r.v{i} = ''" for i in range(n))
    inner = (f"SELECT r._line, {', '.join(select)}, ({' AND '.join(inner_oks) or 'true'}) AS _ok_lookups "  # noqa: S608
             f"FROM (SELECT _n + 1 AS _line, {trimmed} FROM xt_import_raw) r {' '.join(joins)} WHERE NOT ({blank})")
    names = [c.name for c in spec.columns] + [h.target for h in spec.copy_cells.values() if isinstance(h, SqlLookup)]
    return (f"CREATE TEMP TABLE xt_import_rows ON COMMIT DROP AS SELECT s._line, {', '.join(f's.{x}' for x in names)}, "  # noqa: S608
            f"(s._ok_lookups AND {' AND '.join(outer_oks) or 'true'}) AS _ok FROM ({inner}) s")


def _check_clean_rows(spec: ImportSpec, *, prepared: bool, max_errors: int) -> list[RowError]:
    """``spec.check_row`` on every row SQL typed cleanly (the row path runs it on every row): the
    rows are streamed from ``xt_import_rows`` by a server-side cursor, as the dicts the row path's
    parsers give (typed cells, the look-ups' ids), so memory stays bounded."""
    if type(spec).check_row is ImportSpec.check_row:
        return []
    if not prepared:
        spec.prepare()
    names = [c.name for c in spec.columns] + [h.target for h in spec.copy_cells.values() if isinstance(h, SqlLookup)]
    headers_by_name = {c.name: c.header for c in spec.columns}
    errors: list[RowError] = []
    with connection.connection.cursor(name="xt_import_check") as cur:  # a server-side cursor (psycopg)
        cur.itersize = 5000
        cur.execute(f"SELECT _line, {', '.join(names)} FROM xt_import_rows WHERE _ok ORDER BY _line")  # noqa: S608
        for record in cur:
            row = dict(zip(["_line", *names], record, strict=True))
            spec.check_row(row, _error_collector(errors, row["_line"], headers_by_name))
            if len(errors) >= max_errors:
                break
    return errors


def _check_suspects(spec: ImportSpec, path, mapping, suspects: list[int]) -> tuple[list[RowError], list[int]]:
    """Read the suspect lines again and check them the row path's way: their errors, and the lines
    that are blank after all. A suspect without a problem means the row path must decide."""
    if not suspects:
        return [], []
    spec.prepare()
    wanted = set(suspects)
    last = suspects[-1]
    headers_by_name = {c.name: c.header for c in spec.columns}
    errors: list[RowError] = []
    blank: list[int] = []
    rows = iter_rows(path)
    try:
        next(rows)
        for line, cells in rows:
            if line > last:
                break
            if line not in wanted:
                continue
            if _is_blank(cells):
                blank.append(line)
                continue
            _row, problems = _parse_cells(spec, mapping, headers_by_name, line, cells)
            if not problems:
                raise _GiveWay
            errors.extend(problems)
    finally:
        rows.close()
    return errors, blank
