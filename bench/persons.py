"""Person layer at city scale (issue 12; not part of the test suite).

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/xt_persons_bench .venv/bin/python manage.py migrate
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/xt_persons_bench .venv/bin/python bench/persons.py load
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/xt_persons_bench .venv/bin/python bench/persons.py import [--rows 1000000]
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/xt_persons_bench .venv/bin/python bench/persons.py screen [--runs 2]
    DATABASE_URL=... REDIS_URL=redis://127.0.0.1:6391/3 .venv/bin/python bench/persons.py celery

``load`` fills the database (PostgreSQL) with 50,000 enterprises (``bench/synth.py``), 500,000
persons, 24 months of contributions (2023-01…2024-12) for those employed (≈ 8.5M rows), 60,000
labour contracts starting in 2024 (plus 20,000 earlier ones), 40,000 certificates issued in 2024
(plus 5,000 in 2023) and 40,000 unemployment registrations — persons by COPY, the rest by
set-based SQL; deterministic. Nothing generated is kept in git.

``import`` writes a contributions CSV (the template's Chinese headers) of ``--rows`` rows for
months 2025-01… (new rows) and times ``import_person_contributions`` (the kernel import through
``enterprises.services.registry_import_file``) on it three times — new rows, the same file again
(every row stored already with the same figures), and the file with another pension figure on every
row (every row rewritten) — with the process's peak RSS, against psycopg COPY of the same file into
an unlogged scratch table in the same run. The imported rows are removed (and the table vacuumed)
before and afterwards.

``screen`` times ``manage.py screen_subsidy job_expansion|skill_upgrade --year 2024 --dry-run
--json`` (a subprocess, as an operator runs it) against a hand-written SQL reference computing
the same decisions (one query per scheme), and checks they agree on every contract/certificate.

``celery`` runs the chunked screening compute path through real Celery workers (1, then 2) on the
given Redis and checks the union of the chunks equals the one-process result.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import io
import json
import os
import subprocess
import sys
import time
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "xingtai_jobs.settings")
os.environ.setdefault("XT_TESTING", "false")
os.environ.setdefault("DJANGO_DEBUG", "true")

import django  # noqa: E402

django.setup()

from django.db import connection, transaction  # noqa: E402

from bench import synth  # noqa: E402

PERSONS = 500_000
WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
SURNAMES = "王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗"
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华"
OCCUPATIONS = [(f"6-{20 + i // 10:02d}-0{i % 10}-01", name) for i, name in enumerate(
    ["焊工", "电工", "车工", "钳工", "铣工", "磨工", "数控车工", "电梯安装维修工", "制冷空调系统安装维修工", "汽车维修工", "育婴员", "保育师", "养老护理员", "家政服务员", "健康管理师", "中式烹调师", "中式面点师", "西式面点师", "美容师", "美发师", "电子商务师", "互联网营销师", "物流服务师", "仓储管理员", "保安员", "消防设施操作员", "茶艺师", "评茶员", "农业技术员", "光伏运维员"])]


def resident_id(i: int, codes: list[str]) -> tuple[str, dt.date]:
    """A valid 18-digit ID: county code, birth date, sequence, check digit (unique per i < 15M)."""
    birth = dt.date(1966, 1, 1) + dt.timedelta(days=i % 15000)  # 1966 … 2007
    seq = (i // 15000) % 1000
    body = f"{codes[i % len(codes)]}{birth:%Y%m%d}{seq:03d}"
    check = "10X98765432"[sum(int(c) * w for c, w in zip(body, WEIGHTS, strict=True)) % 11]
    return body + check, birth


def _h(expr: str, salt: int, mod: int) -> str:
    """A deterministic pseudo-random integer 0 … mod-1 of an SQL integer expression."""
    return f"((((({expr})::bigint * 2654435761 + {salt} * 40503) % 1000003) % {mod})::int)"


def load_persons(cur, regions: dict[str, int]) -> None:
    codes = sorted(c for c in regions if c.startswith("1305") and c[4:6] not in ("71", "72"))
    now = dt.datetime.now(dt.UTC).isoformat()
    buf = io.StringIO()
    w = csv.writer(buf)
    for i in range(PERSONS):
        rid, birth = resident_id(i, codes)
        sex = "male" if int(rid[16]) % 2 else "female"
        name = SURNAMES[i % 20] + GIVEN[(i // 20) % len(GIVEN)] + (GIVEN[(i // 500) % len(GIVEN)] if i % 3 else "")
        education, degree, graduation = "senior_secondary", "", ""
        age_2024 = 2024 - birth.year
        if i % 4 == 0 and age_2024 >= 21:  # a quarter: higher education
            education = ("junior_college", "bachelor", "bachelor", "master")[(i // 4) % 4]
            degree = "regular" if i % 16 else "adult"
            years = {"junior_college": 21, "bachelor": 22, "master": 25}[education]
            graduation = dt.date(birth.year + years, 6, 30) if birth.year + years <= 2025 else ""
        elif i % 4 == 1:
            education = "junior_secondary"
        w.writerow([rid, name, f"13{i:09d}", sex, birth, regions[rid[:6]], education, degree, "合成大学" if degree else "",
                    "合成专业" if degree else "", graduation, now, now])
    cols = ("resident_id, name, phone, sex, birth_date, region_id, education, degree_type, school, major, graduation_date, "
            "created_at, updated_at")
    with cur.copy(f"COPY persons_person ({cols}) FROM STDIN WITH (FORMAT csv, FORCE_NOT_NULL (education, degree_type, school, major))") as copy:
        copy.write(buf.getvalue())


# Employment (one row per person and employer, months from … to), set-based from the persons:
# - 60,000 new hires in 2024 (person id ≡ 0..5 mod 50 among ids < 500,000 → 60,000), at employer E,
#   contract starting on a day of 2024; contributions at E from the start month to 2024-12; one in
#   two of them also had a previous employer from 2023-01 to the month before the start;
# - 3,000 of them hold a second 2024 contract at another employer (once-per-person tie-break);
# - 320,000 established employees with 24 months at one employer (contract starting 2015–2022 for
#   20,000 of them).
EMPLOYMENT_SQL = """
CREATE TEMP TABLE bench_emp (person_id bigint, enterprise_id bigint, from_m date, to_m date, kind int) ON COMMIT DROP;
INSERT INTO bench_emp
SELECT p.id, 1 + {ent_new}, date_trunc('month', DATE '2024-01-01' + {start_day})::date, DATE '2024-12-01', 1
FROM persons_person p WHERE p.id % 50 < 6;
INSERT INTO bench_emp
SELECT p.id, 1 + {ent_prev}, DATE '2023-01-01', (date_trunc('month', DATE '2024-01-01' + {start_day}) - interval '1 month')::date, 2
FROM persons_person p WHERE p.id % 50 < 6 AND p.id % 2 = 0 AND {start_day} >= 31;
INSERT INTO bench_emp
SELECT p.id, 1 + {ent_second}, date_trunc('month', DATE '2024-01-01' + {start_day2})::date, DATE '2024-12-01', 3
FROM persons_person p WHERE p.id % 50 < 6 AND p.id % 20 = 1;
INSERT INTO bench_emp
SELECT p.id, 1 + {ent_old}, DATE '2023-01-01', DATE '2024-12-01', 4
FROM persons_person p WHERE p.id % 50 >= 6 AND p.id % 50 < 38;
"""


def employment_sql(enterprises: int) -> str:
    return EMPLOYMENT_SQL.format(
        ent_new=_h("p.id", 1, enterprises), ent_prev=_h("p.id", 2, enterprises), ent_second=_h("p.id", 3, enterprises),
        ent_old=_h("p.id", 4, enterprises), start_day=_h("p.id", 5, 366), start_day2=_h("p.id", 6, 366))


CONTRIBUTIONS_SQL = """
INSERT INTO persons_personcontribution (person_id, enterprise_id, month, pension_unit, pension_personal, medical_unit,
    medical_personal, ui_unit, ui_personal, injury_unit, in_arrears, updated_at)
