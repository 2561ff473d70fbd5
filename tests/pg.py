"""The PostgreSQL concurrency harness of the tests: a fixture that skips off PostgreSQL, a race of
callables released together (each on its own connection), and a second process that is killed
with SIGKILL after it printed a given number of lines (a crash mid-run).

    from tests.pg import killed_after, race, require_postgres  # noqa: F401 - require_postgres is a fixture

    pytestmark = [pytest.mark.postgres_only, pytest.mark.django_db(transaction=True),
                  pytest.mark.usefixtures("require_postgres")]
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from django.db import connection, connections

ROOT = Path(__file__).resolve().parents[1]

# What a second process needs before it can import the portal's code (format with ``root=ROOT``).
SCRIPT_HEADER = """
import os, sys, time, django
sys.path.insert(0, {root!r})
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "xingtai_jobs.settings")
django.setup()
"""


@pytest.fixture
def require_postgres():
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL (concurrent transactions, row locks, a second process)")


def race(*fns: Callable[[], Any], timeout: float = 60) -> list[Any]:
    """Run each callable in its own thread, all released by one barrier; what each returned or
    raised, in order. Each thread closes its connections when done."""
    barrier = threading.Barrier(len(fns))
    results: list[Any] = [None] * len(fns)

    def run(i: int, fn: Callable[[], Any]) -> None:
        try:
            barrier.wait()
            results[i] = fn()
        except Exception as exc:  # noqa: BLE001 - the test inspects what each thread got
            results[i] = exc
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(i, fn)) for i, fn in enumerate(fns)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout)
    return results


def process_env(*, testing: bool = True) -> dict[str, str]:
    """The environment of a second process on the test database (``testing=False`` drops
    ``XT_TESTING``, so the process runs with the settings of a worker)."""
    db = connection.settings_dict
    env = dict(os.environ, DATABASE_URL=f"postgres://{db['USER']}@{db['HOST']}:{db['PORT']}/{db['NAME']}", DJANGO_DEBUG="true")
    if not testing:
        env.pop("XT_TESTING", None)
    return env


def killed_after(body: str, lines: int, *, testing: bool = True, timeout: float = 20) -> list[str]:
    """Start ``python -c SCRIPT_HEADER + body`` on the test database, read its standard output and
    kill it (SIGKILL) once it printed ``lines`` lines; the lines read. Fails the test when the
    process ended by itself before."""
    script = SCRIPT_HEADER.format(root=str(ROOT)) + body
    proc = subprocess.Popen([sys.executable, "-c", script], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            env=process_env(testing=testing), cwd=ROOT)
    seen: list[str] = []
    assert proc.stdout is not None and proc.stderr is not None
    for line in proc.stdout:
        seen.append(line.strip())
        if len(seen) == lines:
            os.kill(proc.pid, signal.SIGKILL)
            break
    proc.wait(timeout)
    assert proc.returncode == -signal.SIGKILL, proc.stderr.read()
    return seen
