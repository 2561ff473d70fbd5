"""The plan's and the grouper's writes are set-based: the number of queries does not grow with the
number of entitlements or payout items, and every state change still has its own audit entry."""

import datetime as dt
from decimal import Decimal

import pytest
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.test.utils import CaptureQueriesContext

from entitlements import services
from entitlements.models import Entitlement, EntitlementLine, LineAdjustment
from entitlements.services_payouts import group_lines
from persons.models import PersonContribution
from subsidies.models import Application
from tests.entitlements.conftest import hardship_case, month, pay
from tests.factories import EnterpriseFactory, make_uscc
from xingtai_jobs.core import clock
from xingtai_jobs.core.models import AuditEvent

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def july(monkeypatch):
    monkeypatch.setattr(clock, "today", lambda: dt.date(2024, 7, 10))
    for model in (Entitlement, LineAdjustment, Application):
        ContentType.objects.get_for_model(model)  # cached after its first use: not counted below


def _people(region, employer, n, first_year):
    return [hardship_case(region, employer, birth=dt.date(first_year + i, 5, 17)) for i in range(n)]


def _approve_directly(people):
    """As the approval leaves them (the approval's own plan is what is measured here, not the review)."""
    Entitlement.objects.filter(person__in=people).update(state="approved", first_approved_on=dt.date(2024, 7, 1))


def _inserts(queries, table):
    return [q["sql"] for q in queries if q["sql"].startswith(f'INSERT INTO "{table}"')]


def _moves(queries, table):
    """The UPDATEs that change the state."""
    return [q["sql"] for q in queries if q["sql"].startswith(f'UPDATE "{table}"') and '"state" = ' in q["sql"]]


def _run_plan(round_, people):
    with CaptureQueriesContext(connection) as ctx:
        services.record_plan(round_=round_, through=month(2024, 6), person_ids=[p.pk for p in people])
    return ctx.captured_queries


def test_the_plan_starts_entitlements_in_one_update_with_an_entry_each(region_a, employer):
    small, large = _people(region_a, employer, 2, 1970), _people(region_a, employer, 7, 1980)
    round_ = services.round_for("si_hardship", 2024)
    services.record_plan(round_=round_, through=month(2024, 6))  # candidates with their lines
    _approve_directly(small + large)
    few, many = _run_plan(round_, small), _run_plan(round_, large)
    assert len(many) == len(few)  # however many entitlements start
    assert len(_moves(many, "entitlements_entitlement")) == 1 and len(_inserts(many, "core_auditevent")) == 1
    assert set(Entitlement.objects.values_list("state", flat=True)) == {"running"}
    started = AuditEvent.objects.filter(action="entitlements.entitlement.started")
    assert started.count() == 9
    assert sorted(started.values_list("object_id", flat=True)) == sorted(str(pk) for pk in Entitlement.objects.values_list("pk", flat=True))
    entry = started.get(object_id=str(Entitlement.objects.get(person=large[0]).pk))
    assert entry.before["state"] == "approved" and entry.after["state"] == "running" and entry.region_id == region_a.pk
    assert entry.actor is None and entry.actor_repr == "system"
    assert _run_plan(round_, large) and AuditEvent.objects.filter(action="entitlements.entitlement.started").count() == 9  # once


def test_the_plan_ends_entitlements_per_reason_and_month_with_an_entry_each(region_a, employer):
    small, large = _people(region_a, employer, 2, 1970), _people(region_a, employer, 6, 1980)
    round_ = services.round_for("si_hardship", 2024)
    services.record_plan(round_=round_, through=month(2024, 6))
    _approve_directly(small + large)
    services.record_plan(round_=round_, through=month(2024, 6))  # running
    Entitlement.objects.update(max_months=3)  # as if fixed at 3 at the first approval: the plan ends them after March
    few, many = _run_plan(round_, small), _run_plan(round_, large)
    assert len(many) == len(few)
    assert len(_moves(many, "entitlements_entitlement")) == 1 and len(_inserts(many, "core_auditevent")) == 1
    assert set(Entitlement.objects.values_list("state", "end_reason", "ended_month")) == {("ended", "max_months", month(2024, 3))}
    assert EntitlementLine.objects.count() == 8 * 3  # April to June withdrawn (unpaid)
    for ent in Entitlement.objects.all():  # the recomputed fields written for the whole chunk at once
        assert ent.schedule["months_used"] == 3 and ent.schedule["end_month"] == "2024-03" and ent.schedule["months_left"] == 0
        assert ent.max_months == 3 and ent.computed_through == month(2024, 6) and ent.eligible and ent.failed_checks == []
        assert [c["code"] for c in ent.checks][:1] and ent.start_month == month(2024, 1)
    ended = AuditEvent.objects.filter(action="entitlements.entitlement.ended")
    assert ended.count() == 8 and set(ended.values_list("message", flat=True)) == {"享受期限届满"}
    assert {(e.before["state"], e.after["state"], e.after["end_reason"]) for e in ended} == {("running", "ended", "max_months")}