SELECT e.person_id, e.enterprise_id, m::date,
       CASE WHEN {r} = 1 THEN 0 ELSE 640.00 END, 320.00, 320.00, 80.00,
       CASE WHEN {r} = 2 THEN 0 ELSE 28.00 END, CASE WHEN {r} = 2 THEN 0 ELSE 12.00 END,
       CASE WHEN {r} = 3 THEN 0 ELSE 16.00 END, {r} = 4, now()
FROM bench_emp e, generate_series(e.from_m, e.to_m, interval '1 month') AS m
WHERE {r} <> 5 OR e.kind = 4;
"""


def contributions_sql() -> str:
    # r: 1 in 60 rows lacks the pension part, 1 in 60 the UI parts, 1 in 60 the injury part, 1 in 60
    # is in arrears; 1 in 60 months of a new hire has no row at all (gaps).
    return CONTRIBUTIONS_SQL.format(r=_h("e.person_id * 31 + extract(month from m)::int * 7 + extract(year from m)::int", 7, 60))


CONTRACTS_SQL = """
INSERT INTO persons_labourcontract (person_id, enterprise_id, starts_on, ends_on, kind)
SELECT e.person_id, e.enterprise_id, DATE '2024-01-01' + {start_day}, NULL, 'fixed' FROM bench_emp e WHERE e.kind = 1;
INSERT INTO persons_labourcontract (person_id, enterprise_id, starts_on, ends_on, kind)
SELECT e.person_id, e.enterprise_id, DATE '2024-01-01' + {start_day2}, DATE '2026-12-31', 'fixed' FROM bench_emp e WHERE e.kind = 3
ON CONFLICT DO NOTHING;
INSERT INTO persons_labourcontract (person_id, enterprise_id, starts_on, ends_on, kind)
SELECT e.person_id, e.enterprise_id, DATE '2015-01-01' + {old_day}, NULL, 'open_ended' FROM bench_emp e
WHERE e.kind = 4 AND e.person_id % 16 = 7;
"""

REGISTRATIONS_SQL = """
-- new hires without a degree: a registration before the start, ended on the start date or open (youth route);
INSERT INTO persons_unemploymentregistration (person_id, region_id, registered_on, ended_on, ui_benefit_from, ui_benefit_to)
SELECT c.person_id, p.region_id, c.starts_on - 40 - {d}, CASE WHEN c.person_id % 3 = 0 THEN NULL ELSE c.starts_on - (c.person_id % 4)::int END,
       NULL, NULL
