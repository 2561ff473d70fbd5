"""PostgreSQL: two staff approving the same entitlement at once (exactly one wins), and a planning run
killed mid-way then re-run gives the same lines as one clean run."""

from __future__ import annotations

import datetime as dt

import pytest

from entitlements import services
from entitlements.models import Entitlement, EntitlementLine
from tests.entitlements.conftest import ensure_round, hardship_case, month
from tests.factories import EnterpriseFactory, make_uscc
from tests.pg import killed_after, race, require_postgres  # noqa: F401 - require_postgres is a fixture
from xingtai_jobs.core.errors import DomainError

pytestmark = [pytest.mark.postgres_only, pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("require_postgres")]


def test_two_staff_approving_at_once_exactly_one_wins(region_a, city_officer, county_officer):
    round_ = ensure_round("si_hardship")
    hardship_case(region_a, EnterpriseFactory(uscc=make_uscc(7301), region=region_a))
    services.record_plan(round_=round_, through=month(2024, 6))
    ent = services.entitlement_review_start(entitlement=Entitlement.objects.get(), actor=county_officer)
    results = race(lambda: services.entitlement_approve(entitlement=ent, actor=city_officer),
                   lambda: services.entitlement_approve(entitlement=ent, actor=county_officer))
    wins = [r for r in results if isinstance(r, Entitlement)]
    errors = [r for r in results if isinstance(r, DomainError)]
    assert len(wins) == 1 and len(errors) == 1 and errors[0].code == "conflict", results
    ent.refresh_from_db()
    assert ent.state == "running" and EntitlementLine.objects.count() == 6


CRASH_SCRIPT = """
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
    killed_after(CRASH_SCRIPT, 4, testing=False)
    assert 0 < Entitlement.objects.count() < 12
    services.record_plan(round_=round_, through=month(2024, 12))  # the rerun
    services.record_plan(round_=round_, through=month(2024, 12))  # and again: nothing twice
    got = sorted((ln.entitlement.basis_key, ln.month, ln.amount) for ln in EntitlementLine.objects.select_related("entitlement"))
    assert got == expected and Entitlement.objects.count() == 12
