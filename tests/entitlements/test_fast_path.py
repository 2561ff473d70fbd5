"""The monthly fast path (``compute_month``, one set-based statement on PostgreSQL) against the pure
rule (``record_plan``): month after month over every kind of case, the same lines (month, amount,
facts), the same ends (reason, last month) and the same starts; a rerun of a month writes nothing."""

from __future__ import annotations

import datetime as dt

import pytest

from entitlements import services
from entitlements.models import Entitlement, EntitlementLine
from persons.models import PersonContribution
from tests.entitlements.conftest import approve_all, certify, contract, month, months, pay, person
from tests.factories import EnterpriseFactory, make_uscc
from tests.pg import require_postgres  # noqa: F401 - a fixture
from xingtai_jobs.core import clock
from xingtai_jobs.core.errors import DomainError
from xingtai_jobs.core.retirement import add_months

pytestmark = [pytest.mark.django_db, pytest.mark.postgres_only]

APPROVED_THROUGH = month(2024, 6)
LAST = month(2025, 6)


def _cases(region):
    """Each case: (name, person, [(employer, contract start, end, months paid, months in arrears, months with nothing paid)])."""
    e = [EnterpriseFactory(uscc=make_uscc(7700 + i), region=region) for i in range(9)]
    cases = {}

    def hire(name, birth=dt.date(1985, 3, 3), female=False, base_age=None, contracts=()):
        p = person(birth, region=region, female=female, retirement_base_age=base_age, name=name)
        certify(p)
        for ent, start, end, paid, arrears, nothing in contracts:
            contract(p, ent, start, end, kind="fixed" if end else "open_ended")
            pay(p, ent, *paid)
            pay(p, ent, *arrears, in_arrears=True)
            pay(p, ent, *nothing, pension="0.00", medical="0.00", ui="0.00")
        cases[name] = p

    all_months = months(month(2024, 1), LAST)
    hire("plain", contracts=[(e[0], dt.date(2024, 1, 1), None, all_months, [], [])])
    hire("gaps", contracts=[(e[1], dt.date(2024, 1, 1), None,
                            [m for m in all_months if m not in (month(2024, 8), month(2024, 9), month(2024, 11))],
                            [month(2024, 9)], [month(2024, 11)])])  # missing, arrears (two in a row), nothing paid: no end
    hire("stopped", contracts=[(e[2], dt.date(2024, 1, 1), None, months(month(2024, 1), month(2024, 9)), [], [])])
    hire("stopped_after_arrears", contracts=[(e[3], dt.date(2024, 2, 1), None, months(month(2024, 2), month(2024, 10)),
                                              months(month(2024, 11), month(2025, 1)), [])])
    hire("contract_end", contracts=[(e[4], dt.date(2024, 1, 1), dt.date(2024, 12, 31), all_months, [], [])])
    hire("retires", birth=dt.date(1965, 1, 20), contracts=[(e[5], dt.date(2024, 1, 1), None, all_months, [], [])])  # 2025-02
    hire("worker_55", birth=dt.date(1974, 6, 1), female=True, base_age=55,
         contracts=[(e[6], dt.date(2024, 1, 1), None, all_months, [], [])])
    hire("two_employers", contracts=[(e[7], dt.date(2024, 1, 1), dt.date(2024, 12, 31), months(month(2024, 1), month(2024, 12)), [], []),
                                     (e[8], dt.date(2024, 12, 1), None, months(month(2024, 12), LAST), [], [])])
    return cases


def _state():
    lines = sorted((ln.entitlement.basis_key, ln.month, ln.amount, ln.months, tuple(sorted(ln.facts.items())))
                   for ln in EntitlementLine.objects.select_related("entitlement"))
    ents = sorted(Entitlement.objects.values_list("basis_key", "state", "end_reason", "ended_month"))
    return lines, ents


@pytest.mark.usefixtures("require_postgres")
def test_month_by_month_the_fast_path_gives_the_plan(region_a, city_officer, monkeypatch):
    cases = _cases(region_a)
    future = PersonContribution.objects.filter(month__gt=APPROVED_THROUGH)
    held_back = list(future.values())
    future.delete()
    monkeypatch.setattr(clock, "today", lambda: dt.date(2024, 7, 5))
    round_ = services.round_for("si_hardship", 2024)
    services.record_plan(round_=round_, through=APPROVED_THROUGH)
    approve_all(city_officer)
    m = add_months(APPROVED_THROUGH, 1)
    while m <= LAST:  # the month's rows arrive, then the monthly task's fast path runs
        PersonContribution.objects.bulk_create([PersonContribution(**row) for row in held_back if row["month"] == m])
        services.compute_month(round_=round_, month=m)
        again = _state()
        assert services.compute_month(round_=round_, month=m)["lines"] == 0  # a rerun writes nothing
        assert _state() == again
        m = add_months(m, 1)
    fast = _state()
    planned = {s.basis_key: ("ended", o.stop_reason, o.end_month) if o.stop_reason else ("running", "", None)
               for s, o in services.record_plan(round_=round_, through=LAST, dry_run=True)}  # the pure rule
    assert {e.basis_key: (e.state, e.end_reason, e.ended_month) for e in Entitlement.objects.all()} == planned
    services.record_plan(round_=round_, through=LAST)  # recording the pure rule's history changes nothing
    assert _state() == fast
    ends = {e.person_id: (e.state, e.end_reason, e.ended_month) for e in Entitlement.objects.all()}
    by_name = {name: Entitlement.objects.filter(person=p).order_by("start_month") for name, p in cases.items()}
    assert ends[cases["plain"].pk] == ("running", "", None)
    assert by_name["plain"][0].lines.count() == 18
    assert ends[cases["gaps"].pk] == ("running", "", None) and by_name["gaps"][0].lines.count() == 15
    assert ends[cases["stopped"].pk] == ("ended", "no_contribution", month(2024, 9))
    assert ends[cases["stopped_after_arrears"].pk] == ("ended", "no_contribution", month(2024, 10))
    assert ends[cases["contract_end"].pk] == ("ended", "contract_end", month(2024, 12))
    assert ends[cases["retires"].pk] == ("ended", "retirement", month(2025, 1))
    assert by_name["retires"][0].lines.count() == 13  # 2024-01 … 2025-01: until retirement
    assert ends[cases["worker_55"].pk] == ("running", "", None)
    first, second = by_name["two_employers"]
    assert (first.state, first.end_reason, first.ended_month) == ("ended", "contract_end", month(2024, 12))
    assert second.state == "running" and second.lines.first().month == month(2025, 1)  # 2024-12 was the first contract's


