"""The steps that have no button — jobs, imports and set-based services (publish a notice, file an
objection, close the notice, fill a batch, reconcile, finish a computation, promote from the waiting
list, join a group case) — follow their machine's table like the page steps: in every state the
table does not allow, the service refuses or leaves the row alone (``tests/workflow_matrix.py``).

The last test checks that every step without a button of every machine is walked here or by an
app's matrix test, so a new system step cannot go unchecked."""

from __future__ import annotations

import datetime as dt
import itertools
from decimal import Decimal

import pytest

from tests.factories import EnterpriseFactory, InsuranceMonthFactory, UserFactory
from tests.workflow_matrix import assert_system_steps_follow_the_table
from xingtai_jobs.core import clock
from xingtai_jobs.core.models import User
from xingtai_jobs.core.workflow import machines

pytestmark = pytest.mark.django_db

# Steps without a button walked by an app's own matrix test (with the page matrix's helper).
WALKED_ELSEWHERE = {
    ("enterprises.report_review", "replace"): "tests/enterprises/test_report_review_machine.py",
    ("enterprises.report_review", "review"): "tests/enterprises/test_report_review_machine.py",
    ("recruitment.registration", "cancel"): "tests/recruitment/test_registration_machine.py",
    ("recruitment.registration", "check_in"): "tests/recruitment/test_registration_machine.py",
    ("measures.report", "supersede"): "tests/measures/test_workflow.py",
}
WALKED_HERE = {
    "subsidies.item": ["apply", "publish", "object", "uphold", "release", "notice_closed", "batch", "paid", "failed"],
    "subsidies.notice": ["close"],
    "subsidies.batch": ["reconciled"],
    "rankings.ranking": ["computed"],
    "recruitment.registration": ["promote"],
    "wage_arrears.complaint": ["join_group"],
    "entitlements.entitlement": ["return", "resubmit", "reject", "revoke", "start", "end"],
}


# --- the subsidy item, its notice and its batch ---------------------------------------------------


@pytest.fixture
def subsidy_world(db, region_a, city_officer):
    from subsidies import services
    from subsidies.models import Application, BankAccount, PayoutBatch, PublicNotice
    from tests.subsidies.factories import eligible_enterprise, open_round

    years = itertools.count(1990)
    round_ = open_round()
    today = clock.today()

    def enterprise(eligible: bool = False):
        ent = eligible_enterprise(region=region_a) if eligible else EnterpriseFactory(region=region_a)
        user = UserFactory(username=f"ent_{ent.pk}", role=User.Role.ENTERPRISE_USER, enterprise=ent)
        services.bank_account_confirm(enterprise=ent, actor=user, account_name=ent.name, bank_name="工行",
                                      account_number="6222020400001234567")
        return ent, user

    def item(state: str, *, round_=round_, eligible: bool = False, **fields) -> Application:
        ent, _user = enterprise(eligible)
        account = BankAccount.objects.get(enterprise=ent, active=True)
        return Application.objects.create(round=round_, enterprise=ent, region=ent.region, origin="application",
                                          state=state, amount=Decimal("7200.00"), bank_account=account, **fields)

    def notice(*, closed_days_ago: int | None = None, status: str = PublicNotice.Status.OPEN) -> PublicNotice:
        if closed_days_ago is None:
            published, closes = today, today + dt.timedelta(days=30)
        else:
            published, closes = today - dt.timedelta(days=closed_days_ago + 10), today - dt.timedelta(days=closed_days_ago)
        return PublicNotice.objects.create(round=round_, title="公示", published_on=published, closes_on=closes,
                                           working_days=5, status=status)

    def other_round():
        return open_round(year=next(years))

    def batch_of(app_state: str):
        """An item in ``app_state`` whose payout line waits in a locked batch (of its own round)."""
        from subsidies.models import PayoutItem

        r = other_round()
        app = item(Application.State.PAYABLE, round_=r)
        batch = PayoutBatch.objects.create(round=r, reference=f"T{r.assessment_year}", status=PayoutBatch.Status.DRAFT)
        services.payout_batch_fill(batch_id=batch.pk, actor=city_officer)
        PayoutBatch.objects.filter(pk=batch.pk).update(status=PayoutBatch.Status.LOCKED)
        Application.objects.filter(pk=app.pk).update(state=app_state)
        app.refresh_from_db()
        app._line = PayoutItem.objects.get(batch=batch, application=app)
        app._batch = PayoutBatch.objects.get(pk=batch.pk)
        return app

    return {"round": round_, "item": item, "notice": notice, "enterprise": enterprise, "other_round": other_round,
            "batch_of": batch_of, "today": today}