FROM persons_labourcontract c JOIN persons_person p ON p.id = c.person_id
WHERE c.starts_on >= DATE '2024-01-01' AND p.degree_type = '' AND c.person_id % 5 < 3
ON CONFLICT DO NOTHING;
-- the not-employed: registrations with unemployment-benefit periods (some covering 2024)
INSERT INTO persons_unemploymentregistration (person_id, region_id, registered_on, ended_on, ui_benefit_from, ui_benefit_to)
SELECT p.id, p.region_id, DATE '2023-01-01' + {d2}, NULL, DATE '2023-01-15' + {d2},
       CASE WHEN p.id % 4 = 0 THEN NULL ELSE DATE '2023-07-15' + {d2} END
FROM persons_person p WHERE p.id % 50 >= 38 AND p.id % 3 = 0
ON CONFLICT DO NOTHING;
"""

CERTIFICATES_SQL = """
-- 40,000 certificates issued in 2024 to 28,000 persons (1 to 4 each), 5,000 issued in 2023
CREATE TEMP TABLE bench_cert_person ON COMMIT DROP AS
SELECT p.id AS person_id, row_number() OVER (ORDER BY p.id) AS n FROM persons_person p
WHERE p.id % 50 BETWEEN 4 AND 45 AND p.id % 7 = 3 ORDER BY p.id LIMIT 28000;
INSERT INTO persons_certificate (certificate_no, person_id, kind, occupation_code, occupation_name, level, issued_on, shortage, free_training)
SELECT 'S' || lpad((cp.n * 10 + k)::text, 12, '0'), cp.person_id,
       CASE WHEN k % 2 = 0 THEN 'skill_level' ELSE 'qualification' END,
       o.code, o.name, 1 + {lvl}, DATE '2024-01-01' + {day}, o.shortage, {free} = 0
FROM bench_cert_person cp
JOIN LATERAL generate_series(1, CASE WHEN cp.n <= 4000 THEN 4 WHEN cp.n <= 8000 THEN 2 ELSE 1 END
                                 + CASE WHEN cp.n > 24000 THEN 1 ELSE 0 END) AS k ON true
