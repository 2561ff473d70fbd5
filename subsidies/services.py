"""Every write of the subsidies app: screening, the review workflow, public notices, objections,
bank accounts, payout batches and reconciliation. Each step is guarded and audited."""

from __future__ import annotations

import contextlib
import datetime as dt
import gc
from decimal import Decimal
from typing import Any

from django.db import DatabaseError, IntegrityError, transaction
from django.db.models import F, Q, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from enterprises.models import Enterprise
from subsidies.bulk import bulk_insert
from subsidies.facts import facts_as_dict, stable_job_refund_facts
from subsidies.models import (
    Application,
    BankAccount,
    Objection,
    PayoutBatch,
    PayoutItem,
    PublicNotice,
    SchemeRound,
    beneficiary_key,
    payout_period,
    subject_key_for,
)
from subsidies.rules import Decision, rule_for
from subsidies.workflows import BATCH, ITEM, NOTICE, staff_in_scope
from xingtai_jobs.core import clock
from xingtai_jobs.core.audit import audit
from xingtai_jobs.core.errors import DomainError
from xingtai_jobs.core.inputs import ascii_digits, is_digits
from xingtai_jobs.core.workdays import add_working_days

S = Application.State
# States whose amount counts against the round's budget.
COMMITTED_STATES = (S.APPROVED, S.NOTICED, S.HELD, S.PAYABLE, S.IN_BATCH, S.PAID, S.MANUAL)
SCREENING_CHUNK = 5000


def _today() -> dt.date:
    return clock.today()


def _is_postgres() -> bool:
    from django.db import connection

    return connection.vendor == "postgresql"


def _checked(app_id: int, step: str, actor, *, lock: bool = False) -> Application:
    """The item, refused unless the item machine lets ``actor`` take ``step`` now."""
    qs = Application.objects.select_for_update() if lock else Application.objects
    current = qs.get(pk=app_id)
    ITEM.check(step, actor, current)
    return current


def _require_city_staff(actor) -> None:
    if actor is None or not getattr(actor, "is_city_staff", False):
        raise DomainError(_("Only city-level staff may do this."), code="forbidden")


def _decide(round_: SchemeRound, enterprise_ids, *, on_date=None) -> dict[int, tuple[dict, Any, Decision]]:
    rule = rule_for(round_.scheme.code)
    out: dict[int, tuple[dict, Any, Decision]] = {}
    for ent, facts in stable_job_refund_facts(round_.assessment_year, enterprise_ids=enterprise_ids, on_date=on_date or _today()):
        out[ent["id"]] = (ent, facts, rule.decide(facts, round_.parameters))
    return out


def _apply_decision(app: Application, facts, decision: Decision) -> None:
    app.eligible = decision.eligible
    app.rate = decision.rate
    app.base = decision.base
    app.amount = decision.amount
    app.checks = decision.checks_as_dicts()
    app.facts = person_facts_as_dict(facts) if app.subject_id else facts_as_dict(facts)


def _decide_item(app: Application, round_: SchemeRound, *, claimed_on: dt.date | None = None):
    """The rule run again for one item on today's figures: (facts, decision), or None when its basis
    is gone (no figures for the enterprise, the contract or certificate no longer in the window).
    Person schemes: job expansion as of the latest contribution month; skills upgrade claimed on
    ``claimed_on`` when the caller gives one, else the date stored with the item (screening run or
    submission), else today."""
    code = round_.scheme.code
    if code not in PERSON_SCHEMES:
        decisions = _decide(round_, [app.enterprise_id])
        if app.enterprise_id not in decisions:
            return None
        _ent, facts, decision = decisions[app.enterprise_id]
        return facts, decision
    from subsidies import person_facts

    params = rule_for(code).prepare(round_.parameters)
    pid = app.subject_id
    if pid is None:
        return None
    if code == "job_expansion":
        month = person_facts.latest_contribution_month()
        if month is None or not app.basis_key.startswith("contract:"):
            return None
        contract_id = int(app.basis_key[len("contract:"):])
        decided = person_facts.screen_job_expansion(params, as_of_month=month, person_ids=[pid],
                                                    confirmed_contracts=job_expansion_confirmed(person_range=(pid, pid)))
        return next(((f, d) for s, f, d in decided if s.contract_id == contract_id), None)
    stored = (app.facts or {}).get("claimed_on")
    day = claimed_on or (dt.date.fromisoformat(stored) if stored else _today())
    number = app.basis_key[len("certificate:"):]
    certs = person_facts.screen_skill_upgrade(params, claimed_on=day, person_ids=[pid],
                                              granted=skill_upgrade_granted(person_range=(pid, pid)))
    return next(((f, d) for s, f, d in certs if s.certificate_no == number), None)


def _transition(app: Application, step: str, *, actor, before_state: str, message: str = "", **fields) -> Application:
    """The guarded UPDATE of ``step`` (the item must still be in one of the step's source states)
    and its audit entry: the state before (``before_state``, as the timeline shows it) and after."""
    fields["updated_at"] = timezone.now()
    (target,) = ITEM.step(step).targets
    ITEM.move(step, app, actor=actor, updates=fields, message=message,
              record={"before": {"state": before_state}, "after": {"state": target}})
    return Application.objects.select_related("round__scheme", "enterprise").get(pk=app.pk)


def _refuse_entitlement_round(round_: SchemeRound) -> None:
    """Schemes paid through entitlements (one approval, monthly lines) are neither applied for nor
    screened as items: their items are made from the approved lines."""
    if getattr(rule_for(round_.scheme.code), "ENTITLEMENT", False):
        raise DomainError(_("%(round)s is paid month by month through approved entitlements: see the entitlement review.") % {
            "round": round_.name}, code="conflict")


def round_for_year(scheme_code: str, year: int) -> SchemeRound:
    try:
        return SchemeRound.objects.select_related("scheme").get(scheme__code=scheme_code, assessment_year=year)
    except SchemeRound.DoesNotExist:
        raise DomainError(_("There is no round of %(scheme)s for assessment year %(year)s.") % {"scheme": scheme_code, "year": year}, code="not_found") from None


# --- Screening (免申即享) ---------------------------------------------------------------------