@pytest.mark.usefixtures("require_postgres")
def test_only_the_social_insurance_schemes_take_the_fast_path(region_a):
    with pytest.raises(DomainError):
        services.compute_month(round_=services.round_for("internship", 2024), month=month(2024, 7))


def test_the_monthly_task_computes_the_new_month(region_a, employer, city_officer, monkeypatch):
    """The beat task (eager here): on PostgreSQL the fast path, elsewhere the full plan; the same line."""
    from entitlements.tasks import compute_lines
    from tests.entitlements.conftest import hardship_case

    monkeypatch.setattr(clock, "today", lambda: dt.date(2024, 7, 5))
    p = hardship_case(region_a, employer)
    round_ = services.round_for("si_hardship", 2024)
    services.record_plan(round_=round_, through=month(2024, 6))
    ent = services.entitlement_review_start(entitlement=Entitlement.objects.get(person=p), actor=city_officer)
    services.entitlement_approve(entitlement=ent, actor=city_officer)
    pay(p, employer, month(2024, 7), medical="210.00")
    monkeypatch.setattr(clock, "today", lambda: dt.date(2024, 8, 8))
    compute_lines.delay().get()
    line = EntitlementLine.objects.get(person=p, month=month(2024, 7))
    assert line.amount == 626 and line.facts["medical_unit"] == "210.00" and line.state == "computed"
    compute_lines.delay().get()
    assert EntitlementLine.objects.filter(person=p).count() == 7


@pytest.mark.usefixtures("require_postgres")
def test_an_employer_flagged_dishonest_after_the_approval_gets_no_more_lines(region_a, employer, city_officer, monkeypatch):
    from tests.entitlements.conftest import hardship_case

    monkeypatch.setattr(clock, "today", lambda: dt.date(2024, 7, 5))
    p = hardship_case(region_a, employer)
    round_ = services.round_for("si_hardship", 2024)
    services.record_plan(round_=round_, through=month(2024, 6))
    ent = services.entitlement_review_start(entitlement=Entitlement.objects.get(person=p), actor=city_officer)
    services.entitlement_approve(entitlement=ent, actor=city_officer)
    pay(p, employer, month(2024, 7))
    employer.dishonest = True
    employer.save()
    assert services.compute_month(round_=round_, month=month(2024, 7)) == {"lines": 0, "ended": 0}
    [outcome] = [o for _s, o in services.record_plan(round_=round_, through=month(2024, 7), dry_run=True)]
    assert outcome.failed_checks == ["not_dishonest"]  # the pure rule: no line either


@pytest.mark.usefixtures("require_postgres")
def test_the_run_is_audited_at_start_and_end_and_a_supplement_uses_no_month(region_a, employer, city_officer, monkeypatch):
    from entitlements.models import LineAdjustment
    from tests.entitlements.conftest import hardship_case
    from xingtai_jobs.core.models import AuditEvent

    monkeypatch.setattr(clock, "today", lambda: dt.date(2024, 7, 5))
    people = [hardship_case(region_a, employer, birth=dt.date(1980 + i, 5, 17)) for i in range(3)]
    round_ = services.round_for("si_hardship", 2024)
    services.record_plan(round_=round_, through=month(2024, 6))
    approve_all(city_officer)
    Entitlement.objects.filter(person=people[0]).update(max_months=7)  # as if fixed at 7: July is its last month
    EntitlementLine.objects.filter(person=people[0], month=month(2024, 2)).update(state="paid")
    pay(people[0], employer, month(2024, 2), pension="500.00")
    services.record_plan(round_=round_, through=month(2024, 6))
    services.adjustment_resolve(adjustment=LineAdjustment.objects.get(), actor=city_officer, decision="pay_shortfall", note="")
    for p in people:
        pay(p, employer, month(2024, 7))
    assert services.compute_month(round_=round_, month=month(2024, 7)) == {"lines": 3, "ended": 1}
    july = EntitlementLine.objects.get(person=people[0], month=month(2024, 7))
    assert july.kind == "month" and july.amount == 616  # the supplement of February used no month of the clock
    ended = Entitlement.objects.get(person=people[0])
    assert (ended.state, ended.end_reason, ended.ended_month) == ("ended", "max_months", month(2024, 7))
    started = AuditEvent.objects.get(action="entitlements.month.started")
    finished = AuditEvent.objects.get(action="entitlements.month.finished")
    assert started.object_id == finished.object_id == str(round_.pk) and started.message == "2024-07"
    assert started.after == {"month": "2024-07", "entitlements": 3}
    assert finished.after == {"month": "2024-07", "entitlements": 3, "lines": 3, "started": 0, "ended": 1}
    assert started.actor is None and started.pk < finished.pk