JOIN LATERAL (SELECT code, name, shortage FROM bench_occ WHERE bench_occ.i = {occ}) o ON true;
"""


def certificates_sql() -> str:
    return CERTIFICATES_SQL.format(
        lvl=_h("cp.n * 5 + k", 8, 5), day=_h("cp.n * 3 + k", 9, 366), free=_h("cp.n + k", 10, 20),
        occ="(" + _h("cp.n", 11, 30) + " + CASE WHEN k = 4 THEN 0 ELSE k / 3 END) % 30")


def load(enterprises: int = 50_000) -> None:
    from xingtai_jobs.core.models import Region

    if connection.vendor != "postgresql":
        raise SystemExit("load needs PostgreSQL (set DATABASE_URL)")
    started = time.perf_counter()
    synth.load(enterprises, "2024-12", "2024-12")
    print(f"enterprises: {time.perf_counter() - started:.0f} s", flush=True)
    regions = dict(Region.objects.values_list("code", "id"))
    with transaction.atomic(), connection.cursor() as cur:
        cur.execute("TRUNCATE persons_person RESTART IDENTITY CASCADE")
        load_persons(cur, regions)
        print(f"persons: {time.perf_counter() - started:.0f} s", flush=True)
        cur.execute("SELECT min(id), max(id) FROM enterprises_enterprise")
        lo, hi = cur.fetchone()
        assert lo == 1 and hi == enterprises, (lo, hi)
        cur.execute("SET session_replication_role = replica")  # generated consistently: skip the FK triggers
        cur.execute(employment_sql(enterprises))
        cur.execute(contributions_sql())
        print(f"contributions: {cur.rowcount} rows, {time.perf_counter() - started:.0f} s", flush=True)
        cur.execute(CONTRACTS_SQL.format(start_day=_h("e.person_id", 5, 366), start_day2=_h("e.person_id", 6, 366),
                                         old_day=_h("e.person_id", 12, 2900)))
        cur.execute(REGISTRATIONS_SQL.format(d=_h("c.person_id", 13, 300), d2=_h("p.id", 14, 500)))
        cur.execute("CREATE TEMP TABLE bench_occ (i int, code text, name text, shortage bool) ON COMMIT DROP")
        with cur.copy("COPY bench_occ FROM STDIN") as copy:
            for i, (code, name) in enumerate(OCCUPATIONS):
                copy.write_row((i, code, name, i % 5 == 0))
        cur.execute(certificates_sql())
        cur.execute("""UPDATE persons_certificate SET issued_on = issued_on - 366
                       WHERE id IN (SELECT id FROM persons_certificate ORDER BY id DESC LIMIT 5000)""")
        cur.execute("SET session_replication_role = origin")
    with connection.cursor() as cur:
        for table in ("persons_person", "persons_personcontribution", "persons_labourcontract", "persons_certificate",
                      "persons_unemploymentregistration"):
            cur.execute(f"VACUUM ANALYZE {table}")  # noqa: S608 - fixed names
        counts = {}
        for table in ("persons_person", "persons_personcontribution", "persons_labourcontract", "persons_certificate",
                      "persons_unemploymentregistration"):
            cur.execute(f"SELECT count(*) FROM {table}")  # noqa: S608 - fixed names
            counts[table] = cur.fetchone()[0]
        cur.execute("SELECT count(*) FROM persons_labourcontract WHERE starts_on BETWEEN '2024-01-01' AND '2024-12-31'")
        counts["contracts in 2024"] = cur.fetchone()[0]
        cur.execute("SELECT count(*) FROM persons_certificate WHERE issued_on BETWEEN '2024-01-01' AND '2024-12-31'")
        counts["certificates in 2024"] = cur.fetchone()[0]
    ensure_rounds()
    print(json.dumps(counts), f"{time.perf_counter() - started:.0f} s", flush=True)


def ensure_rounds() -> None:
    synth.restore_shipped_data()


# --- import_person_contributions ----------------------------------------------------------------

OUT = ROOT / "bench" / "out"


def write_contributions_csv(path: Path, rows: int) -> int:
    """``rows`` rows for months 2025-01, 2025-02, … of the persons employed in 2024-12, in the
    template's Chinese headers (streamed from a server-side cursor)."""
    from persons.imports import PersonContributionImportSpec

    written = 0
    with path.open("w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow([c.header for c in PersonContributionImportSpec.columns])
        month = 1
        while written < rows:
            with connection.cursor() as cur:
                cur.execute("SELECT p.resident_id, e.uscc, c.person_id FROM persons_personcontribution c JOIN persons_person p ON "
                            "p.id = c.person_id JOIN enterprises_enterprise e ON e.id = c.enterprise_id WHERE c.month = '2024-12-01' "
                            "ORDER BY c.person_id, c.enterprise_id LIMIT %s", [rows - written])
                for rid, uscc, pid in cur.fetchall():
                    w.writerow([rid, uscc, f"2025-{month:02d}", "640.00", "320.00", "320.00", "80.00",
                                "28.00" if pid % 40 else "0", "12.00", "16.00", "是" if pid % 97 == 0 else "否"])
                    written += 1
            month += 1
    return written


def _import_child(path: str, row_path: bool) -> None:
    """In a child process: one import, timed, with this process's peak RSS."""
    from django.conf import settings

    from enterprises.services import registry_import_file
    from persons.imports import SPECS

    if row_path:
        settings.XT_IMPORT_COPY_MIN_BYTES = 10**15
    started = time.perf_counter()
    report = registry_import_file(kind="person_contributions", path=path, specs=SPECS)
    seconds = time.perf_counter() - started
    print(json.dumps({"seconds": seconds, "rows": report.rows, "created": report.created, "updated": report.updated,
                      "ok": report.ok, "summary": report.summary()[:200],
                      "peak_rss_mb": _peak_rss_kb() / 1024}))


def _peak_rss_kb() -> int:
    """This process's peak RSS (VmHWM: its own memory; ``ru_maxrss`` keeps, across exec, the peak of
    the parent it was forked from, e.g. a parent that has just written a large import file)."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1])
    import resource

    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss


def _child(path: Path, *, row_path: bool = False) -> dict:
    out = subprocess.run([sys.executable, __file__, "import-child", str(path), *(["--row-path"] if row_path else [])],
                         capture_output=True, text=True, check=True, cwd=ROOT)
    return json.loads(out.stdout.strip().splitlines()[-1])


def copy_reference(path: Path) -> float:
    """psycopg COPY of the same file into an unlogged scratch table (no parsing, no checks)."""
    with connection.cursor() as cur:
        cur.execute("DROP TABLE IF EXISTS bench_copy_ref")
        cur.execute("CREATE UNLOGGED TABLE bench_copy_ref (" + ", ".join(f"c{i} text" for i in range(11)) + ")")
        started = time.perf_counter()
        with cur.copy("COPY bench_copy_ref FROM STDIN WITH (FORMAT csv, HEADER true)") as copy, path.open("rb") as f:
            while block := f.read(1 << 20):
                copy.write(block)
        seconds = time.perf_counter() - started
        cur.execute("DROP TABLE bench_copy_ref")
    return seconds


def _remove_imported() -> None:
    """The bench's imported months removed, and vacuumed (as autovacuum would in time), so that
    every run starts from the same table rather than one full of dead rows and index entries."""
    with connection.cursor() as cur:
        cur.execute("DELETE FROM persons_personcontribution WHERE month >= '2025-01-01'")
        cur.execute("VACUUM persons_personcontribution")


def bench_import(rows: int, row_path_rows: int) -> dict:
    OUT.mkdir(exist_ok=True)
    path = OUT / f"person_contributions_{rows}.csv"
    if not path.exists():
        write_contributions_csv(path, rows)
    _remove_imported()
    load = " ".join(Path("/proc/loadavg").read_text().split()[:3])
    result = {"rows": rows, "file_mb": path.stat().st_size / 1e6, "load_start": load}
    result["copy_s"] = copy_reference(path)
    result["new"] = _child(path)
    result["reimport"] = _child(path)
    changed = OUT / f"person_contributions_{rows}_changed.csv"
    if not changed.exists():  # the same rows with another pension figure: every row rewritten
        with path.open(encoding="utf-8") as src, changed.open("w", encoding="utf-8") as dst:
            for line in src:
                dst.write(line.replace(",640.00,", ",650.00,", 1))
    result["reimport_changed"] = _child(changed)
    _remove_imported()
    if row_path_rows:
        small = OUT / f"person_contributions_{row_path_rows}.csv"
        if not small.exists():
            write_contributions_csv(small, row_path_rows)
        result["row_path"] = _child(small, row_path=True)
        result["row_path_set_based"] = _child(small)  # the same file (every row an update) the set-based way
        _remove_imported()
    result["load_end"] = " ".join(Path("/proc/loadavg").read_text().split()[:3])
    for key in ("new", "reimport", "reimport_changed", "row_path", "row_path_set_based"):
        if key in result:
            r = result[key]
            r["rows_per_s"] = r["rows"] / r["seconds"]
    result["copy_rows_per_s"] = rows / result["copy_s"]
    return result


def print_import(r: dict) -> None:
    print(f"import_person_contributions, {r['rows']:,} rows CSV ({r['file_mb']:.0f} MB); load average {r['load_start']} → {r['load_end']}")
    print(f"  psycopg COPY (reference)      {r['copy_s']:6.1f} s  {r['copy_rows_per_s']:>9,.0f} rows/s")
    for key, label in (("new", "import, new rows"), ("reimport", "re-import, same figures"),
                       ("reimport_changed", "re-import, every row changed"),
                       ("row_path", "row path (forced), new"), ("row_path_set_based", "set-based, same file")):
        if key in r:
            x = r[key]
            print(f"  {label:<29} {x['seconds']:6.1f} s  {x['rows_per_s']:>9,.0f} rows/s  peak RSS {x['peak_rss_mb']:.0f} MB  "
                  f"created {x['created']:,} updated {x['updated']:,}  ok={x['ok']}")


# --- screenings against hand-written SQL ----------------------------------------------------------

JOB_EXPANSION_SQL = """
WITH c AS (
  SELECT c.person_id, c.enterprise_id, c.starts_on, date_trunc('month', c.starts_on)::date AS sm, p.resident_id, p.birth_date,
         (p.education = ANY(%(higher)s) AND p.degree_type = 'regular' AND p.graduation_date IS NOT NULL) AS grad,
         p.graduation_date, e.uscc, e.unit_type, e.dishonest, e.deregistering
  FROM persons_labourcontract c JOIN persons_person p ON p.id = c.person_id JOIN enterprises_enterprise e ON e.id = c.enterprise_id
  WHERE c.starts_on BETWEEN %(hire_from)s AND %(hire_to)s
), f AS (
  SELECT c.*,
    (SELECT count(*) FROM persons_personcontribution pc WHERE pc.person_id = c.person_id AND pc.enterprise_id = c.enterprise_id
       AND pc.month >= c.sm AND pc.month <= %(as_of)s AND pc.pension_unit > 0 AND pc.ui_unit > 0 AND pc.injury_unit > 0
       AND NOT pc.in_arrears) AS paid,
    EXISTS (SELECT 1 FROM persons_personcontribution pc WHERE pc.person_id = c.person_id AND pc.enterprise_id = c.enterprise_id
            AND pc.month = %(as_of)s AND NOT pc.in_arrears) AS insured_now,
    (c.grad AND EXISTS (SELECT 1 FROM persons_personcontribution pc WHERE pc.person_id = c.person_id
                        AND pc.month >= date_trunc('month', c.graduation_date) AND pc.month < c.sm)) AS worked_since,
    EXISTS (SELECT 1 FROM persons_unemploymentregistration u WHERE u.person_id = c.person_id AND u.registered_on <= c.starts_on
            AND (u.ended_on IS NULL OR u.ended_on >= c.starts_on)) AS registered,
    date_part('year', age(c.starts_on, c.birth_date))::int AS age
  FROM c
), b AS (
  SELECT f.*, CASE
      WHEN grad AND date_part('year', graduation_date) = date_part('year', starts_on) THEN 'graduate_in_year'
      WHEN grad AND date_part('year', graduation_date) BETWEEN date_part('year', starts_on) - %(window)s
                                                           AND date_part('year', starts_on) - 1 AND NOT worked_since
        THEN 'graduate_within_2y'
      WHEN registered AND age BETWEEN %(youth_min)s AND %(youth_max)s THEN 'youth_16_24' END AS basis
  FROM f
), d AS (
  SELECT b.*, array_remove(ARRAY[
      CASE WHEN basis IS NULL THEN 'basis' END, CASE WHEN paid < %(min_paid)s THEN 'paid_months' END,
      CASE WHEN NOT insured_now THEN 'still_insured' END, CASE WHEN NOT unit_type = ANY(%(unit_types)s) THEN 'unit_type' END,
      CASE WHEN dishonest THEN 'not_dishonest' END, CASE WHEN deregistering THEN 'not_deregistering' END], NULL) AS failed
  FROM b
), r AS (
  SELECT d.*, cardinality(failed) = 0 AS ok,
         row_number() OVER (PARTITION BY person_id, cardinality(failed) = 0 ORDER BY starts_on, uscc) AS rn
  FROM d
)
SELECT resident_id, uscc, ok AND rn = 1 AS eligible, CASE WHEN ok AND rn = 1 THEN basis END AS basis,
       CASE WHEN ok AND rn = 1 THEN %(amount)s ELSE 0.00 END AS amount,
       CASE WHEN ok AND rn > 1 THEN ARRAY['once_per_person'] ELSE failed END AS failed_checks
FROM r
"""

SKILL_UPGRADE_SQL = """
WITH RECURSIVE base AS (
  SELECT c.person_id, p.resident_id, c.certificate_no, c.issued_on, c.level, c.occupation_code, c.free_training,
         CASE c.level WHEN 5 THEN %(a5)s::numeric WHEN 4 THEN %(a4)s::numeric WHEN 3 THEN %(a3)s::numeric END AS base_amount,
         c.shortage,
         row_number() OVER (PARTITION BY c.person_id ORDER BY c.issued_on, c.certificate_no) AS rn,
         (((SELECT count(DISTINCT pc.month) FROM persons_personcontribution pc WHERE pc.person_id = c.person_id
              AND pc.month <= date_trunc('month', c.issued_on) AND (pc.ui_unit > 0 OR pc.ui_personal > 0) AND NOT pc.in_arrears)
              >= %(min_ui)s
           AND EXISTS (SELECT 1 FROM persons_personcontribution pc WHERE pc.person_id = c.person_id
                       AND pc.month = date_trunc('month', c.issued_on) AND (pc.ui_unit > 0 OR pc.ui_personal > 0) AND NOT pc.in_arrears))
          OR EXISTS (SELECT 1 FROM persons_unemploymentregistration u WHERE u.person_id = c.person_id
                     AND u.ui_benefit_from IS NOT NULL AND u.ui_benefit_from <= c.issued_on
                     AND (u.ui_benefit_to IS NULL OR c.issued_on <= u.ui_benefit_to))) AS insured_or_benefit,
         %(claimed)s::date <= (c.issued_on + make_interval(months => %(claim_months)s))::date AS in_window
  FROM persons_certificate c JOIN persons_person p ON p.id = c.person_id
  WHERE c.issued_on BETWEEN %(window_from)s AND %(window_to)s
), r AS (
  SELECT DISTINCT person_id, 0::bigint AS rn, NULL::text AS resident_id, NULL::text AS certificate_no, NULL::text[] AS failed,
         NULL::numeric AS amount, '{}'::text[] AS g_occ, '{}'::int[] AS g_level, '{}'::int[] AS g_year
  FROM base
  UNION ALL
  SELECT b.person_id, b.rn, b.resident_id, b.certificate_no, x.failed,
         CASE WHEN cardinality(x.failed) = 0 THEN round(b.base_amount * (1 + CASE WHEN b.shortage THEN %(uplift)s::numeric ELSE 0 END), 2)
              ELSE 0.00 END,
         r.g_occ || CASE WHEN cardinality(x.failed) = 0 THEN ARRAY[b.occupation_code::text] ELSE '{}'::text[] END,
         r.g_level || CASE WHEN cardinality(x.failed) = 0 THEN ARRAY[b.level::int] ELSE '{}'::int[] END,
         r.g_year || CASE WHEN cardinality(x.failed) = 0 THEN ARRAY[date_part('year', b.issued_on)::int] ELSE '{}'::int[] END
  FROM r JOIN base b ON b.person_id = r.person_id AND b.rn = r.rn + 1
  CROSS JOIN LATERAL (SELECT array_remove(ARRAY[
      CASE WHEN NOT b.insured_or_benefit THEN 'insured_or_benefit' END,
      CASE WHEN b.base_amount IS NULL THEN 'level_covered' END,
      CASE WHEN b.free_training THEN 'not_free_training' END,
      CASE WHEN NOT b.in_window THEN 'claim_window' END,
      CASE WHEN EXISTS (SELECT 1 FROM unnest(r.g_occ, r.g_level) AS g(occ, lvl) WHERE g.occ = b.occupation_code AND g.lvl = b.level)
           THEN 'same_level_once' END,
      CASE WHEN EXISTS (SELECT 1 FROM unnest(r.g_occ, r.g_level) AS g(occ, lvl) WHERE g.occ = b.occupation_code AND g.lvl < b.level)
           THEN 'no_downgrade' END,
      CASE WHEN (SELECT count(*) FROM unnest(r.g_year) AS y WHERE y = date_part('year', b.issued_on)) >= %(max_per_year)s
           THEN 'yearly_limit' END], NULL) AS failed) x
)
SELECT resident_id, certificate_no, cardinality(failed) = 0 AS eligible, amount, failed AS failed_checks FROM r WHERE rn > 0
"""


def _round_params(code: str) -> dict:
    from subsidies.services import round_for_year, rule_for

    round_ = round_for_year(code, 2024)
    return rule_for(code).prepare(round_.parameters)


def reference(code: str, *, as_of: str) -> tuple[float, list[tuple]]:
    p = _round_params(code)
    if code == "job_expansion":
        sql = JOB_EXPANSION_SQL
        args = {"higher": ["junior_college", "bachelor", "master", "doctor"], "hire_from": p["hire_from"], "hire_to": p["hire_to"],
                "as_of": dt.date(int(as_of[:4]), int(as_of[5:7]), 1), "window": int(p["graduate_window_years"]),
                "youth_min": int(p["youth_min_age"]), "youth_max": int(p["youth_max_age"]), "min_paid": int(p["min_paid_months"]),
                "unit_types": [t.strip() for t in str(p["unit_types"]).split(",") if t.strip()], "amount": Decimal(p["amount"])}
    else:
        sql = SKILL_UPGRADE_SQL
        args = {"a5": p.get("amount_level_5"), "a4": p.get("amount_level_4"), "a3": p.get("amount_level_3"),
                "min_ui": int(p["min_ui_months"]), "claimed": dt.date.fromisoformat(as_of), "claim_months": int(p["claim_window_months"]),
                "window_from": p["window_from"], "window_to": p["window_to"], "uplift": Decimal(p["shortage_uplift"]),
                "max_per_year": int(p["max_per_year"])}
    with connection.cursor() as cur:
        started = time.perf_counter()
        cur.execute(sql, args)
        rows = cur.fetchall()
        seconds = time.perf_counter() - started
    out = []
    for row in rows:
        if code == "job_expansion":
            rid, uscc, eligible, basis, amount, failed = row
            out.append((rid, uscc, eligible, basis, f"{Decimal(amount):.2f}", tuple(failed)))
        else:
            rid, number, eligible, amount, failed = row
            out.append((rid, number, eligible, f"{Decimal(amount):.2f}", tuple(failed)))
    return seconds, out


def command(code: str, *, as_of: str) -> tuple[float, list[tuple]]:
    """``manage.py screen_subsidy CODE --year 2024 --as-of AS_OF --dry-run --json`` as an operator runs it."""
    started = time.perf_counter()
    out = subprocess.run([sys.executable, "manage.py", "screen_subsidy", code, "--year", "2024", "--as-of", as_of, "--dry-run",
                          "--json"], capture_output=True, text=True, check=True, cwd=ROOT)
    seconds = time.perf_counter() - started
    rows = json.loads(out.stdout)
    if code == "job_expansion":
        return seconds, [(r["resident_id"], r["uscc"], r["eligible"], r["basis"], r["amount"], tuple(r["failed_checks"])) for r in rows]
    return seconds, [(r["resident_id"], r["certificate_no"], r["eligible"], r["amount"], tuple(r["failed_checks"])) for r in rows]


def in_process(code: str, *, as_of: str) -> float:
    from subsidies.services import parse_as_of, person_screening_compute, round_for_year

    round_ = round_for_year(code, 2024)
    started = time.perf_counter()
    person_screening_compute(round_=round_, as_of=parse_as_of(as_of)[0])
    return time.perf_counter() - started


AS_OF = {"job_expansion": "2024-12", "skill_upgrade": "2025-03-31"}


def bench_screen(runs: int) -> dict:
    from collections import Counter

    result: dict = {"load_start": " ".join(Path("/proc/loadavg").read_text().split()[:3])}
    for code, as_of in AS_OF.items():
        sql_times, cmd_times, proc_times = [], [], []
        for _ in range(runs):  # interleaved: reference, command, in-process
            t_sql, ref = reference(code, as_of=as_of)
            t_cmd, ours = command(code, as_of=as_of)
            t_proc = in_process(code, as_of=as_of)
            sql_times.append(t_sql)
            cmd_times.append(t_cmd)
            proc_times.append(t_proc)
        a, b = Counter(ours), Counter(ref)
        diff = list((a - b).items())[:5], list((b - a).items())[:5]
        assert a == b, f"{code}: the command and the SQL reference disagree, e.g. ours {diff[0]} / reference {diff[1]}"
        eligible = sum(1 for r in ours if r[2])
        failed = Counter(c for r in ours for c in r[-1])
        result[code] = {"objects": len(ours), "eligible": eligible, "as_of": as_of, "failed": dict(failed),
                        "sql_s": min(sql_times), "command_s": min(cmd_times), "in_process_s": min(proc_times),
                        "sql_all": sql_times, "command_all": cmd_times, "in_process_all": proc_times}
    result["load_end"] = " ".join(Path("/proc/loadavg").read_text().split()[:3])
    return result


def print_screen(r: dict) -> None:
    print(f"screenings, round 2024 (load average {r['load_start']} → {r['load_end']}; best of the interleaved runs)")
    for code in AS_OF:
        x = r[code]
        print(f"  {code} --as-of {x['as_of']}: {x['objects']:,} objects, {x['eligible']:,} eligible; every object equal to the SQL reference")
        print(f"    reference SQL                {x['sql_s']:6.2f} s")
        print(f"    command (--dry-run --json)   {x['command_s']:6.2f} s = {x['command_s'] / x['sql_s']:.2f}x SQL")
        print(f"    compute in-process           {x['in_process_s']:6.2f} s = {x['in_process_s'] / x['sql_s']:.2f}x SQL")
        print(f"    failed checks: {json.dumps(x['failed'])}")


# --- chunked screening through real Celery workers --------------------------------------------------


def _chunks(code: str, n: int) -> list[list[int]]:
    sql = ("SELECT DISTINCT person_id FROM persons_labourcontract WHERE starts_on BETWEEN '2024-01-01' AND '2024-12-31' ORDER BY 1"
           if code == "job_expansion" else
           "SELECT DISTINCT person_id FROM persons_certificate WHERE issued_on BETWEEN '2024-01-01' AND '2024-12-31' ORDER BY 1")
    with connection.cursor() as cur:
        cur.execute(sql)
        ids = [pid for (pid,) in cur.fetchall()]
    size = -(-len(ids) // n)
    return [ids[i:i + size] for i in range(0, len(ids), size)]


def _workers(count: int, env: dict):
    procs = []
    for i in range(count):
        procs.append(subprocess.Popen(
            [sys.executable, "-m", "celery", "-A", "xingtai_jobs", "worker", "--include", "bench.persons_tasks", "-c", "1",
             "-n", f"benchpersons{i}@%h", "--loglevel", "WARNING", "--without-gossip", "--without-mingle"],
            cwd=ROOT, env=env, start_new_session=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL))
    return procs


def bench_celery(broker: str, chunks: int) -> dict:
    import signal
    from collections import Counter

    from bench.persons_tasks import decide_chunk

    env = {**os.environ, "CELERY_BROKER_URL": broker, "CELERY_RESULT_BACKEND": broker}
    result: dict = {"load_start": " ".join(Path("/proc/loadavg").read_text().split()[:3]), "chunks": chunks}
    from celery import Celery

    app = Celery(broker=broker, backend=broker)
    for code, as_of in AS_OF.items():
        parts = _chunks(code, chunks)
        started = time.perf_counter()
        whole = Counter(tuple(tuple(x) if isinstance(x, list) else x for x in row)
                        for row in decide_chunk(code, [pid for part in parts for pid in part], as_of))
        result[f"{code}_one_process_s"] = time.perf_counter() - started
        for workers in (1, 2):
            procs = _workers(workers, env)
            try:
                deadline = time.time() + 60
                while len(app.control.ping(timeout=1.0) or []) < workers and time.time() < deadline:
                    time.sleep(0.5)
                started = time.perf_counter()
                pending = [app.send_task("bench.person_screening_chunk", args=[code, part, as_of]) for part in parts]
                rows = [row for p in pending for row in p.get(timeout=600)]
                seconds = time.perf_counter() - started
            finally:
                for proc in procs:
                    os.killpg(proc.pid, signal.SIGTERM)
                for proc in procs:
                    proc.wait(timeout=30)
            got = Counter(tuple(tuple(x) if isinstance(x, list) else x for x in row) for row in rows)
            assert got == whole, f"{code}: {workers} worker(s) disagree with the one-process result"
            result[f"{code}_{workers}_workers_s"] = seconds
            result[f"{code}_objects"] = sum(got.values())
    result["load_end"] = " ".join(Path("/proc/loadavg").read_text().split()[:3])
    return result


def print_celery(r: dict) -> None:
    print(f"chunked screening compute, {r['chunks']} chunks by person, real Celery workers (load average {r['load_start']} → "
          f"{r['load_end']}); every chunked result equal to the one-process result")
    for code in AS_OF:
        print(f"  {code}: {r[code + '_objects']:,} objects; one process {r[code + '_one_process_s']:.1f} s, "
              f"1 worker {r[code + '_1_workers_s']:.1f} s, 2 workers {r[code + '_2_workers_s']:.1f} s")


def main() -> None:
    p = argparse.ArgumentParser()
    sub = p.add_subparsers(dest="cmd", required=True)
    sub.add_parser("load")
    imp = sub.add_parser("import")
    imp.add_argument("--rows", type=int, default=1_000_000)
    imp.add_argument("--row-path-rows", type=int, default=200_000)
    child = sub.add_parser("import-child")
    child.add_argument("path")
    child.add_argument("--row-path", action="store_true")
    scr = sub.add_parser("screen")
    scr.add_argument("--runs", type=int, default=2)
    cel = sub.add_parser("celery")
    cel.add_argument("--chunks", type=int, default=8)
    args = p.parse_args()
    if args.cmd == "celery":
        ensure_rounds()
        r = bench_celery(os.environ.get("CELERY_BROKER_URL") or os.environ["REDIS_URL"], args.chunks)
        print_celery(r)
        OUT.mkdir(exist_ok=True)
        (OUT / "persons_celery.json").write_text(json.dumps(r, indent=1))
    if args.cmd == "screen":
        ensure_rounds()
        r = bench_screen(args.runs)
        print_screen(r)
        OUT.mkdir(exist_ok=True)
        (OUT / "persons_screen.json").write_text(json.dumps(r, indent=1, default=str))
    if args.cmd == "load":
        load()
    elif args.cmd == "import-child":
        _import_child(args.path, args.row_path)
    elif args.cmd == "import":
        r = bench_import(args.rows, args.row_path_rows)
        print_import(r)
        OUT.mkdir(exist_ok=True)
        (OUT / "persons_import.json").write_text(json.dumps(r, indent=1))


if __name__ == "__main__":
    main()
