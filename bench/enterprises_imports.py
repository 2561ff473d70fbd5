"""Time the two registry imports on PostgreSQL against a raw COPY of the same rows.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/xt_bench_enterprises \
        .venv/bin/python bench/enterprises_imports.py --enterprises 50000 --months 12

Steps: write the import files with bench/synth.py (CSV; --xlsx also times a smaller .xlsx),
empty the registry tables, run ``manage.py import_enterprises`` and ``import_insurance_months``
as child processes (wall time and the child's own peak RSS via os.wait4 / getrusage), run the
enterprise import a second time (the update path), then COPY the same CSV rows with psycopg into
an unlogged scratch table as the reference. Not part of the test suite.
"""

from __future__ import annotations

import argparse
import csv
import os
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))
os.environ.setdefault("DJANGO_DEBUG", "true")

import synth  # noqa: E402  (sets up Django)
from django.db import connection  # noqa: E402


def run_child(args: list[str]) -> tuple[float, float, int, str, float]:
    """(wall seconds, peak RSS MB of the child, exit status, output tail, CPU seconds of the child)."""
    start = time.perf_counter()
    proc = subprocess.Popen([sys.executable, "manage.py", *args, "--skip-checks"], cwd=ROOT, stdout=subprocess.PIPE,
                            stderr=subprocess.STDOUT, env=os.environ.copy())
    out = proc.stdout.read().decode()
    _pid, status, usage = os.wait4(proc.pid, 0)
    proc.returncode = os.waitstatus_to_exitcode(status)
    tail = out.strip().splitlines()[-1] if out.strip() else ""
    return time.perf_counter() - start, usage.ru_maxrss / 1024, proc.returncode, tail, usage.ru_utime + usage.ru_stime


def count_rows(path: Path) -> int:
    with path.open(encoding="utf-8") as fh:
        return sum(1 for _ in fh) - 1


def copy_reference(path: Path, table: str, columns: list[str]) -> float:
    """Raw psycopg COPY of the same CSV (text columns, no validation, no upsert)."""
    with connection.cursor() as cur:
        cur.execute(f"DROP TABLE IF EXISTS {table}")
        cur.execute(f"CREATE UNLOGGED TABLE {table} ({', '.join(c + ' text' for c in columns)})")
    start = time.perf_counter()
    with connection.cursor() as cur, path.open(encoding="utf-8") as fh:
        next(fh)
        with cur.copy(f"COPY {table} FROM STDIN WITH (FORMAT csv)") as copy:
            while block := fh.read(1 << 20):
                copy.write(block)
    seconds = time.perf_counter() - start
    with connection.cursor() as cur:
        cur.execute(f"DROP TABLE {table}")
    return seconds


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--enterprises", type=int, default=50000)
    parser.add_argument("--months", type=int, default=12)
    parser.add_argument("--out", default="bench/out")
    parser.add_argument("--xlsx", type=int, default=0, help="also time an .xlsx enterprise import of this many rows")
    opts = parser.parse_args()
    if connection.vendor != "postgresql":
        raise SystemExit("set DATABASE_URL to the PostgreSQL bench database (xt_bench_enterprises)")
    out = ROOT / opts.out
    t0 = time.perf_counter()
    with open("/proc/loadavg") as fh:
        print("load average before:", fh.read().split()[:3], "cores:", os.cpu_count())
    paths = synth.write_files(opts.enterprises, opts.months, out, xlsx=False)
    print(f"files written in {time.perf_counter() - t0:.1f} s: {paths['enterprises_csv'].name}, {paths['insurance_csv'].name}")
    with connection.cursor() as cur:
        cur.execute("TRUNCATE enterprises_insurancemonth, enterprises_employmentreport, enterprises_labourdispute RESTART IDENTITY CASCADE")
        cur.execute("DELETE FROM core_user WHERE role = 'enterprise_user'")
        cur.execute("UPDATE core_user SET enterprise_id = NULL WHERE enterprise_id IS NOT NULL")
        cur.execute("TRUNCATE enterprises_enterprise RESTART IDENTITY CASCADE")
    connection.close()

    seconds, rss, status, _tail, cpu = run_child(["import_enterprises", "--help"])
    print(f"{'start-up only (import_enterprises --help)':46s} {'':>7s}      {seconds:6.1f} s {'':>7s}        | CPU {cpu:5.1f} s "
          f"{'':>7s}             | peak RSS {rss:4.0f} MB | exit {status}")
    for label, command, path in (
        ("import_enterprises (new)", "import_enterprises", paths["enterprises_csv"]),
        ("import_insurance_months (new)", "import_insurance_months", paths["insurance_csv"]),
        ("import_enterprises (re-import: updates)", "import_enterprises", paths["enterprises_csv"]),
        ("import_insurance_months (re-import: updates)", "import_insurance_months", paths["insurance_csv"]),
    ):
        rows = count_rows(path)
        seconds, rss, status, tail, cpu = run_child([command, str(path)])
        print(f"{label:46s} {rows:>7d} rows {seconds:6.1f} s {rows / seconds:7.0f} rows/s | CPU {cpu:5.1f} s "
              f"{rows / cpu:7.0f} rows/CPU-s | peak RSS {rss:4.0f} MB | exit {status} {tail}")

    if opts.xlsx:
        from openpyxl import Workbook

        xlsx = out / f"enterprises_{opts.xlsx}.xlsx"
        wb = Workbook(write_only=True)
        ws = wb.create_sheet("data")
        with paths["enterprises_csv"].open(encoding="utf-8") as fh:
            for k, row in enumerate(csv.reader(fh)):
                if k > opts.xlsx:
                    break
                ws.append(row)
        wb.save(xlsx)
        seconds, rss, status, tail, cpu = run_child(["import_enterprises", str(xlsx)])
        print(f"{'import_enterprises .xlsx (updates)':46s} {opts.xlsx:>7d} rows {seconds:6.1f} s {opts.xlsx / seconds:7.0f} rows/s | "
              f"CPU {cpu:5.1f} s {opts.xlsx / cpu:7.0f} rows/CPU-s | peak RSS {rss:4.0f} MB | exit {status}")

    for label, path, columns in (
        ("reference: COPY enterprises csv", paths["enterprises_csv"], ["c" + str(i) for i in range(13)]),
        ("reference: COPY insurance csv", paths["insurance_csv"], ["c" + str(i) for i in range(7)]),
    ):
        rows = count_rows(path)
        seconds = copy_reference(path, "bench_copy_scratch", columns)
        print(f"{label:46s} {rows:>7d} rows {seconds:6.1f} s {rows / seconds:7.0f} rows/s")


    with open("/proc/loadavg") as fh:
        print("load average after:", fh.read().split()[:3])


if __name__ == "__main__":
    main()