def screening_compute(*, round_: SchemeRound, id_range: tuple[int, int] | None = None) -> list[dict]:
    """Decisions for every enterprise with figures (read only): used by --dry-run and the writers."""
    _refuse_entitlement_round(round_)
    rule = rule_for(round_.scheme.code)
    params = rule.prepare(round_.parameters)
    results = []
    with _gc_paused():
        for ent, facts in stable_job_refund_facts(round_.assessment_year, id_range=id_range, on_date=_today()):
            results.append({"enterprise": ent, "facts": facts, "decision": rule.decide(facts, params)})
    return results


@contextlib.contextmanager
def _gc_paused():
    """Screening builds ~10 acyclic objects per enterprise; the cyclic collector rescanning them
    cost more than the rule itself (bench/subsidies.md). Paused for the loop only."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def screening_chunk_bounds(*, round_: SchemeRound, chunk_size: int = SCREENING_CHUNK) -> list[tuple[int, int]]:
    """Inclusive id ranges of ``chunk_size`` screened units: enterprises (稳岗返还), or the persons
    with a basis object in the round's window (the person schemes: a person's contracts or
    certificates are decided together, so a person never spans two chunks)."""
    if round_.scheme.code in PERSON_SCHEMES:
        ids = _person_ids_with_basis(round_)
    else:
        ids = list(Enterprise.objects.order_by("pk").values_list("pk", flat=True))
    return [(ids[i], ids[min(i + chunk_size, len(ids)) - 1]) for i in range(0, len(ids), chunk_size)]


@transaction.atomic
def screening_write_chunk(*, round_id: int, id_range: tuple[int, int], actor=None, as_of: dt.date | None = None) -> dict:
    """Screen the enterprises with ids in ``id_range``: replace this round's unconfirmed
    (candidate) items there with the eligible ones; confirmed or later items are never touched.
    ``as_of`` (default today) is the date the round's window is checked against (demo replays)."""
    round_ = SchemeRound.objects.select_related("scheme").get(pk=round_id)
    _refuse_entitlement_round(round_)
    if not round_.is_open(as_of or _today()):
        raise DomainError(_("The round %(round)s is closed (window %(start)s to %(end)s): only a dry run is allowed.") % {
            "round": round_.name, "start": round_.opens_on, "end": round_.closes_on}, code="conflict")
    if round_.scheme.code in PERSON_SCHEMES:
        return _person_screening_write_chunk(round_, id_range, as_of=as_of)
    lo, hi = id_range
    results = screening_compute(round_=round_, id_range=id_range)
    in_range = Application.objects.filter(round=round_, enterprise_id__gte=lo, enterprise_id__lte=hi)
    removed, _detail = in_range.filter(state=S.CANDIDATE).only("pk").delete()
    kept = set(in_range.values_list("enterprise_id", flat=True))
    new = []
    for r in results:
        d, ent = r["decision"], r["enterprise"]
        if not d.eligible or ent["id"] in kept:
            continue
        new.append({
            "round_id": round_.pk, "enterprise_id": ent["id"], "beneficiary_key": beneficiary_key(enterprise_id=ent["id"]),
            "region_id": ent["region_id"], "origin": Application.Origin.SCREENING,
            "state": S.CANDIDATE, "eligible": True, "rate": d.rate, "base": d.base, "amount": d.amount,
            "checks": d.checks_as_dicts(), "facts": facts_as_dict(r["facts"]),
        })
    bulk_insert(Application, new)
    return {"screened": len(results), "candidates": len(new), "replaced": removed}


def screening_run(*, round_: SchemeRound, actor=None, run_id: int | None = None, as_of: dt.date | None = None) -> dict:
    """Screen every enterprise chunk by chunk in this process (the command; Celery uses chunks)."""
    from xingtai_jobs.core import progress

    _refuse_entitlement_round(round_)
    if not round_.is_open(as_of or _today()):
        raise DomainError(_("The round %(round)s is closed (window %(start)s to %(end)s): only a dry run is allowed.") % {
            "round": round_.name, "start": round_.opens_on, "end": round_.closes_on}, code="conflict")
    totals = {"screened": 0, "candidates": 0, "replaced": 0}
    for bounds in screening_chunk_bounds(round_=round_):
        result = screening_write_chunk(round_id=round_.pk, id_range=bounds, actor=actor, as_of=as_of)
        for k in totals:
            totals[k] += result[k]
        if run_id:
            progress.taskrun_advance(run_id, 1)
    audit("subsidies.screening.run", round_, actor=actor, after=totals)
    return totals


@transaction.atomic
def screening_start(*, round_: SchemeRound, actor, as_of: dt.date | None = None) -> int:
    """Queue a chunked screening in Celery; returns the TaskRun id shown with a progress bar."""
    _refuse_entitlement_round(round_)
    from subsidies import tasks
    from xingtai_jobs.core import progress

    _require_city_staff(actor)
    if not round_.is_open(as_of or _today()):
        raise DomainError(_("The round %(round)s is closed (window %(start)s to %(end)s): only a dry run is allowed.") % {
            "round": round_.name, "start": round_.opens_on, "end": round_.closes_on}, code="conflict")
    bounds = screening_chunk_bounds(round_=round_)
    run = progress.taskrun_create(kind="subsidies.screening", label=str(round_), total=len(bounds), started_by=actor)
    audit("subsidies.screening.started", round_, actor=actor, after={"chunks": len(bounds), "taskrun": run.pk})
    day = as_of.isoformat() if as_of else None
    transaction.on_commit(lambda: tasks.screening_dispatch.delay(run.pk, round_.pk, bounds, day))
    return run.pk


# --- Applications and review --------------------------------------------------------------


