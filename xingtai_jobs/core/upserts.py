"""Upserts of import rows by a unique key, the kernel's one way (ADR 0025): ``upsert`` for the row
path's chunks (dicts of model field values), ``copy_upsert`` for the set-based path's typed clean rows,
``copy_upsert_raw`` for the whole file in one statement straight from the COPY table. Each returns how
many rows it created and updated (PostgreSQL tells them apart by ``xmax``)."""

from __future__ import annotations

from django.db import connection

from xingtai_jobs.core import clock
from xingtai_jobs.core.imports_copy import SqlLookup


def upsert(model, rows: list[dict], *, unique: list[str], fields: list[str],
           insert_only: tuple[str, ...] | list[str] = ()) -> tuple[int, int]:
    """Insert or update ``rows`` (dicts of model field values) by the ``unique`` fields; returns
    (created, updated). PostgreSQL tells inserts from updates by ``xmax``; elsewhere by a look-up."""
    if not rows:
        return 0, 0
    if connection.vendor == "postgresql":
        return _upsert_postgresql(model, rows, unique=unique, fields=fields, insert_only=insert_only)
    lookup = {tuple(r[u] for u in unique) for r in rows}
    filters = {f"{unique[0]}__in": {k[0] for k in lookup}}
    existing = {tuple(v) for v in model.objects.filter(**filters).values_list(*unique)}
    updated = sum(1 for k in lookup if k in existing)
    model.objects.bulk_create([model(**r) for r in rows], update_conflicts=True, unique_fields=unique,
                              update_fields=[f for f in fields if f not in unique and f not in insert_only])
    return len(rows) - updated, updated


def copy_upsert(cursor, model, source: str, *, unique: list[str], fields: list[str],
                values: dict[str, str] | None = None) -> tuple[int, int]:
    """The set-based path's write: insert or update every row of ``source`` (the kernel's typed
    clean rows) by ``unique`` in one statement; ``values``: SQL for fields not in the source
    (e.g. ``now()``). Returns (created, updated), told apart by ``xmax``."""
    meta = model._meta
    columns = [meta.get_field(f).column for f in fields]
    exprs = [(values or {}).get(f, f"s.{f}") for f in fields]
    conflict = ", ".join(meta.get_field(u).column for u in unique)
    updates = ", ".join(f"{c} = EXCLUDED.{c}" for c, f in zip(columns, fields, strict=True) if f not in unique)
    cursor.execute(
        f"WITH w AS (INSERT INTO {meta.db_table} ({', '.join(columns)}) SELECT {', '.join(exprs)} FROM {source} s "  # noqa: S608
        f"ORDER BY {', '.join(f's.{u}' for u in unique)} "  # in the unique index's order: fewer pages touched
        f"ON CONFLICT ({conflict}) DO UPDATE SET {updates} RETURNING (xmax = 0) AS fresh) "
        "SELECT count(*) FILTER (WHERE fresh), count(*) FILTER (WHERE NOT fresh) FROM w")
    created, updated = cursor.fetchone()
    return created, updated


