"""Where ``import_person_contributions`` spends its time (issue 12; not part of the test suite).

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/xt_imports .venv/bin/python bench/persons_import_profile.py bench/out/person_contributions_200000.csv

(the file as ``bench/persons.py import --rows 200000`` writes it). Imports it twice in this process
(new rows, then the same file again), printing every SQL statement over 0.1 s with its wall time and
the PostgreSQL backend's CPU time (``/proc/<pid>/stat``: the machine is shared, so CPU time is the
steadier figure), and the time from the last statement to the end (the commit: the deferred
foreign-key checks). The imported months are removed and vacuumed before and after.
"""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "xingtai_jobs.settings")
os.environ.setdefault("DJANGO_DEBUG", "true")

import django  # noqa: E402

django.setup()

from django.db import connection  # noqa: E402

from enterprises.services import registry_import_file  # noqa: E402
from persons.imports import SPECS  # noqa: E402

TICKS = os.sysconf("SC_CLK_TCK")


def backend_cpu(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / TICKS


def remove_imported() -> None:
    with connection.cursor() as cur:
        cur.execute("DELETE FROM persons_personcontribution WHERE month >= '2025-01-01'")
        cur.execute("VACUUM persons_personcontribution")


def main(path: str) -> None:
    with connection.cursor() as cur:
        cur.execute("SELECT pg_backend_pid()")
        pid = cur.fetchone()[0]
    lines: list[str] = []
    last = [0.0]

    def timed(execute, sql, params, many, context):
        started, cpu = time.perf_counter(), backend_cpu(pid)
        try:
            return execute(sql, params, many, context)
        finally:
            last[0] = time.perf_counter()
            if last[0] - started > 0.1:
                lines.append(f"    {last[0] - started:6.2f} s wall {backend_cpu(pid) - cpu:6.2f} s server CPU  {sql[:70]}")

    remove_imported()
    for label in ("new rows", "same file again"):
        lines.clear()
        started, cpu = time.perf_counter(), backend_cpu(pid)
        with connection.execute_wrapper(timed):
            report = registry_import_file(kind="person_contributions", path=path, specs=SPECS)
        end = time.perf_counter()
        print(f"{label}: {end - started:.2f} s wall, {backend_cpu(pid) - cpu:.2f} s server CPU; {report.summary()}; "
              f"load {' '.join(Path('/proc/loadavg').read_text().split()[:3])}")
        print("\n".join(lines))
        print(f"    {end - last[0]:6.2f} s after the last statement (the commit: deferred foreign-key checks)")
    remove_imported()


if __name__ == "__main__":
    main(sys.argv[1])