@transaction.atomic
def application_submit(*, round_: SchemeRound, actor, enterprise: Enterprise | None = None, basis=None,
                       note: str = "") -> Application:
    """An application: 稳岗返还 by the enterprise for its year (``enterprise``); a person scheme for
    one basis object (``basis``): a labour contract of the enterprise's hire (一次性扩岗补助, by the
    enterprise) or a certificate of the person (技能提升补贴, by the person's citizen account, the
    submission date being the claim date). The same rule as the screening runs now and again at
    review; an item is unique per (round, beneficiary, basis object), so a second application for the
    same hire or certificate is refused."""
    _refuse_entitlement_round(round_)
    if round_.scheme.code in PERSON_SCHEMES:
        return _person_application_submit(round_=round_, actor=actor, basis=basis, note=note)
    if enterprise is None or basis is not None:
        raise DomainError(_("Choose what the application is for."), field="basis")
    if not round_.is_open(_today()):
        raise DomainError(_("Applications for %(round)s are closed.") % {"round": round_.name}, code="conflict")
    if Application.objects.filter(round=round_, enterprise=enterprise).exclude(state=S.CANDIDATE).exists():
        raise DomainError(_("Your enterprise already has an item in this round."), code="conflict")
    decisions = _decide(round_, [enterprise.pk])
    app, _created = Application.objects.select_for_update().get_or_create(
        round=round_, enterprise=enterprise,
        defaults={"region_id": enterprise.region_id, "origin": Application.Origin.APPLICATION, "state": S.APPLIED},
    )
    candidate = app.state == S.CANDIDATE  # a screened candidate the enterprise now applies for itself
    if enterprise.pk in decisions:
        _ent, facts, decision = decisions[enterprise.pk]
        _apply_decision(app, facts, decision)
    else:
        app.eligible, app.amount, app.checks, app.facts = False, Decimal("0.00"), [], {}
    app.note = note
    submitted = {"eligible": app.eligible, "amount": app.amount}
    if candidate:  # the step's own entry says what was submitted
        ITEM.move("apply", app, actor=actor, record={"after": submitted})
    else:
        audit("subsidies.application.submitted", app, actor=actor, after=submitted)
    app.save()
    return app


def _person_application_fields(round_: SchemeRound, actor, basis) -> dict:
    """Who may apply for ``basis`` in ``round_`` and the item's keys: the contract's employer for a
    job-expansion hire, the certificate holder for a skills-upgrade certificate. Refused unless the
    basis object is of the scheme, the actor's own, and in the round's window."""
    from persons.models import Certificate, CitizenAccount, LabourContract
    from subsidies.rules import job_expansion as je

    params = rule_for(round_.scheme.code).prepare(round_.parameters)
    if round_.scheme.code == "job_expansion":
        if not isinstance(basis, LabourContract):
            raise DomainError(_("Choose the hire (labour contract) the application is for."), field="contract")
        if actor is None or not getattr(actor, "is_enterprise_user", False) or actor.enterprise_id != basis.enterprise_id:
            raise DomainError(_("Only the employer of the hire may apply for it."), code="forbidden")
        start, end = je.hire_window(params)
        if not start <= basis.starts_on <= end:
            raise DomainError(_("This labour contract does not start in the round's hire window (%(start)s to %(end)s).") % {
                "start": start, "end": end}, field="contract")
        enterprise = basis.enterprise
        return {"enterprise": enterprise, "person": None, "subject_id": basis.person_id, "basis_key": f"contract:{basis.pk}",
                "region_id": enterprise.region_id, "beneficiary_key": beneficiary_key(enterprise_id=enterprise.pk)}
    if not isinstance(basis, Certificate):
        raise DomainError(_("Choose the certificate the application is for."), field="certificate")
    if actor is None or not actor.is_authenticated or not CitizenAccount.objects.filter(user_id=actor.pk, person_id=basis.person_id).exists():
        raise DomainError(_("Only the certificate holder may apply for it."), code="forbidden")
    if not params["window_from"] <= basis.issued_on <= params["window_to"]:
        raise DomainError(_("This certificate was not issued in the round's window (%(start)s to %(end)s).") % {
            "start": params["window_from"], "end": params["window_to"]}, field="certificate")
    person = basis.person
    return {"enterprise": None, "person": person, "subject_id": person.pk, "basis_key": f"certificate:{basis.certificate_no}",
            "region_id": person.region_id, "beneficiary_key": beneficiary_key(person_id=person.pk)}


def _person_application_submit(*, round_: SchemeRound, actor, basis, note: str) -> Application:
    fields = _person_application_fields(round_, actor, basis)
    today = _today()
    if not round_.is_open(today):
        raise DomainError(_("Applications for %(round)s are closed.") % {"round": round_.name}, code="conflict")
    existing = (Application.objects.select_for_update()
                .filter(round=round_, beneficiary_key=fields["beneficiary_key"], basis_key=fields["basis_key"]).first())
    if existing is not None and existing.state != S.CANDIDATE:
        raise DomainError(_("There is already an item for this in the round: see it in your list."), code="conflict")
    if existing is None:
        keys = {k: v for k, v in fields.items() if k != "beneficiary_key"}
        try:
            with transaction.atomic():
                app = Application.objects.create(round=round_, origin=Application.Origin.APPLICATION, state=S.APPLIED, **keys)
        except IntegrityError:  # a concurrent submission of the same hire or certificate won
            raise DomainError(_("There is already an item for this in the round: see it in your list."), code="conflict") from None
    else:  # a screened candidate the enterprise or person now applies for
        ITEM.check("apply", actor, existing)
        app = existing
    decided = _decide_item(app, round_, claimed_on=today)
    if decided is None:
        raise DomainError(_("There are no social-insurance figures to decide this yet: apply again when they are in."), code="conflict")
    _apply_decision(app, *decided)
    app.note = note
    submitted = {"eligible": app.eligible, "amount": app.amount, "basis": app.basis_key, "failed_checks": decided[1].failed_checks}
    if existing is not None:  # the step's own entry says what was submitted
        ITEM.move("apply", app, actor=actor, record={"after": submitted})
    else:
        audit("subsidies.application.submitted", app, actor=actor, after=submitted)
    app.save()
    return app


@transaction.atomic
def application_review_start(*, app: Application, actor) -> Application:
    return _transition(_checked(app.pk, "review", actor), "review", actor=actor, before_state="candidate/applied", reviewed_by=actor)


@transaction.atomic
def application_return(*, app: Application, actor, message: str) -> Application:
    current = _checked(app.pk, "return", actor)
    if not (message or "").strip():
        raise DomainError(_("Say what information is missing."), field="message")
    return _transition(current, "return", actor=actor, before_state=S.UNDER_REVIEW, message=message,
                       staff_message=message.strip(), reviewed_by=actor)