def test_the_subsidy_item_s_system_steps_follow_the_item_table(subsidy_world, city_officer):
    from subsidies import services
    from subsidies.models import Application, Objection, PayoutBatch
    from subsidies.workflows import ITEM

    w = subsidy_world
    users = {}

    def make(state: str, step: str) -> Application:
        if step == "apply":
            app = w["item"](state, eligible=True)
            users[app.pk] = User.objects.get(enterprise=app.enterprise)
            return app
        if step in ("object", "uphold", "release"):
            app = w["item"](state, notice=w["notice"]())
            if step != "object":
                Objection.objects.create(notice=app.notice, application=app, region=app.region, name="张三",
                                         phone="13812345678", text="该企业去年有大量裁员情况。")
            return app
        if step == "notice_closed":
            return w["item"](state, notice=w["notice"](closed_days_ago=1))
        if step == "batch":
            r = w["other_round"]()
            app = w["item"](state, round_=r)
            app._batch = PayoutBatch.objects.create(round=r, reference=f"F{r.assessment_year}")
            return app
        if step in ("paid", "failed"):
            return w["batch_of"](state)
        return w["item"](state)

    def call(step: str, app: Application):
        app = Application.objects.select_related("notice").get(pk=app.pk) if step not in ("batch", "paid", "failed") else app
        if step == "apply":
            return services.application_submit(enterprise=app.enterprise, round_=app.round, actor=users[app.pk])
        if step == "publish":
            return services.notice_publish(round_=app.round, actor=city_officer, app_ids=[app.pk])
        if step == "object":
            return services.objection_file(notice=app.notice, app_id=app.pk, name="李四", phone="13912345678",
                                           text="该企业存在违规裁员，请核查。")
        if step in ("uphold", "release"):
            objection = Objection.objects.get(application=app)
            return services.objection_resolve(objection=objection, actor=city_officer, upheld=step == "uphold",
                                              resolution="经核查" + ("属实" if step == "uphold" else "不属实"))
        if step == "notice_closed":
            return services.notices_close_due()
        if step == "batch":
            return services.payout_batch_fill(batch_id=app._batch.pk, actor=city_officer)
        return services.payout_items_reconcile(batch=app._batch, actor=city_officer, rows=[
            {"reference": app._line.reference, "paid": step == "paid", "reason": "账号有误"}])

    steps = WALKED_HERE["subsidies.item"]
    counts = assert_system_steps_follow_the_table(ITEM, steps=steps, make=make, call=call,
                                                  state_of=lambda a: Application.objects.get(pk=a.pk).state)
    allowed = sum(len(ITEM.step(s).sources) for s in steps)
    assert counts["done"] == allowed == 10
    # apply, publish and uphold refuse outright; the set-based steps leave items in other states alone
    assert counts == {"done": 10, "refused": 32, "left alone": len(steps) * len(Application.State.values) - 10 - 32}


def test_the_notice_closes_only_from_open(subsidy_world):
    from subsidies import services
    from subsidies.models import PublicNotice
    from subsidies.workflows import NOTICE

    counts = assert_system_steps_follow_the_table(
        NOTICE, steps=["close"], make=lambda state, step: subsidy_world["notice"](closed_days_ago=1, status=state),
        call=lambda step, n: services.notices_close_due(), state_of=lambda n: PublicNotice.objects.get(pk=n.pk).status)
    assert counts == {"done": 1, "refused": 0, "left alone": 1}