def copy_upsert_raw(spec, cursor, model, raw: str, index_of: dict[str, int], *, unique: list[str], fields: list[str],
                    values: dict[str, str] | None = None) -> tuple[int, int, int] | None:
    """The set-based path's write in one statement (``imports_copy._write_at_once``), straight from
    the COPY table ``raw`` (text columns ``c<i>``; ``index_of``: column name -> i): every cell typed by
    the spec's own SqlCell (the kernel's predicate, on the trimmed text) or resolved by its SqlLookup,
    the rows whose every cell is plainly valid kept, and those upserted by ``unique`` unless a key
    repeats among them. Returns (rows kept, created, updated), or None when a key repeats (nothing
    written). A kept row equal to the stored one is not rewritten (no new row version, no index
    entries, no foreign-key checks); it counts as updated, as on the row path. Only a spec whose
    ``check_row`` does no more than resolve its look-ups may use it (the kernel then runs no
    ``check_row``)."""
    if any(not col.required for col in spec.columns):
        return None  # a blank optional cell: the typing step below tells it from a bad one
    meta = model._meta
    this_month = f"DATE '{clock.today().replace(day=1).isoformat()}'"
    trimmed = ", ".join(f"btrim(c{i}) AS v{i}" for i in sorted(set(index_of.values())))
    typed, out, joins, keep = [], [], [], []
    for j, col in enumerate(spec.columns):
        how, v = spec.copy_cells[col.name], f"r.v{index_of[col.name]}"
        if isinstance(how, SqlLookup):
            typed.append(f"{v} AS {col.name}")
            joins.append(f"JOIN {how.table} l{j} ON l{j}.{how.column} = t.{col.name}")
            out.append(f"l{j}.{how.id_column} AS {how.target}")
            continue
        accepts = how.accepts.replace("{v}", v).replace("{this_month}", this_month)
        typed.append(f"CASE WHEN {v} <> '' AND ({accepts}) THEN {how.value.replace('{v}', v)} END AS {col.name}")
        out.append(f"t.{col.name}")
        keep.append(f"t.{col.name} IS NOT NULL")
    columns = [meta.get_field(f).column for f in fields]
    exprs = [(values or {}).get(f, f"s.{f}") for f in fields]
    key = ", ".join(unique)
    conflict = ", ".join(meta.get_field(u).column for u in unique)
    changing = [(c, f) for c, f in zip(columns, fields, strict=True) if f not in unique]
    compared = [c for c, f in changing if f not in (values or {})]
    # OFFSET 0 fences: each cell trimmed once; the look-ups' joins planned for every row of the file
    # (with the checks below them, the planner would expect a handful and look each key up by index)
    sql = (
        f"WITH src AS MATERIALIZED (SELECT {', '.join(out)} FROM (SELECT {', '.join(typed)} "  # noqa: S608 - generated names
        f"FROM (SELECT {trimmed} FROM {raw} OFFSET 0) r OFFSET 0) t {' '.join(joins)} WHERE {' AND '.join(keep) or 'true'}), "
        f"dup AS (SELECT 1 FROM src GROUP BY {key} HAVING count(*) > 1 LIMIT 1), "
        f"w AS (INSERT INTO {meta.db_table} AS x ({', '.join(columns)}) SELECT {', '.join(exprs)} FROM src s "
        f"WHERE NOT EXISTS (SELECT 1 FROM dup) ORDER BY {', '.join(f's.{u}' for u in unique)} "
        f"ON CONFLICT ({conflict}) DO UPDATE SET {', '.join(f'{c} = EXCLUDED.{c}' for c, _f in changing)} "
        f"WHERE ({', '.join(f'x.{c}' for c in compared)}) IS DISTINCT FROM ({', '.join(f'EXCLUDED.{c}' for c in compared)}) "
        "RETURNING (xmax = 0) AS fresh) "
        "SELECT (SELECT count(*) FROM src), EXISTS (SELECT 1 FROM dup), (SELECT count(*) FROM w WHERE fresh)")
    cursor.execute("SELECT current_setting('work_mem')")
    work_mem = cursor.fetchone()[0]
    cursor.execute("SELECT set_config('work_mem', '64MB', true)")  # the file's rows hashed and sorted in memory
    cursor.execute(sql)
    kept, repeated, created = cursor.fetchone()
    cursor.execute("SELECT set_config('work_mem', %s, true)", [work_mem])
    if repeated:
        return None
    return kept, created, kept - created




def _upsert_postgresql(model, rows, *, unique, fields, insert_only=()) -> tuple[int, int]:
    meta = model._meta
    columns = [meta.get_field(f).column for f in fields]
    types = [meta.get_field(f).db_type(connection) for f in fields]
    conflict = ", ".join(meta.get_field(u).column for u in unique)
    updates = ", ".join(f"{c} = EXCLUDED.{c}" for c, f in zip(columns, fields, strict=True)
                        if f not in unique and f not in insert_only)
    arrays = ", ".join(f"%s::{t.split('(')[0] if not t.startswith('numeric') else 'numeric'}[]" for t in types)
    sql = (f"INSERT INTO {meta.db_table} ({', '.join(columns)}) SELECT * FROM unnest({arrays}) "  # noqa: S608 - names from the model
           f"ON CONFLICT ({conflict}) DO UPDATE SET {updates} RETURNING (xmax = 0)")
    with connection.cursor() as cur:
        cur.execute(sql, [[r[f] for r in rows] for f in fields])
        inserted = sum(1 for (fresh,) in cur.fetchall() if fresh)
    return inserted, len(rows) - inserted