@transaction.atomic
def application_resubmit(*, app: Application, actor, note: str) -> Application:
    current = _checked(app.pk, "resubmit", actor)
    if not (note or "").strip():
        raise DomainError(_("Add the information the reviewer asked for."), field="note")
    app = _transition(current, "resubmit", actor=actor, before_state=S.RETURNED, message=note, note=note.strip())
    decided = _decide_item(app, app.round)
    if decided is not None:
        _apply_decision(app, *decided)
        app.save()
    return app


@transaction.atomic
def application_approve(*, app: Application, actor) -> Application:
    """Approve after running the rule again on today's figures; refused beyond the budget or
    without a confirmed bank account. The round row lock serialises approvals (budget race)."""
    round_ = SchemeRound.objects.select_for_update().select_related("scheme").get(pk=app.round_id)
    current = _checked(app.pk, "approve", actor, lock=True)
    decided = _decide_item(current, round_)
    if decided is None:
        if current.subject_id:
            raise DomainError(_("The contract or certificate of this item is no longer found in the round's window: it cannot be approved."),
                              code="conflict")
        raise DomainError(_("There are no social-insurance figures for this enterprise: it cannot be approved."), code="conflict")
    facts, decision = decided
    _apply_decision(current, facts, decision)
    if not decision.eligible:
        current.save()
        raise DomainError(_("The rule finds the item not eligible (%(checks)s): reject it with a reason instead.") % {
            "checks": ", ".join(decision.failed_checks)}, code="conflict")
    account = payee_account(current)
    if account is None:
        if current.person_id:
            raise DomainError(_("The person's social-security-card account is not confirmed yet: the item cannot be approved."), code="conflict")
        raise DomainError(_("The enterprise has not confirmed a bank account yet: it cannot be approved."), code="conflict")
    used = Application.objects.filter(round=round_, state__in=COMMITTED_STATES).aggregate(s=Sum("amount"))["s"] or Decimal(0)
    if used + decision.amount > round_.budget:
        raise DomainError(_("Approving %(amount)s yuan would exceed the round's remaining budget of %(left)s yuan.") % {
            "amount": decision.amount, "left": round_.budget - used}, code="conflict")
    ITEM.move("approve", current, actor=actor, updates={
        "eligible": current.eligible, "rate": current.rate, "base": current.base, "amount": current.amount,
        "checks": current.checks, "facts": current.facts, "bank_account": account, "reviewed_by": actor,
        "decided_at": timezone.now(), "decision_reason": "", "updated_at": timezone.now()},
        record={"before": {"state": S.UNDER_REVIEW}, "after": {"state": S.APPROVED, "amount": current.amount}})
    return current


@transaction.atomic
def application_reject(*, app: Application, actor, reason: str) -> Application:
    current = _checked(app.pk, "reject", actor)
    if not (reason or "").strip():
        raise DomainError(_("Give the reason for the rejection."), field="reason")
    app = _transition(current, "reject", actor=actor, before_state=S.UNDER_REVIEW, message=reason,
                      decision_reason=reason.strip(), reviewed_by=actor, decided_at=timezone.now())
    return app


# --- Payee accounts: the enterprise's bank account, the person's social-security-card account ----


def payee_account(app: Application) -> BankAccount | None:
    """The active payee account of the item's beneficiary, whatever its kind."""
    if app.person_id is not None:
        return BankAccount.objects.filter(person_id=app.person_id, active=True).first()
    if app.enterprise_id is not None:
        return BankAccount.objects.filter(enterprise_id=app.enterprise_id, active=True).first()
    return None


def _clean_account(*, account_name: str, bank_name: str, account_number: str, holder: str, holder_message: str) -> tuple[str, str, str]:
    number = ascii_digits("".join((account_number or "").split()))  # full-width １２ as 12; "²" or "٣" refused
    if not is_digits(number) or not 8 <= len(number) <= 30:
        raise DomainError(_("Enter the account number as 8 to 30 digits."), field="account_number")
    if not (account_name or "").strip():
        raise DomainError(_("Enter the account holder's name."), field="account_name")
    if account_name.strip() != holder:
        raise DomainError(holder_message, field="account_name")
    if not (bank_name or "").strip():
        raise DomainError(_("Enter the bank."), field="bank_name")
    return account_name.strip(), bank_name.strip(), number




@transaction.atomic
def bank_account_confirm(*, enterprise: Enterprise, actor, account_name: str, bank_name: str, account_number: str) -> BankAccount:
    if actor is None or actor.enterprise_id != enterprise.pk:
        raise DomainError(_("Only the enterprise itself may confirm its bank account."), code="forbidden")
    account_name, bank_name, number = _clean_account(
        account_name=account_name, bank_name=bank_name, account_number=account_number, holder=enterprise.name,
        holder_message=_("The account holder must be the enterprise itself (%(name)s).") % {"name": enterprise.name})
    Enterprise.objects.select_for_update().filter(pk=enterprise.pk).first()
    BankAccount.objects.filter(enterprise=enterprise, active=True).update(active=False)
    account = BankAccount.objects.create(
        enterprise=enterprise, account_name=account_name, bank_name=bank_name, account_number=number,
        confirmed_at=timezone.now(), confirmed_by=actor,
    )
    moved = Application.objects.filter(enterprise=enterprise, state__in=[S.APPROVED, S.NOTICED, S.HELD, S.PAYABLE]).update(bank_account=account)
    audit("subsidies.bank_account.confirmed", account, actor=actor, region=enterprise.region_id,
          after={"bank": account.bank_name, "account_last4": number[-4:], "items_updated": moved})
    return account