def test_a_batch_is_reconciled_only_from_locked(subsidy_world, city_officer):
    from subsidies import services
    from subsidies.models import PayoutBatch
    from subsidies.workflows import BATCH

    def make(state: str, step: str) -> PayoutBatch:
        r = subsidy_world["other_round"]()
        return PayoutBatch.objects.create(round=r, reference=f"R{r.assessment_year}", status=state)

    counts = assert_system_steps_follow_the_table(
        BATCH, steps=["reconciled"], make=make, state_of=lambda b: PayoutBatch.objects.get(pk=b.pk).status,
        call=lambda step, b: services.payout_batch_after_reconcile(batch=PayoutBatch.objects.get(pk=b.pk), actor=city_officer,
                                                                   summary={"paid": 0, "failed": 0}))
    assert counts == {"done": 1, "refused": 2, "left alone": 0}


# --- the ranking, the registration, the complaint ---------------------------------------------------


def test_a_ranking_computation_finishes_only_from_computing(city_officer, enterprise):
    from django.db import transaction

    from rankings import services
    from rankings.models import Ranking
    from rankings.workflows import RANKING

    years = iter(range(2001, 2100))
    weights = {"total": "0.3", "growth": "0.25", "hires": "0.25", "layoff": "0.1", "dispute": "0.1"}

    def make(state: str, step: str) -> Ranking:
        year = next(years)
        InsuranceMonthFactory(enterprise=enterprise, month=dt.date(year, 1, 1))
        return Ranking.objects.create(year=year, status=state, method_version=1, weights=weights, top_n=10,
                                      correction_window_days=5, population_count=3)

    def call(step: str, r: Ranking):
        with transaction.atomic():
            return services._finalise(r.pk)

    counts = assert_system_steps_follow_the_table(RANKING, steps=["computed"], make=make, call=call,
                                                  state_of=lambda r: Ranking.objects.get(pk=r.pk).status)
    assert counts == {"done": 1, "refused": 0, "left alone": len(Ranking.Status.values) - 1}


def test_a_registration_is_promoted_only_from_the_waiting_list(city_officer):
    from recruitment import services
    from recruitment.models import Registration
    from tests.recruitment.factories import EventFactory

    numbers = itertools.count(1)

    def make(state: str, step: str) -> Registration:
        event = EventFactory(capacity=1)
        n = next(numbers)
        services.registration_create(event_id=event.pk, name=f"先到者{n}", phone=f"137{n:08d}", education="bachelor",
                                     wanted_occupation="会计")
        reg = services.registration_create(event_id=event.pk, name=f"求职者{n}", phone=f"139{n:08d}",
                                           education="bachelor", wanted_occupation="会计")
        Registration.objects.filter(pk=reg.pk).update(status=state)
        return Registration.objects.get(pk=reg.pk)

    def call(step: str, reg: Registration):
        return services.event_change_capacity(event=reg.event, capacity=5, actor=city_officer)

    from recruitment.workflows import REGISTRATION

    counts = assert_system_steps_follow_the_table(REGISTRATION, steps=["promote"], make=make, call=call,
                                                  state_of=lambda r: Registration.objects.get(pk=r.pk).status)
    assert counts == {"done": 1, "refused": 0, "left alone": 2}


def test_a_complaint_joins_a_group_case_only_from_submitted(county_officer):
    from tests.wage_arrears.conftest import form_data
    from wage_arrears import services
    from wage_arrears.forms import ComplaintForm
    from wage_arrears.models import Complaint, Status
    from wage_arrears.workflows import COMPLAINT

    phones = itertools.count(1)

    def file(**overrides) -> Complaint:
        form = ComplaintForm(form_data(complainant_phone=f"1381234{next(phones):04d}", **overrides))
        assert form.is_valid(), form.errors
        complaint, _created = services.complaint_submit(data=form.to_input())
        return complaint

    def make(state: str, step: str) -> Complaint:
        project = f"襄都花园{next(phones)}期"
        lead, other = file(project_name=project), file(project_name=project)
        services.group_merge(complaint_ids=[lead.pk, other.pk], actor=county_officer)
        services.complaint_accept(complaint_id=lead.pk, actor=county_officer)  # the group's step: accepted
        joiner = file(project_name=project)
        Complaint.objects.filter(pk=joiner.pk).update(status=state)
        joiner.refresh_from_db()
        joiner._lead = lead
        return joiner

    def call(step: str, joiner: Complaint):
        return services.group_merge(complaint_ids=[joiner._lead.pk, joiner.pk], actor=county_officer)

    counts = assert_system_steps_follow_the_table(COMPLAINT, steps=["join_group"], make=make, call=call,
                                                  state_of=lambda c: Complaint.objects.get(pk=c.pk).status)
    # at the group's own step it merges without a step of its own; any other state is refused
    assert counts == {"done": 1, "refused": len(Status.values) - 2, "left alone": 1}