def test_a_bulk_move_is_all_or_nothing(region_a, employer):
    from entitlements.workflows import ENTITLEMENT
    from xingtai_jobs.core.errors import DomainError

    people = _people(region_a, employer, 3, 1980)
    round_ = services.round_for("si_hardship", 2024)
    services.record_plan(round_=round_, through=month(2024, 6))
    _approve_directly(people)
    ents = list(Entitlement.objects.order_by("pk"))
    Entitlement.objects.filter(pk=ents[1].pk).update(state="under_review")  # moved by someone else meanwhile
    with pytest.raises(DomainError) as exc:
        ENTITLEMENT.move_each("start", ents)
    assert exc.value.code == "conflict"
    assert sorted(Entitlement.objects.values_list("state", flat=True)) == ["approved", "approved", "under_review"]
    assert not AuditEvent.objects.filter(action="entitlements.entitlement.started").exists()


def test_corrections_after_payment_are_flagged_in_bulk_once(region_a, employer):
    people = _people(region_a, employer, 3, 1980)
    round_ = services.round_for("si_hardship", 2024)
    services.record_plan(round_=round_, through=month(2024, 6))
    _approve_directly(people)
    services.record_plan(round_=round_, through=month(2024, 6))
    EntitlementLine.objects.filter(month=month(2024, 2)).update(state="paid")
    for p in people:
        pay(p, employer, month(2024, 2), pension="500.00")
    queries = _run_plan(round_, people)
    assert len(_inserts(queries, "entitlements_lineadjustment")) == 1 and len(_inserts(queries, "core_auditevent")) == 1
    assert LineAdjustment.objects.filter(state="open", amount_after=Decimal("716.00")).count() == 3
    assert AuditEvent.objects.filter(action="entitlements.line.adjustment_flagged").count() == 3
    PersonContribution.objects.filter(month=month(2024, 2)).update(pension_unit=Decimal("450.00"))
    services.record_plan(round_=round_, through=month(2024, 6))  # corrected again: the open adjustment follows
    assert sorted(LineAdjustment.objects.values_list("amount_after", flat=True)) == [Decimal("666.00")] * 3
    assert AuditEvent.objects.filter(action="entitlements.line.adjustment_flagged").count() == 3


def _grouping_queries(round_):
    with CaptureQueriesContext(connection) as ctx:
        apps = group_lines(round_=round_)
    return apps, ctx.captured_queries


def test_grouping_takes_a_fixed_number_of_queries_whatever_the_number_of_items(region_a, employer):
    round_ = services.round_for("si_hardship", 2024)
    one = _people(region_a, employer, 1, 1970)
    services.record_plan(round_=round_, through=month(2024, 6))
    _approve_directly(one)
    services.record_plan(round_=round_, through=month(2024, 6))
    few_apps, few = _grouping_queries(round_)
    assert len(few_apps) == 2  # one enterprise, two quarters
    others = [EnterpriseFactory(uscc=make_uscc(7300 + i), region=region_a) for i in range(3)]
    more = [p for ent in others for p in _people(region_a, ent, 2, 1980 + 2 * others.index(ent))]
    services.record_plan(round_=round_, through=month(2024, 6))
    _approve_directly(more)
    services.record_plan(round_=round_, through=month(2024, 6))
    many_apps, many = _grouping_queries(round_)
    assert len(many_apps) == 6  # three enterprises, two quarters
    assert len(many) == len(few) == 13, [q["sql"][:80] for q in many]
    assert len(_inserts(many, "core_auditevent")) == 1
    assert AuditEvent.objects.filter(action="entitlements.lines.grouped").count() == 8
    q1 = Application.objects.get(enterprise=others[0], basis_key="period:2024-01")
    assert q1.amount == Decimal("616.00") * 6 and q1.facts["persons"] == 2 and q1.facts["lines"] == 6 and q1.beneficiary_key
    assert set(EntitlementLine.objects.filter(entitlement__enterprise=others[0], month__lt=month(2024, 4))
               .values_list("application_id", flat=True)) == {q1.pk}
    assert not EntitlementLine.objects.filter(application__isnull=True).exists()
    assert group_lines(round_=round_) == []  # nothing twice