@transaction.atomic
def card_account_confirm(*, person, actor, bank_name: str, account_number: str, account_name: str | None = None,
                         request=None) -> BankAccount:
    """The person's social-security-card financial account (社保卡金融账户): confirmed by the person
    (a citizen account linked to them) or recorded by bureau staff who may see the person. The
    holder is the person; the items waiting for payment move to the new account. Audited with the
    last four digits only."""
    from persons.models import CitizenAccount, Person
    from xingtai_jobs.core.scoping import ensure_actor_may_see

    if actor is None or not actor.is_authenticated:
        raise DomainError(_("Only the person or bureau staff may confirm the social-security-card account."), code="forbidden")
    if getattr(actor, "is_bureau_staff", False):
        ensure_actor_may_see(actor, person)
    elif not CitizenAccount.objects.filter(user=actor, person=person).exists():
        raise DomainError(_("Only the person or bureau staff may confirm the social-security-card account."), code="forbidden")
    account_name, bank_name, number = _clean_account(
        account_name=person.name if account_name is None else account_name, bank_name=bank_name, account_number=account_number,
        holder=person.name, holder_message=_("The account holder must be the person themself."))
    Person.objects.select_for_update().filter(pk=person.pk).first()
    BankAccount.objects.filter(person=person, active=True).update(active=False)
    account = BankAccount.objects.create(person=person, account_name=account_name, bank_name=bank_name, account_number=number,
                                         confirmed_at=timezone.now(), confirmed_by=actor)
    moved = Application.objects.filter(person=person, state__in=[S.APPROVED, S.NOTICED, S.HELD, S.PAYABLE]).update(bank_account=account)
    audit("subsidies.card_account.confirmed", account, actor=actor, request=request, region=person.region_id,
          after={"bank": account.bank_name, "account_last4": number[-4:], "items_updated": moved})
    return account


# --- Public notice (公示) and objections ------------------------------------------------------


@transaction.atomic
def notice_publish(*, round_: SchemeRound, actor, app_ids=None, on_date: dt.date | None = None) -> PublicNotice:
    """Publish the approved items of ``round_`` visible to ``actor`` (or the given ones)."""
    from subsidies.selectors import applications_for

    if not ITEM.step("publish").who(actor, None):
        raise DomainError(_("Only bureau staff may do this."), code="forbidden")
    qs = applications_for(actor).filter(round=round_, state=S.APPROVED)
    if app_ids is not None:
        qs = qs.filter(pk__in=list(app_ids))
    ids = list(qs.select_for_update().values_list("pk", flat=True))
    if not ids:
        raise DomainError(_("There are no approved items to publish."), code="conflict")
    day = on_date or _today()
    days = int(round_.parameters["notice_working_days"])
    notice = PublicNotice.objects.create(
        round=round_, title=_("%(round)s: public notice of %(date)s") % {"round": round_.name, "date": day.isoformat()},
        published_on=day, closes_on=add_working_days(day, days), working_days=days, published_by=actor,
    )
    n = ITEM.move_many("publish", ids, updates={"notice": notice, "updated_at": timezone.now()},
                       conflict_message=_("Some items changed while publishing; nothing was published. Try again."))
    audit("subsidies.notice.published", notice, actor=actor, region=None,
          after={"items": n, "published_on": day, "closes_on": notice.closes_on})
    return notice


@transaction.atomic
def objection_file(*, notice: PublicNotice, app_id: int, name: str, phone: str, text: str, on_date: dt.date | None = None) -> Objection:
    from django.core.exceptions import ValidationError

    from xingtai_jobs.core.validators import normalize_mobile

    day = on_date or _today()
    if notice.status != PublicNotice.Status.OPEN or day > notice.closes_on:
        raise DomainError(_("The objection period of this notice has ended."), code="conflict")
    name = (name or "").strip()
    text = (text or "").strip()
    if not 1 <= len(name) <= 50:
        raise DomainError(_("Enter your name (up to 50 characters)."), field="name")
    try:
        phone = normalize_mobile(phone)
    except ValidationError as exc:
        raise DomainError(exc.messages[0], field="phone") from exc
    if not 10 <= len(text) <= 2000:
        raise DomainError(_("Describe the objection in 10 to 2000 characters."), field="text")
    app = Application.objects.select_for_update().filter(pk=app_id, notice=notice).first()
    if app is None:
        raise DomainError(_("Choose an item of this notice."), field="application")
    objection = Objection.objects.create(notice=notice, application=app, region_id=app.region_id, name=name, phone=phone, text=text)
    row = list(_notice_row_items(app).filter(state=S.NOTICED).values_list("pk", flat=True))
    if row:
        ITEM.move_many("object", row, updates={"updated_at": timezone.now()},
                       conflict_message=_("Some items changed while filing the objection; try again."))
    audit("subsidies.objection.filed", objection, region=app.region_id, after={"application": app.pk})
    return objection


@transaction.atomic
def objection_resolve(*, objection: Objection, actor, upheld: bool, resolution: str) -> Objection:
    app = Application.objects.select_for_update().get(pk=objection.application_id)
    if not staff_in_scope(actor, app):
        raise DomainError(_("Only bureau staff may do this."), code="forbidden")
    if not (resolution or "").strip():
        raise DomainError(_("Write down how the objection was resolved."), field="resolution")
    status = Objection.Status.UPHELD if upheld else Objection.Status.DISMISSED
    n = Objection.objects.filter(pk=objection.pk, status=Objection.Status.OPEN).update(
        status=status, resolution=resolution.strip(), resolved_by=actor, resolved_at=timezone.now())
    if n != 1:
        raise DomainError(_("This objection was already resolved."), code="conflict")
    row = _notice_row_items(app)
    if upheld:
        ITEM.check("uphold", actor, app)
        ITEM.move_all("uphold", row.filter(state__in=[S.HELD, S.NOTICED]), updates={
            "decision_reason": resolution.strip(), "decided_at": timezone.now(), "updated_at": timezone.now()})
    elif not Objection.objects.filter(application__in=row.values("pk"), status=Objection.Status.OPEN).exists():
        closed = app.notice is not None and app.notice.status == PublicNotice.Status.CLOSED
        ITEM.move_all("release", row.filter(state=S.HELD), to=S.PAYABLE if closed else S.NOTICED,
                      updates={"updated_at": timezone.now()})
    objection.refresh_from_db()
    audit("subsidies.objection.resolved", objection, actor=actor, after={"status": status}, message=resolution)
    return objection


def _notice_row_items(app: Application):
    """The items shown as one row of the item's public notice: an enterprise's hires of a
    job-expansion notice form one row (enterprise, number of hires, amount); otherwise the item."""
    if app.notice_id is None:
        return Application.objects.filter(pk=app.pk)
    if app.enterprise_id is not None and app.subject_id is not None:
        return Application.objects.filter(notice_id=app.notice_id, beneficiary_key=app.beneficiary_key)
    return Application.objects.filter(pk=app.pk)