def test_the_entitlement_s_steps_without_a_button_follow_its_table(region_a, county_officer, monkeypatch):
    from entitlements import services
    from entitlements.models import Entitlement
    from entitlements.workflows import ENTITLEMENT
    from tests.entitlements.conftest import (
        ensure_round,
        hardship_case,
        month,
    )
    from tests.factories import make_uscc

    monkeypatch.setattr(clock, "today", lambda: dt.date(2024, 7, 10))
    employer = EnterpriseFactory(uscc=make_uscc(7101), region=region_a, size_class="small")
    ensure_round("si_hardship")
    round_ = services.round_for("si_hardship", 2024)
    user = UserFactory(username="employer_user", role=User.Role.ENTERPRISE_USER, enterprise=employer)

    def make(state: str, step: str) -> Entitlement:
        p = hardship_case(region_a, employer)  # six months paid, January to June
        services.record_plan(round_=round_, through=month(2024, 6), person_ids=[p.pk])
        ent = Entitlement.objects.get(person=p)
        extra = {}
        if step == "end":  # as if the clock were fixed at five months at the first approval: it runs out
            extra = {"first_approved_on": dt.date(2024, 7, 1), "max_months": 5}
        Entitlement.objects.filter(pk=ent.pk).update(state=state, **extra)
        ent.refresh_from_db()
        return ent

    def call(step: str, ent: Entitlement):
        ent = Entitlement.objects.get(pk=ent.pk)
        if step in ("start", "end"):
            return services.record_plan(round_=round_, through=month(2024, 6), person_ids=[ent.person_id])
        return {
            "return": lambda: services.entitlement_return(entitlement=ent, actor=county_officer, message="请补充劳动合同"),
            "resubmit": lambda: services.entitlement_resubmit(entitlement=ent, actor=user, note="已上传"),
            "reject": lambda: services.entitlement_reject(entitlement=ent, actor=county_officer, reason="合同不实"),
            "revoke": lambda: services.entitlement_revoke(entitlement=ent, actor=county_officer, reason="骗取补贴"),
        }[step]()

    steps = WALKED_HERE["entitlements.entitlement"]
    counts = assert_system_steps_follow_the_table(ENTITLEMENT, steps=steps, make=make, call=call,
                                                  state_of=lambda e: Entitlement.objects.get(pk=e.pk).state)
    allowed = sum(len(ENTITLEMENT.step(s).sources) for s in steps)
    n = len(Entitlement.State.values)
    # the reviewer's and the enterprise's steps refuse every other state; the plan leaves other states alone
    assert counts == {"done": allowed, "refused": 4 * n - 5, "left alone": 2 * n - 3}


def test_every_step_without_a_button_is_walked():
    walked = {(m, s) for m, steps in WALKED_HERE.items() for s in steps} | set(WALKED_ELSEWHERE)
    missing = sorted((m.name, s.name) for m in machines() for s in m.steps if not s.button
                     and (m.name, s.name) not in walked)
    assert not missing, f"walk these steps with tests/workflow_matrix.assert_system_steps_follow_the_table: {missing}"
    declared = {(m.name, s.name) for m in machines() for s in m.steps}
    registered = {m.name for m in machines()}
    stale = {(m, s) for m, s in walked if m in registered and (m, s) not in declared}
    assert not stale, stale  # no entry naming a step its machine no longer has
