"""PostgreSQL: two staff approving the same entitlement at once (exactly one wins), and a planning run
killed mid-way then re-run gives the same lines as one clean run."""

from __future__ import annotations

import datetime as dt
import os
import signal
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from django.db import connection, connections

from entitlements import services
from entitlements.models import Entitlement, EntitlementLine
from tests.entitlements.conftest import ensure_round, hardship_case, month
from tests.factories import EnterpriseFactory, make_uscc
from xingtai_jobs.core.errors import DomainError

pytestmark = [pytest.mark.postgres_only, pytest.mark.django_db(transaction=True)]
ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(autouse=True)
def _postgres():
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL (concurrent transactions, a second process)")


def _race(*fns):
    barrier = threading.Barrier(len(fns))
    results: list = [None] * len(fns)

    def run(i, fn):
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
        t.join(60)
    return results


def test_two_staff_approving_at_once_exactly_one_wins(region_a, city_officer, county_officer):
    round_ = ensure_round("si_hardship")
    hardship_case(region_a, EnterpriseFactory(uscc=make_uscc(7301), region=region_a))
    services.record_plan(round_=round_, through=month(2024, 6))
    ent = services.entitlement_review_start(entitlement=Entitlement.objects.get(), actor=county_officer)
    results = _race(lambda: services.entitlement_approve(entitlement=ent, actor=city_officer),
                    lambda: services.entitlement_approve(entitlement=ent, actor=county_officer))
    wins = [r for r in results if isinstance(r, Entitlement)]
    errors = [r for r in results if isinstance(r, DomainError)]
    assert len(wins) == 1 and len(errors) == 1 and errors[0].code == "conflict", results
    ent.refresh_from_db()
    assert ent.state == "running" and EntitlementLine.objects.count() == 6


CRASH_SCRIPT = """
import os, sys, time, django
sys.path.insert(0, {root!r})
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "xingtai_jobs.settings")
django.setup()
import datetime as dt
from entitlements.services import record_plan, round_for
def tick(n):
    print(n, flush=True)
    time.sleep(0.3)
record_plan(round_=round_for("si_hardship", 2024), through=dt.date(2024, 12, 1), chunk=1, on_chunk=tick)
time.sleep(30)
"""


def test_killed_mid_run_and_rerun_gives_the_same_lines(region_a):
    round_ = ensure_round("si_hardship")
    for i in range(12):
        ent = EnterpriseFactory(uscc=make_uscc(7400 + i), region=region_a)
        hardship_case(region_a, ent, start=dt.date(2024, 1 + i % 6, 1), birth=dt.date(1975 + i, 3, 1))
    expected = sorted((s.basis_key, ln.month, ln.amount) for s, o in services.record_plan(round_=round_, through=month(2024, 12), dry_run=True)
                      for ln in o.lines)
    db = connection.settings_dict
    env = dict(os.environ, DATABASE_URL=f"postgres://{db['USER']}@{db['HOST']}:{db['PORT']}/{db['NAME']}", DJANGO_DEBUG="true")
    env.pop("XT_TESTING", None)
    proc = subprocess.Popen([sys.executable, "-c", CRASH_SCRIPT.format(root=str(ROOT))], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True, env=env, cwd=ROOT)
    seen = []
    for line in proc.stdout:
        seen.append(int(line))
        if len(seen) == 4:
            os.kill(proc.pid, signal.SIGKILL)
            break
    proc.wait(20)
    assert proc.returncode == -signal.SIGKILL, proc.stderr.read()
    assert 0 < Entitlement.objects.count() < 12
    services.record_plan(round_=round_, through=month(2024, 12))  # the rerun
    services.record_plan(round_=round_, through=month(2024, 12))  # and again: nothing twice
    got = sorted((ln.entitlement.basis_key, ln.month, ln.amount) for ln in EntitlementLine.objects.select_related("entitlement"))
    assert got == expected and Entitlement.objects.count() == 12