def notices_close_due(*, on_date: dt.date | None = None) -> int:
    """Close every notice whose window has ended; its unheld items become payable. Idempotent."""
    day = on_date or _today()
    closed = 0
    for notice_id in PublicNotice.objects.filter(status=PublicNotice.Status.OPEN, closes_on__lt=day).values_list("pk", flat=True):
        with transaction.atomic():
            if NOTICE.move_all("close", PublicNotice.objects.filter(pk=notice_id)) != 1:
                continue
            n = ITEM.move_all("notice_closed", Application.objects.filter(notice_id=notice_id),
                              updates={"updated_at": timezone.now()})
            notice = PublicNotice.objects.get(pk=notice_id)
            audit("subsidies.notice.closed", notice, after={"payable": n})
            closed += 1
    return closed


# --- Payout batches ------------------------------------------------------------------------


def _batch_reference(round_: SchemeRound) -> str:
    """A batch reference that reads as what it is: the scheme's initials, the round's assessment
    year, the round and the batch's number in it ("SJR2024-R3-02": the second batch of round 3 of the
    2024 job-stabilisation refund). No clock digits, so it never looks like another date; short
    enough for the payout items' "<batch>-<item>-<attempt>" bank references (40 characters)."""
    initials = "".join(part[:1] for part in round_.scheme.code.split("_") if part).upper()[:6] or "B"
    number = PayoutBatch.objects.filter(round=round_).count() + 1
    return f"{initials}{round_.assessment_year}-R{round_.pk}-{number:02d}"


@transaction.atomic
def payout_batch_create(*, round_: SchemeRound, actor) -> PayoutBatch:
    """Open a draft batch; only one draft per round at a time (two builders: one wins)."""
    _require_city_staff(actor)
    if PayoutBatch.objects.filter(round=round_, status=PayoutBatch.Status.DRAFT).exists():
        raise DomainError(_("A draft batch for this round already exists: fill or lock it first."), code="conflict")
    reference = _batch_reference(round_)
    try:
        with transaction.atomic():
            batch = PayoutBatch.objects.create(round=round_, reference=reference, created_by=actor)
    except IntegrityError:
        raise DomainError(_("A draft batch for this round already exists: fill or lock it first."), code="conflict") from None
    audit("subsidies.batch.created", batch, actor=actor)
    return batch


def payout_batch_fill(*, batch_id: int, actor=None, chunk_size: int = 5000, max_chunks: int | None = None) -> PayoutBatch:
    """Move payable items into the draft batch chunk by chunk, each chunk one transaction, up to
    the round's cap. Safe to rerun after a crash: it continues where it stopped."""
    chunks = 0
    while max_chunks is None or chunks < max_chunks:
        added = _payout_batch_fill_chunk(batch_id=batch_id, actor=actor, chunk_size=chunk_size)
        chunks += 1
        if not added:
            break
    batch = PayoutBatch.objects.get(pk=batch_id)
    audit("subsidies.batch.filled", batch, actor=actor, after={"items": batch.item_count, "total": batch.total})
    return batch


@transaction.atomic
def _payout_batch_fill_chunk(*, batch_id: int, actor, chunk_size: int) -> int:
    try:
        lock = PayoutBatch.objects.select_for_update(nowait=_is_postgres())
        batch = lock.select_related("round__scheme").get(pk=batch_id)
    except DatabaseError:
        raise DomainError(_("Another worker is building this batch right now; try again when it has finished."), code="conflict") from None
    BATCH.check("fill", actor, batch)
    cap = int(batch.round.parameters["batch_max_items"])
    room = min(chunk_size, cap - batch.item_count)
    if room <= 0:
        return 0
    candidates = Application.objects.filter(round=batch.round, state=S.PAYABLE, bank_account__isnull=False).order_by("pk")
    if _is_postgres():
        candidates = candidates.select_for_update(skip_locked=True, of=("self",))
    # The payee is the item's beneficiary whatever its kind: the account was fixed on the item at
    # approval (the enterprise's bank account or the person's social-security-card account).
    rows = list(candidates.values_list(
        "pk", "enterprise_id", "person_id", "subject_id", "beneficiary_key", "basis_key", "attempts", "amount",
        "bank_account__account_name", "bank_account__bank_name", "bank_account__account_number")[:room])
    if not rows:
        return 0
    scheme_id, year, ref = batch.round.scheme_id, batch.round.assessment_year, batch.reference
    items: list[dict[str, Any]] = [
        {"batch_id": batch.pk, "application_id": pk, "enterprise_id": ent_id, "person_id": person_id, "subject_id": subject_id,
         "beneficiary_key": key, "subject_key": subject_key_for(subject_id=subject_id, basis_key=basis),
         "scheme_id": scheme_id, "period": payout_period(basis, year),
         "attempt": attempts + 1, "reference": f"{ref}-{pk}-{attempts + 1}", "amount": amount, "payee_name": payee,
         "bank_name": bank, "account_number": number, "status": PayoutItem.Status.PENDING, "failure_reason": ""}
        for pk, ent_id, person_id, subject_id, key, basis, attempts, amount, payee, bank, number in rows
    ]
    ids = [i["application_id"] for i in items]
    bulk_insert(PayoutItem, items)
    ITEM.move_many("batch", ids, updates={"attempts": F("attempts") + 1, "updated_at": timezone.now()},
                   conflict_message=_("Some items changed while building the batch; nothing was added. Try again."))
    total = sum((i["amount"] for i in items), Decimal(0))
    PayoutBatch.objects.filter(pk=batch.pk).update(item_count=batch.item_count + len(items), total=batch.total + total)
    return len(items)


@transaction.atomic
def payout_batch_lock(*, batch: PayoutBatch, actor) -> PayoutBatch:
    current = PayoutBatch.objects.select_for_update().get(pk=batch.pk)
    BATCH.check("lock", actor, current)
    BATCH.move("lock", current, actor=actor, guard=Q(item_count__gt=0), updates={"locked_by": actor, "locked_at": timezone.now()},
               record={"after": {"items": current.item_count, "total": current.total}},
               conflict_message=_("Only a draft batch with items can be locked."))
    batch.refresh_from_db()
    return batch


def payout_batch_export_rows(*, batch: PayoutBatch, actor):
    """Rows of the bank file (full account numbers: the one place they appear). Audited."""
    BATCH.check("export", actor, batch)
    audit("subsidies.batch.exported", batch, actor=actor, after={"items": batch.item_count, "total": batch.total})
    return (
        batch.items.filter(status=PayoutItem.Status.PENDING).order_by("pk")
        .values_list("payee_name", "bank_name", "account_number", "amount", "reference").iterator(chunk_size=5000)
    )


BANK_EXPORT_HEADERS = ("收款人 payee", "开户行 bank", "账号 account", "金额 amount", "业务参考号 reference")


def bank_result_import(*, batch: PayoutBatch, path, actor):
    """Reconcile the bank's result file (all or nothing)."""
    from subsidies.imports import BankResultSpec
    from xingtai_jobs.core.imports import run_import

    BATCH.check("import", actor, batch)
    return run_import(BankResultSpec(batch=batch), path, actor=actor)


def payout_items_reconcile(*, batch: PayoutBatch, rows: list[dict], actor=None) -> tuple[int, int]:
    """Write one chunk of checked bank results (called inside the import's transaction)."""
    refs = {r["reference"]: r for r in rows}
    items = list(PayoutItem.objects.select_for_update().filter(batch=batch, reference__in=list(refs), status=PayoutItem.Status.PENDING)
                 .select_related("batch__round"))
    if len(items) != len(refs):
        raise DomainError(_("Some references were already reconciled; nothing was imported."), code="conflict")
    max_attempts = int(batch.round.parameters["max_payment_attempts"])
    paid_ids, failed = [], []
    for item in items:
        row = refs[item.reference]
        if row["paid"]:
            item.status = PayoutItem.Status.PAID
            paid_ids.append(item.application_id)
        else:
            item.status = PayoutItem.Status.FAILED
            item.failure_reason = row.get("reason") or ""
            failed.append(item.application_id)
    PayoutItem.objects.bulk_update(items, ["status", "failure_reason"], batch_size=2000)
    now = timezone.now()
    ITEM.move_all("paid", Application.objects.filter(pk__in=paid_ids), updates={"updated_at": now})
    ITEM.move_all("failed", Application.objects.filter(pk__in=failed, attempts__gte=max_attempts), to=S.MANUAL,
                  updates={"updated_at": now})
    ITEM.move_all("failed", Application.objects.filter(pk__in=failed, attempts__lt=max_attempts), to=S.PAYABLE,
                  updates={"updated_at": now})
    return len(items), 0


def payout_batch_after_reconcile(*, batch: PayoutBatch, actor, summary: dict) -> None:
    BATCH.check("reconciled", actor, batch)  # only a locked batch's import reconciles it
    if not batch.items.filter(status=PayoutItem.Status.PENDING).exists():
        BATCH.move_all("reconciled", PayoutBatch.objects.filter(pk=batch.pk), updates={"reconciled_at": timezone.now()})
    audit("subsidies.batch.reconciled", batch, actor=actor, after=summary)


def budget_used(round_: SchemeRound) -> Decimal:
    return Application.objects.filter(round=round_, state__in=COMMITTED_STATES).aggregate(s=Sum("amount"))["s"] or Decimal(0)



# --- round parameters (listed and edited on /staff/policy/) -------------------------------------


@transaction.atomic
def round_set_parameter(*, round_id: int, name: str, value, confirmed: bool, actor, request=None) -> SchemeRound:
    """Change one parameter of a round (and whether its source is confirmed): city staff only,
    validated against the scheme's declared parameter set with the other parameters, audited with
    before/after."""
    _require_city_staff(actor)
    round_ = SchemeRound.objects.select_for_update().select_related("scheme").filter(pk=round_id).first()
    if round_ is None:
        raise DomainError(_("This round does not exist."), code="not_found")
    try:
        params = rule_for(round_.scheme.code).validate_parameters({**(round_.parameters or {}), name: value})
    except ValueError as exc:
        raise DomainError(str(exc), field="value") from None
    if name not in params:
        raise DomainError(_("This round has no such parameter."), code="not_found")
    provisional = sorted((set(round_.provisional or ()) - {name}) | (set() if confirmed else {name}))
    before = {"name": name, "value": (round_.parameters or {}).get(name), "confirmed": name not in (round_.provisional or ())}
    after = {"name": name, "value": params[name], "confirmed": bool(confirmed)}
    if before == after:
        return round_
    round_.parameters, round_.provisional = params, provisional
    round_.parameters_changed_by, round_.parameters_changed_at = actor, timezone.now()
    round_.save(update_fields=["parameters", "provisional", "parameters_changed_by", "parameters_changed_at"])
    audit("subsidies.round.parameter_changed", round_, actor=actor, request=request, before=before, after=after, message=name)
    return round_


# --- Person schemes (一次性扩岗补助, 技能提升补贴): screening decisions -------------------------

PERSON_SCHEMES = ("job_expansion", "skill_upgrade")


def parse_as_of(text: str | None) -> tuple[dt.date | None, bool]:
    """``--as-of`` as a date: YYYY-MM-DD, or YYYY-MM (then the month's last day; second value True)."""
    import calendar

    if not text:
        return None, False
    value = text.strip()
    try:
        if len(value) == 7:
            year, month = int(value[:4]), int(value[5:7])
            return dt.date(year, month, calendar.monthrange(year, month)[1]), True
        return dt.date.fromisoformat(value), False
    except ValueError:
        raise DomainError(_("Give --as-of as YYYY-MM-DD or YYYY-MM."), field="as_of") from None


def _person_ids_with_basis(round_: SchemeRound) -> list[int]:
    from persons.models import Certificate, LabourContract
    from subsidies.rules import job_expansion as je

    params = rule_for(round_.scheme.code).prepare(round_.parameters)
    if round_.scheme.code == "job_expansion":
        start, end = je.hire_window(params)
        contracts = LabourContract.objects.filter(starts_on__gte=start, starts_on__lte=end)
        return list(contracts.order_by("person_id").values_list("person_id", flat=True).distinct())
    certs = Certificate.objects.filter(issued_on__gte=params["window_from"], issued_on__lte=params["window_to"])
    return list(certs.order_by("person_id").values_list("person_id", flat=True).distinct())


def _confirmed_items(scheme_code: str, person_range: tuple[int, int] | None):
    qs = Application.objects.filter(round__scheme__code=scheme_code, state__in=COMMITTED_STATES, subject__isnull=False)
    if person_range is not None:
        qs = qs.filter(subject_id__gte=person_range[0], subject_id__lte=person_range[1])
    return qs.values_list("subject_id", "basis_key")


def job_expansion_confirmed(*, person_range: tuple[int, int] | None = None) -> dict[int, set[int]]:
    """Person id → the labour contracts of their confirmed (approved or later) job-expansion items,
    in any round (once per person, ever)."""
    out: dict[int, set[int]] = {}
    for person_id, basis in _confirmed_items("job_expansion", person_range):
        contract = int(basis.split(":", 1)[1]) if basis.startswith("contract:") else 0
        out.setdefault(person_id, set()).add(contract)
    return out


def skill_upgrade_granted(*, person_range: tuple[int, int] | None = None) -> dict:
    """Person id → the grants of their confirmed (approved or later) skills-upgrade items, in any
    round: the occupation, level and year of each certificate."""
    from persons.models import Certificate
    from subsidies.rules.skill_upgrade import Grant

    numbers = {basis[len("certificate:"):]: pid for pid, basis in _confirmed_items("skill_upgrade", person_range)
               if basis.startswith("certificate:")}
    out: dict[int, list] = {}
    keys = list(numbers)
    for i in range(0, len(keys), 2000):
        for number, code, level, issued_on in (Certificate.objects.filter(certificate_no__in=keys[i:i + 2000])
                                               .values_list("certificate_no", "occupation_code", "level", "issued_on")):
            out.setdefault(numbers[number], []).append(Grant(code, level, issued_on.year, number))
    return out


def person_screening_compute(*, round_: SchemeRound, as_of: dt.date | None = None,
                             person_range: tuple[int, int] | None = None) -> list[dict]:
    """Decisions of a person scheme's round (read only), one per basis object: per labour contract
    starting in the hire window (job expansion, as of ``as_of``'s month, else the latest month with
    contributions) or per certificate issued in the window (skills upgrade, claimed on ``as_of``,
    else today). Confirmed (approved or later) items of any round are the history: a job-expansion
    person confirmed for another contract is refused (once per person); a confirmed certificate is
    granted for the same-level, downgrade and yearly-limit checks."""
    from subsidies import person_facts

    code = round_.scheme.code
    rule = rule_for(code)
    params = rule.prepare(round_.parameters)
    if code == "job_expansion":
        month = person_facts.month_of(as_of) or person_facts.latest_contribution_month()
        if month is None:
            return []
        decided = person_facts.screen_job_expansion(params, as_of_month=month, person_range=person_range,
                                                    confirmed_contracts=job_expansion_confirmed(person_range=person_range))
        return [{"subject": s, "facts": f, "decision": d, "as_of_month": month} for s, f, d in decided]
    if code == "skill_upgrade":
        certificates = person_facts.screen_skill_upgrade(params, claimed_on=as_of or _today(), person_range=person_range,
                                                         granted=skill_upgrade_granted(person_range=person_range))
        return [{"subject": s, "facts": f, "decision": d} for s, f, d in certificates]
    raise DomainError(_("%(scheme)s is not a person scheme.") % {"scheme": code}, code="invalid")


def person_facts_as_dict(facts) -> dict:
    """A person scheme's facts as JSON (dates ISO, tuples lists), stored on the item."""
    import dataclasses

    def plain(value):
        if isinstance(value, (dt.date, dt.datetime)):
            return value.isoformat()
        if isinstance(value, Decimal):
            return str(value)
        if dataclasses.is_dataclass(value) and not isinstance(value, type):
            return {f.name: plain(getattr(value, f.name)) for f in dataclasses.fields(value)}
        if isinstance(value, (list, tuple)):
            return [plain(v) for v in value]
        return value

    return plain(facts)


def person_item_fields(round_: SchemeRound, subject) -> dict:
    """Who an item of a person scheme pays, what it is about and its region (ADR 0019)."""
    if round_.scheme.code == "job_expansion":
        return {"enterprise_id": subject.enterprise_id, "person_id": None, "subject_id": subject.person_id,
                "basis_key": f"contract:{subject.contract_id}", "beneficiary_key": beneficiary_key(enterprise_id=subject.enterprise_id),
                "region_id": subject.enterprise_region_id}
    return {"enterprise_id": None, "person_id": subject.person_id, "subject_id": subject.person_id,
            "basis_key": f"certificate:{subject.certificate_no}", "beneficiary_key": beneficiary_key(person_id=subject.person_id),
            "region_id": subject.region_id}


def _person_screening_write_chunk(round_: SchemeRound, id_range: tuple[int, int], *, as_of: dt.date | None) -> dict:
    """The person schemes' chunk (persons with ids in ``id_range``): this round's candidate items of
    those persons are replaced by the eligible basis objects; items past candidate are kept."""
    lo, hi = id_range
    with _gc_paused():
        results = person_screening_compute(round_=round_, as_of=as_of, person_range=id_range)
    in_range = Application.objects.filter(round=round_, subject_id__gte=lo, subject_id__lte=hi)
    removed, _detail = in_range.filter(state=S.CANDIDATE).only("pk").delete()
    kept = set(in_range.values_list("beneficiary_key", "basis_key"))
    new = []
    for r in results:
        d = r["decision"]
        if not d.eligible:
            continue
        fields = person_item_fields(round_, r["subject"])
        if (fields["beneficiary_key"], fields["basis_key"]) in kept:
            continue
        new.append({
            "round_id": round_.pk, **fields, "origin": Application.Origin.SCREENING, "state": S.CANDIDATE, "eligible": True,
            "rate": d.rate, "base": d.base, "amount": d.amount, "checks": d.checks_as_dicts(),
            "facts": person_facts_as_dict(r["facts"]),
        })
    bulk_insert(Application, new)
    return {"screened": len(results), "candidates": len(new), "replaced": removed}
