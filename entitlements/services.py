"""Writes of the entitlements: planning and recording the monthly lines (the command and the
monthly task), and the review steps (the only human decision is the approval). Keyword-only,
atomic, guarded by the state machine (``entitlements.workflows``), audited."""

from __future__ import annotations

import datetime as dt
import json
from collections import defaultdict
from collections.abc import Iterable, Iterator
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.db import transaction
from django.db.models import Count, Max
from django.utils import timezone
from django.utils.translation import gettext as _

from entitlements import facts as loaders
from entitlements.models import Entitlement, EntitlementLine, LineAdjustment
from entitlements.policy import SCHEMES
from entitlements.rules import (
    NO_CONTRIBUTION,
    SKIP_TEXT,
    STOP_TEXT,
    Outcome,
    codes,
    si_graduate,
    si_hardship,
    social_insurance,
    ym,
)
from entitlements.rules import internship as internship_rule
from entitlements.workflows import ADJUSTMENT, ENTITLEMENT
from subsidies.models import SchemeRound
from subsidies.rules import rule_for
from xingtai_jobs.core import clock
from xingtai_jobs.core.audit import Entry, audit, audit_many
from xingtai_jobs.core.errors import DomainError
from xingtai_jobs.core.retirement import add_months
from xingtai_jobs.core.scoping import ensure_actor_may_see

S = Entitlement.State
L = EntitlementLine.State
K = EntitlementLine.Kind
D = LineAdjustment.Decision
CHUNK = 2000
SI_RULES = {"si_hardship": si_hardship, "si_graduate": si_graduate}


def round_for(scheme_code: str, year: int) -> SchemeRound:
    if scheme_code not in SCHEMES:
        raise DomainError(_("Unknown entitlement scheme %(scheme)s: use one of %(schemes)s.") % {
            "scheme": scheme_code, "schemes": ", ".join(SCHEMES)}, field="scheme")
    try:
        return SchemeRound.objects.select_related("scheme").get(scheme__code=scheme_code, assessment_year=year)
    except SchemeRound.DoesNotExist:
        raise DomainError(_("There is no round of %(scheme)s for assessment year %(year)s.") % {
            "scheme": scheme_code, "year": year}, code="not_found") from None


def _refuse_item_round(round_: SchemeRound) -> None:
    """Only the rounds of entitlement schemes (``ENTITLEMENT = True`` on the rule) are planned here;
    the other schemes' items are screened or applied for in the subsidies app."""
    if not getattr(rule_for(round_.scheme.code), "ENTITLEMENT", False):
        raise DomainError(_("%(round)s is not paid through entitlements: its items are screened or applied for as subsidy items.") % {
            "round": round_.name}, code="conflict", field="scheme")


def effective_through(scheme_code: str, through: dt.date) -> dt.date:
    """The social-insurance schemes stop at the last month whose contributions are in."""
    through = through.replace(day=1)
    if scheme_code in SI_RULES:
        latest = loaders.latest_contribution_month()
        if latest is None:
            return add_months(through, -1200)
        return min(through, latest)
    return through


# --- planning (pure over loaded facts) -------------------------------------------------------------


def _fixed_max(scheme_code: str, person_ids: Iterable[int]) -> dict[int, int]:
    """Person → max_months fixed at the person's first approval in this scheme."""
    out: dict[int, int] = {}
    for pid, months in (Entitlement.objects.filter(scheme_code=scheme_code, person_id__in=list(person_ids),
                                                   first_approved_on__isnull=False, max_months__isnull=False)
                        .order_by("person_id", "first_approved_on", "id").values_list("person_id", "max_months")):
        if months is not None:
            out.setdefault(pid, months)
    return out


def _chunks(items: list, size: int) -> Iterator[list]:
    for i in range(0, len(items), size):
        yield items[i:i + size]


def plan_chunks(round_: SchemeRound, *, through: dt.date, person_ids: Iterable[int] | None = None,
                chunk: int = CHUNK) -> Iterator[list[tuple[loaders.Subject, Outcome]]]:
    """The outcomes of the round, chunk by chunk of persons, in person, start-date, USCC order."""
    _refuse_item_round(round_)
    code = round_.scheme.code
    params = rule_for(code).prepare(round_.parameters)
    if code in SI_RULES:
        rule = SI_RULES[code]
        ids = loaders.si_person_ids(params) if person_ids is None else sorted(set(person_ids))
        for part in _chunks(ids, chunk):
            facts = loaders.si_facts(params, part, through=through)
            fixed = _fixed_max(code, part)
            out: list[tuple[loaders.Subject, Outcome]] = []
            for pid in sorted(facts, key=lambda p: facts[p][0][0].resident_id):
                pairs = sorted(facts[pid], key=lambda sf: (sf[1].starts_on, sf[1].uscc))
                outcomes = rule.plan_person_contracts([f for _s, f in pairs], params, through=through, fixed_max=fixed.get(pid))
                out.extend(zip([s for s, _f in pairs], outcomes, strict=True))
            yield out
        return
    placements = loaders.internship_person_keys(params)
    if person_ids is not None:
        wanted = set(person_ids)
        placements = list(loaders.internship_placements(params).filter(person_id__in=wanted)
                          .order_by("person__resident_id", "start", "id").values_list("id", flat=True))
    elsewhere = set(Entitlement.objects.filter(scheme_code=code, eligible=True).exclude(round=round_)
                    .exclude(state=S.REJECTED).values_list("person_id", flat=True))
    # keep one person's placements in one chunk (each intern once)
    by_resident = list(loaders.internship_placements(params).filter(pk__in=placements).order_by("person__resident_id", "start", "id")
                       .values_list("id", "person__resident_id"))
    groups: list[list[int]] = []
    current: list[int] = []
    last = None
    for pk, rid in by_resident:
        if current and rid != last and len(current) >= chunk:
            groups.append(current)
            current = []
        current.append(pk)
        last = rid
    if current:
        groups.append(current)
    for part in groups:
        yield [(subject, internship_rule.plan(f, params, through=through))
               for subject, f in loaders.internship_facts(params, part, subsidised_elsewhere=elsewhere)]


def as_json(subject: loaders.Subject, outcome: Outcome) -> dict[str, Any]:
    """One object of ``plan_entitlements --json`` (full resident ID: the command is for staff)."""
    return {
        "resident_id": subject.resident_id, "uscc": subject.uscc, "eligible": outcome.eligible,
        "start_month": ym(outcome.start_month), "max_months": outcome.max_months if outcome.eligible else None,
        "months": [{"month": ym(line.month), "amount": f"{line.amount:.2f}"} for line in outcome.lines] if outcome.eligible else [],
        "total": f"{outcome.total:.2f}" if outcome.eligible else "0.00",
        "stop_reason": outcome.stop_reason, "failed_checks": list(outcome.failed_checks),
    }


def _schedule(outcome: Outcome) -> dict[str, Any]:
    return {
        "skipped": [{"month": ym(s.month), "reason": s.reason, "text": SKIP_TEXT[s.reason]} for s in outcome.skipped],
        "months_used": outcome.months_used,
        "months_left": max((outcome.max_months or 0) - outcome.months_used, 0) if outcome.eligible else 0,
        "end_month": ym(outcome.end_month), "end_reason": outcome.end_reason or "",
        "end_text": STOP_TEXT.get(outcome.end_reason or "", ""), "stop_reason": outcome.stop_reason or "",
        "clock_end": outcome.clock_end,
    }


# --- recording --------------------------------------------------------------------------------------


def record_plan(*, round_: SchemeRound, through: dt.date, actor=None, person_ids: Iterable[int] | None = None,
                dry_run: bool = False, chunk: int = CHUNK, on_chunk=None) -> list[tuple[loaders.Subject, Outcome]]:
    """Compute (and unless ``dry_run`` record) the round's entitlements and their lines up to
    ``through``. Each chunk is its own transaction; a rerun, or a rerun after a kill, converges on
    the same rows (unique per round and basis, per scheme, person and month)."""
    _refuse_item_round(round_)
    through = effective_through(round_.scheme.code, through)
    results: list[tuple[loaders.Subject, Outcome]] = []
    for part in plan_chunks(round_, through=through, person_ids=person_ids, chunk=chunk):
        results.extend(part)
        if not dry_run:
            with transaction.atomic():
                _record_chunk(round_, part, through=through, actor=actor)
            if on_chunk is not None:
                on_chunk(len(results))
    return results


def _record_chunk(round_: SchemeRound, part: list[tuple[loaders.Subject, Outcome]], *, through: dt.date, actor) -> None:
    code = round_.scheme.code
    part = [(s, o) for s, o in part if s.person_id is not None]
    keys = [s.basis_key for s, _o in part]
    existing = {e.basis_key: e for e in Entitlement.objects.select_for_update().filter(round=round_, basis_key__in=keys)}
    new, changed = [], []
    for subject, outcome in part:
        fields: dict[str, Any] = {
            "eligible": outcome.eligible, "failed_checks": list(outcome.failed_checks),
            "checks": [c.as_dict() for c in outcome.checks], "schedule": _schedule(outcome),
            "start_month": outcome.start_month, "computed_through": through,
        }
        ent = existing.get(subject.basis_key)
        if ent is None:
            ent = Entitlement(round=round_, scheme_code=code, enterprise_id=subject.enterprise_id, region_id=subject.enterprise_region_id,
                              person_id=int(subject.person_id or 0), contract_id=subject.contract_id, placement_id=subject.placement_id,
                              basis_key=subject.basis_key, max_months=outcome.max_months, **fields)
            new.append(ent)
            existing[subject.basis_key] = ent
            continue
        if ent.state in (S.ENDED, S.REJECTED):
            continue
        if ent.first_approved_on is None:
            fields["max_months"] = outcome.max_months
        if any(getattr(ent, k) != v for k, v in fields.items() if k != "computed_through"):
            for k, v in fields.items():
                setattr(ent, k, v)
            changed.append(ent)
    if new:
        Entitlement.objects.bulk_create(new)
    if changed:
        _update_recomputed(changed)
    _record_lines(code, [(existing[s.basis_key], o) for s, o in part])
    _advance_states([(existing[s.basis_key], o) for s, o in part], actor=actor)


_RECOMPUTED_SQL = """
UPDATE entitlements_entitlement e
SET eligible = v.eligible, failed_checks = v.failed_checks, checks = v.checks, schedule = v.schedule,
    start_month = v.start_month, computed_through = v.computed_through, max_months = v.max_months
FROM jsonb_to_recordset(%s::jsonb) AS v(id bigint, eligible boolean, failed_checks jsonb, checks jsonb, schedule jsonb,
                                        start_month date, computed_through date, max_months int)
WHERE e.id = v.id
"""


def _update_recomputed(changed: list[Entitlement]) -> None:
    """Write the recomputed fields of a chunk's changed entitlements (the rows are locked): on
    PostgreSQL one UPDATE from one JSON document of the rows (Django's ``bulk_update`` builds a CASE
    per row and field: about 5 s of Python for a chunk of 2,000; arrays of the checks' text took
    2.5 s to quote), elsewhere ``bulk_update``."""
    from django.db import connection

    fields = ["eligible", "failed_checks", "checks", "schedule", "start_month", "computed_through", "max_months"]
    if not settings.IS_POSTGRES:
        Entitlement.objects.bulk_update(changed, fields, batch_size=CHUNK)
        return
    rows = [{"id": e.pk, "eligible": e.eligible, "failed_checks": e.failed_checks, "checks": e.checks, "schedule": e.schedule,
             "start_month": e.start_month.isoformat(), "computed_through": e.computed_through.isoformat() if e.computed_through else None,
             "max_months": e.max_months} for e in changed]
    with connection.cursor() as cursor:
        cursor.execute(_RECOMPUTED_SQL, [json.dumps(rows, ensure_ascii=False)])


def _record_lines(code: str, pairs: list[tuple[Entitlement, Outcome]]) -> None:
    """Write the lines the outcomes want: new months created, changed unpaid ones updated, months no
    longer wanted deleted while unpaid; a paid (or committed) month whose facts changed is flagged as
    an adjustment (one open per line), never changed. Linear in the chunk's lines: the held lines are
    read once and indexed by person and month and by entitlement (walking every held line for every
    entitlement made a chunk quadratic: 149 s for a plan of big enterprises). Supplementary lines
    (a shortfall staff decided to pay) are not the plan's: it never reads, changes or deletes them."""
    person_ids = {e.person_id for e, _o in pairs}
    held: dict[tuple[int, dt.date], EntitlementLine] = {}
    held_by_ent: dict[int, list[EntitlementLine]] = defaultdict(list)
    for held_line in EntitlementLine.objects.select_for_update().filter(scheme_code=code, person_id__in=person_ids, kind=K.MONTH):
        held[(held_line.person_id, held_line.month)] = held_line
        held_by_ent[held_line.entitlement_id].append(held_line)
    history: dict[int, list[LineAdjustment]] = defaultdict(list)  # each committed line's adjustments, oldest first
    for adj in (LineAdjustment.objects.filter(line__in=[ln.pk for ln in held.values() if not _open_to_change(ln)])
                .select_related("supplement").order_by("created_at", "id")):
        history[adj.line_id].append(adj)
    create, update, delete = [], [], []
    adjust: list[tuple[EntitlementLine, Decimal, dict]] = []
    for ent, outcome in pairs:
        desired = {line.month: line for line in outcome.lines} if outcome.eligible and ent.state != S.REJECTED else {}
        frozen = ent.state in (S.ENDED, S.REJECTED)
        for month, line in desired.items():
            current = held.get((ent.person_id, month))
            if current is None:
                if not frozen:
                    row = EntitlementLine(entitlement=ent, scheme_code=code, person_id=ent.person_id, month=month, months=line.months,
                                          amount=line.amount, facts=line.facts)
                    create.append(row)
                    held[(ent.person_id, month)] = row
                continue
            if current.entitlement_id != ent.pk:
                continue  # the month is on the person's clock through another entitlement
            if _open_to_change(current):
                if (current.amount, current.facts, current.months) != (line.amount, line.facts, line.months):
                    current.amount, current.facts, current.months = line.amount, line.facts, line.months
                    update.append(current)
            elif _settled(current, history.get(current.pk, ())) != (line.amount, line.facts):
                adjust.append((current, line.amount, line.facts))
        for current in held_by_ent.get(ent.pk, ()):
            key = (current.person_id, current.month)
            if current.month in desired or held.get(key) is not current:
                continue
            if _open_to_change(current):
                delete.append(current.pk)
                del held[key]
            elif _settled(current, history.get(current.pk, ())) != (Decimal("0.00"), MISSING_FACTS):
                adjust.append((current, Decimal("0.00"), MISSING_FACTS))
    if delete:
        EntitlementLine.objects.filter(pk__in=delete, state=L.COMPUTED, application__isnull=True).delete()
    if create:
        EntitlementLine.objects.bulk_create(create, batch_size=CHUNK)
    if update:
        EntitlementLine.objects.bulk_update(update, ["amount", "facts", "months"], batch_size=CHUNK)
    _flag_adjustments(adjust, history, regions={e.pk: e.region_id for e, _o in pairs})


MISSING_FACTS = {"missing": True}  # the facts of a committed month the plan no longer gives


def _open_to_change(line: EntitlementLine) -> bool:
    """A line the plan may still change or withdraw: computed, in no item yet."""
    return line.state == L.COMPUTED and line.application_id is None


def _settled(line: EntitlementLine, adjustments) -> tuple[Decimal, dict]:
    """The amount and facts a committed line stands for: its own, or those of the last resolved
    adjustment (a decided correction is not flagged again; a further change of the facts is)."""
    resolved = [a for a in adjustments if a.state == LineAdjustment.State.RESOLVED]
    if resolved:
        return resolved[-1].amount_after, resolved[-1].facts_after
    return line.amount, line.facts


def _paid_for(line: EntitlementLine, adjustments) -> Decimal:
    """What the month has been paid (or committed) in all: the line, plus the shortfalls paid on
    it, less the overpayments recorded to recover."""
    total = line.amount
    for a in adjustments:
        if a.decision == D.PAY_SHORTFALL and a.supplement is not None:
            total += a.supplement.amount
        elif a.decision == D.RECOVER and a.to_recover is not None:
            total -= a.to_recover
    return total


def _flag_adjustments(adjust: list[tuple[EntitlementLine, Decimal, dict]], history: dict[int, list[LineAdjustment]], *,
                      regions: dict[int, int]) -> None:
    """One open adjustment per changed committed line (its after-facts follow later runs), created in
    one INSERT with one audit entry each (one INSERT). The amount before is what the month has been
    paid in all (``_paid_for``)."""
    new: list[LineAdjustment] = []
    changed: list[LineAdjustment] = []
    for held_line, amount, facts in adjust:
        past = history.get(held_line.pk, [])
        existing = next((a for a in past if a.state == LineAdjustment.State.OPEN), None)
        if existing is not None:
            if existing.amount_after != amount or existing.facts_after != facts:
                existing.amount_after, existing.facts_after = amount, facts
                changed.append(existing)
            continue
        before_amount, before_facts = _settled(held_line, past)
        new.append(LineAdjustment(line=held_line, region_id=regions[held_line.entitlement_id], amount_before=_paid_for(held_line, past),
                                  amount_after=amount, facts_before=before_facts, facts_after=facts))
    if changed:
        LineAdjustment.objects.bulk_update(changed, ["amount_after", "facts_after"])
    if new:
        LineAdjustment.objects.bulk_create(new)
        audit_many(Entry("entitlements.line.adjustment_flagged", adj, region=adj.region_id, before={"amount": str(adj.amount_before)},
                         after={"amount": str(adj.amount_after)}, message=f"{adj.line.month:%Y-%m}") for adj in new)


def _advance_states(pairs: list[tuple[Entitlement, Outcome]], *, actor) -> None:
    """The system steps of the chunk in bulk: one UPDATE for those that start (an approved
    entitlement with lines, still running) and one per (reason, last month) for those that end,
    each with one audit entry per entitlement (``ENTITLEMENT.move_each``). The rows are locked by
    ``_record_chunk``."""
    with_lines = set(EntitlementLine.objects.filter(entitlement__in=[e.pk for e, _o in pairs if e.state == S.APPROVED])
                     .values_list("entitlement_id", flat=True).distinct())
    now = timezone.now()
    starting = []
    ending: dict[tuple[str, dt.date | None], list[Entitlement]] = defaultdict(list)
    for ent, outcome in pairs:
        if ent.state == S.APPROVED and ent.pk in with_lines and outcome.stop_reason is None:
            starting.append(ent)
        elif ent.state in (S.APPROVED, S.RUNNING) and outcome.eligible and outcome.stop_reason is not None:
            ending[(outcome.stop_reason, outcome.end_month)].append(ent)
    ENTITLEMENT.move_each("start", starting, updates={"updated_at": now})
    for (reason, ended), ents in ending.items():
        ENTITLEMENT.move_each("end", ents, updates={"end_reason": reason, "ended_month": ended, "updated_at": now},
                              message=STOP_TEXT.get(reason, ""))


# --- review --------------------------------------------------------------------------------------------


def _checked(ent_id: int, step: str, actor) -> Entitlement:
    current = Entitlement.objects.select_related("round__scheme", "enterprise").filter(pk=ent_id).first()
    if current is None:
        raise DomainError(_("This entitlement does not exist."), code="not_found")
    ensure_actor_may_see(actor, current)
    ENTITLEMENT.check(step, actor, current)
    return current


@transaction.atomic
def entitlement_review_start(*, entitlement: Entitlement, actor) -> Entitlement:
    current = _checked(entitlement.pk, "review", actor)
    ENTITLEMENT.move("review", current, actor=actor, updates={"reviewed_by": actor, "updated_at": timezone.now()})
    return current


@transaction.atomic
def entitlement_return(*, entitlement: Entitlement, actor, message: str) -> Entitlement:
    current = _checked(entitlement.pk, "return", actor)
    if not (message or "").strip():
        raise DomainError(_("Say what information is missing."), field="message")
    ENTITLEMENT.move("return", current, actor=actor, message=message.strip(),
                     updates={"staff_message": message.strip(), "reviewed_by": actor, "updated_at": timezone.now()})
    return current


@transaction.atomic
def entitlement_resubmit(*, entitlement: Entitlement, actor, note: str) -> Entitlement:
    current = _checked(entitlement.pk, "resubmit", actor)
    if not (note or "").strip():
        raise DomainError(_("Add the information the reviewer asked for."), field="note")
    ENTITLEMENT.move("resubmit", current, actor=actor, message=note.strip(), updates={"note": note.strip(), "updated_at": timezone.now()})
    return current


@transaction.atomic
def entitlement_reject(*, entitlement: Entitlement, actor, reason: str) -> Entitlement:
    current = _checked(entitlement.pk, "reject", actor)
    if not (reason or "").strip():
        raise DomainError(_("Give the reason for the rejection."), field="reason")
    ENTITLEMENT.move("reject", current, actor=actor, message=reason.strip(),
                     updates={"staff_message": reason.strip(), "reviewed_by": actor, "updated_at": timezone.now()})
    current.lines.filter(state=L.COMPUTED, application__isnull=True, kind=K.MONTH).delete()
    return current


@transaction.atomic
def entitlement_approve(*, entitlement: Entitlement, actor) -> Entitlement:
    """The only human decision. Fixes ``max_months`` (the person's clock: the value fixed at the
    person's first approval in this scheme, else this one's), then computes the lines up to the
    last month whose facts are in. Two staff approving at once: the conditional UPDATE lets one win."""
    current = _checked(entitlement.pk, "approve", actor)
    fixed = _fixed_max(current.scheme_code, [current.person_id]).get(current.person_id, current.max_months)
    ENTITLEMENT.move("approve", current, actor=actor, updates={
        "approved_by": actor, "first_approved_on": current.first_approved_on or clock.today(), "max_months": fixed,
        "updated_at": timezone.now()}, after={"state": S.APPROVED, "max_months": fixed})
    record_plan(round_=current.round, through=clock.today(), actor=actor, person_ids=[current.person_id])
    current.refresh_from_db()
    return current


@transaction.atomic
def entitlement_revoke(*, entitlement: Entitlement, actor, reason: str) -> Entitlement:
    current = _checked(entitlement.pk, "revoke", actor)
    if not (reason or "").strip():
        raise DomainError(_("Give the reason for the revocation."), field="reason")
    ENTITLEMENT.move("revoke", current, actor=actor, message=reason.strip(), updates={
        "end_reason": Entitlement.EndReason.REVOKED, "staff_message": reason.strip(), "updated_at": timezone.now()})
    # the months not yet paid go; a shortfall staff decided to pay (a supplementary line) stays
    current.lines.filter(state=L.COMPUTED, application__isnull=True, kind=K.MONTH).delete()
    return current


# --- adjustments of committed months ------------------------------------------------------------------


@transaction.atomic
def adjustment_resolve(*, adjustment: LineAdjustment, actor, decision: str, note: str) -> LineAdjustment:
    """Staff of the region decide an open adjustment once (machine ``entitlements.adjustment``):
    ``recover`` (paid too much: the difference is recorded as the amount to recover), ``pay_shortfall``
    (paid too little: a supplementary line of the difference, paid through the next period's item and
    batch like any line, never a payment of its own) or ``no_change`` (the reason is required). The
    paid line itself never changes. Two staff at once: the row lock and the guard let one win."""
    if decision not in D.values:
        raise DomainError(_("Choose one of the decisions."), field="decision")
    current = (LineAdjustment.objects.select_for_update(of=("self",)).select_related("line__entitlement")
               .filter(pk=adjustment.pk).first())
    if current is None:
        raise DomainError(_("This adjustment does not exist."), code="not_found")
    ensure_actor_may_see(actor, current)
    ADJUSTMENT.check(decision, actor, current)
    note = (note or "").strip()
    if decision == D.NO_CHANGE and not note:
        raise DomainError(_("Give the reason why no adjustment is needed."), field="note")
    line = current.line
    difference = current.amount_after - current.amount_before
    updates: dict[str, Any] = {"decision": decision, "resolution": note, "resolved_by": actor, "resolved_at": timezone.now()}
    after: dict[str, Any] = {"decision": decision, "difference": str(difference), "month": f"{line.month:%Y-%m}"}
    if decision == D.RECOVER:
        updates["to_recover"] = -difference
        after["to_recover"] = str(-difference)
    elif decision == D.PAY_SHORTFALL:
        supplement = EntitlementLine.objects.create(
            entitlement_id=line.entitlement_id, scheme_code=line.scheme_code, person_id=line.person_id, month=line.month, months=0,
            amount=difference, kind=K.SUPPLEMENT,
            facts={"supplement_for": line.pk, "adjustment": current.pk, "paid": str(current.amount_before),
                   "corrected": str(current.amount_after), "facts": current.facts_after})
        updates["supplement"] = supplement
        after["supplement_line"] = supplement.pk
    ADJUSTMENT.move(decision, current, actor=actor, updates=updates, message=note, after=after, region=current.region_id)
    return current


# --- the monthly fast path ------------------------------------------------------------------------------


# One statement computes the month for every approved or running entitlement of the round, in the
# order of the pure rule (``rules.social_insurance.plan_person``): before the month (the clock used
# by the earlier months, the contract's end, retirement), the month itself (a line when this
# employer's row is paid and the person has no line this month yet: the earliest contract by start
# date, then USCC, takes it; the end after ``no_contribution_months`` months without contributions),
# after the month (the clock used up, the contract's last month, the month before retirement: the
# plan ends it in the same run). The lines are inserted by the same statement (ON CONFLICT: a line
# that exists is never written twice); what ends comes back, with the count of new lines.
_MONTH_SQL = """
WITH ret AS (
    SELECT * FROM unnest(%(births)s::date[], %(sexes)s::text[], %(bases)s::int[], %(retires)s::date[])
        AS r(birth_date, sex, base, retires)),
base AS MATERIALIZED (
    SELECT e.id, e.state, e.person_id, e.start_month, coalesce(e.max_months, 0) AS max_months,
           coalesce(e.schedule ->> 'clock_end', '') AS clock_end, k.starts_on, ent.uscc,
           date_trunc('month', k.ends_on)::date AS end_month, p.birth_date, p.sex, coalesce(p.retirement_base_age, 0) AS base_age,
           u.used, u.held, c.pension_unit, c.medical_unit, c.ui_unit,
           coalesce(NOT c.in_arrears AND ({amount_c}) > 0, false) AS paid,
           CASE WHEN c.person_id IS NOT NULL AND NOT c.in_arrears AND ({amount_c}) > 0 THEN false
                ELSE %(gap_from)s::date >= e.start_month AND NOT EXISTS (
                    SELECT 1 FROM persons_personcontribution g
                    WHERE g.person_id = e.person_id AND g.enterprise_id = e.enterprise_id AND g.month >= %(gap_from)s
                      AND g.month < %(month)s AND NOT g.in_arrears AND ({amount_g}) > 0) END AS gap_before
    FROM entitlements_entitlement e
    JOIN persons_labourcontract k ON k.id = e.contract_id
    JOIN persons_person p ON p.id = e.person_id
    JOIN enterprises_enterprise ent ON ent.id = e.enterprise_id
    LEFT JOIN persons_personcontribution c
           ON c.person_id = e.person_id AND c.enterprise_id = e.enterprise_id AND c.month = %(month)s
    CROSS JOIN LATERAL (
        SELECT count(*) FILTER (WHERE l.month < %(month)s) AS used, count(*) FILTER (WHERE l.month = %(month)s) > 0 AS held
        FROM entitlements_entitlementline l
        WHERE l.scheme_code = %(scheme)s AND l.person_id = e.person_id AND l.month <= %(month)s AND l.kind = 'month') u
    WHERE e.round_id = %(round)s AND e.state IN ('approved', 'running') AND e.eligible AND e.start_month <= %(month)s
      AND NOT ent.dishonest),  -- an employer flagged 失信 after the approval gets no more lines (the rule's not_dishonest check)
d AS MATERIALIZED (
    SELECT b.*, r.retires, CASE
        WHEN b.used >= b.max_months THEN CASE WHEN b.clock_end = 'retirement' THEN 'retirement' ELSE 'max_months' END
        WHEN b.end_month < %(month)s THEN 'contract_end'
        WHEN %(month)s >= r.retires THEN 'retirement'
        ELSE NULL END AS ends_before
    FROM base b JOIN ret r ON r.birth_date = b.birth_date AND r.sex = b.sex AND r.base = b.base_age),
lines AS (
    SELECT DISTINCT ON (d.person_id) d.* FROM d
    WHERE d.ends_before IS NULL AND d.paid AND NOT d.held
    ORDER BY d.person_id, d.starts_on, d.uscc),
ins AS (
    INSERT INTO entitlements_entitlementline (entitlement_id, scheme_code, person_id, month, months, amount, facts, state,
                                              kind, attempts, created_at, updated_at)
    SELECT x.id, %(scheme)s, x.person_id, %(month)s, 1, round({amount_x}, 2),
           jsonb_build_object('pension_unit', x.pension_unit::text, 'medical_unit', x.medical_unit::text,
                              'ui_unit', x.ui_unit::text, 'insurances', %(insurances)s::jsonb),
           'computed', 'month', 0, now(), now()
    FROM lines x
    ON CONFLICT (scheme_code, person_id, month) WHERE kind = 'month' DO NOTHING
    RETURNING entitlement_id, person_id),
after AS (
    SELECT d.id, d.state, d.ends_before, d.paid, d.gap_before, d.max_months, d.clock_end, d.end_month, d.retires,
           d.used + (CASE WHEN d.held OR n.person_id IS NOT NULL THEN 1 ELSE 0 END) AS used_after,
           i.entitlement_id IS NOT NULL AS got_line
    FROM d
    LEFT JOIN ins i ON i.entitlement_id = d.id
    LEFT JOIN (SELECT DISTINCT person_id FROM ins) n ON n.person_id = d.person_id)
SELECT a.id, a.state, a.got_line, CASE
    WHEN a.ends_before IS NOT NULL THEN a.ends_before
    WHEN NOT a.paid AND a.gap_before THEN 'no_contribution'
    WHEN a.used_after >= a.max_months THEN CASE WHEN a.clock_end = 'retirement' THEN 'retirement' ELSE 'max_months' END
    WHEN a.end_month <= %(month)s THEN 'contract_end'
    WHEN %(next)s >= a.retires THEN 'retirement'
    ELSE NULL END AS ends,
    a.ends_before IS NOT NULL AS before
FROM after a
WHERE a.ends_before IS NOT NULL OR (a.state = 'approved' AND a.got_line)
   OR (NOT a.paid AND a.gap_before) OR a.used_after >= a.max_months OR a.end_month <= %(month)s OR %(next)s >= a.retires
UNION ALL
SELECT count(*), 'inserted', NULL, NULL, NULL FROM ins
"""


def _month_statement(round_: SchemeRound, month: dt.date) -> tuple[str, dict[str, Any], int, int]:
    """``_MONTH_SQL`` for the round and month with its parameters, the number of entitlements it
    decides and the round's ``no_contribution_months`` (also read by ``bench/entitlements.py
    --explain``). One query: the distinct (birth date, sex, recorded base age) of the persons, with
    how many entitlements each, whose retirement months the kernel's rule gives."""
    code = round_.scheme.code
    params = rule_for(code).prepare(round_.parameters)
    gap_limit = int(params["no_contribution_months"])
    columns = [social_insurance.INSURANCE_FIELDS[c] for c in sorted(codes(params["insurances"]))]

    def amount(alias: str) -> str:
        return " + ".join(f"{alias}.{column}" for column in columns)

    sql = _MONTH_SQL.format(amount_c=amount("c"), amount_g=amount("g"), amount_x=amount("x"))
    people = list(Entitlement.objects.filter(round=round_, state__in=(S.APPROVED, S.RUNNING), eligible=True, start_month__lte=month)
                  .order_by().values_list("person__birth_date", "person__sex", "person__retirement_base_age")
                  .annotate(n=Count("id")))
    retires = [loaders.retirement_of(birth, sex, base) for birth, sex, base, _n in people]
    return sql, {
        "births": [p[0] for p in people], "sexes": [p[1] for p in people], "bases": [p[2] or 0 for p in people],
        "retires": retires, "scheme": code, "round": round_.pk, "month": month, "next": add_months(month, 1),
        "gap_from": add_months(month, 1 - gap_limit), "insurances": json.dumps(sorted(codes(params["insurances"])))}, \
        sum(p[3] for p in people), gap_limit


def compute_month(*, round_: SchemeRound, month: dt.date) -> dict[str, int]:
    """One month's lines of the round's approved and running social-insurance entitlements (the
    monthly task's fast path; ``record_plan`` recomputes whole histories and gives the same lines
    and ends: tests and bench/entitlements.py compare them). Set-based: one query for the
    persons' retirement months (``_month_statement``); one statement (``_MONTH_SQL``) that decides
    every entitlement, inserts the month's lines and returns what ends or starts; the few last-line
    months of what ends; the ``start`` and ``end`` moves (set-based, rows another step moved
    meanwhile left alone). The run is audited on the round: ``entitlements.month.started`` (the
    month, the entitlements to decide; written before the run's transaction, so a run that fails
    leaves it without its end) and ``entitlements.month.finished`` (lines, started, ended)."""
    from django.db import connection

    code = round_.scheme.code
    _refuse_item_round(round_)
    if code not in SI_RULES:
        raise DomainError(_("The monthly fast path covers the social-insurance schemes; use the full plan."), field="scheme")
    if not settings.IS_POSTGRES:
        raise DomainError(_("The monthly fast path needs PostgreSQL; use the full plan."), code="conflict")
    month = month.replace(day=1)
    sql, statement_params, deciding, gap_limit = _month_statement(round_, month)
    audit("entitlements.month.started", round_, after={"month": ym(month), "entitlements": deciding}, message=ym(month))
    with transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL work_mem = '64MB'")  # the statement's sorts and hashes of ~100,000 rows in memory
            # the planner's cost of the statement (its row estimates through the CTEs are far off) turns
            # JIT compilation on: ~1.7 s of compiling 108 functions for a 1.5 s run (EXPLAIN ANALYZE, bench/README.md)
            cursor.execute("SET LOCAL jit = off")
            cursor.execute(sql, statement_params)
            decided = cursor.fetchall()
        [inserted] = [pk for pk, state, *_rest in decided if state == "inserted"]
        decided = [row for row in decided if row[1] != "inserted"]
        started = [pk for pk, state, got_line, ends, _before in decided if state == S.APPROVED and got_line and ends is None]
        ending = {pk: (ends, before) for pk, _state, _got, ends, before in decided if ends is not None}
        last = dict(EntitlementLine.objects.filter(entitlement__in=list(ending), kind=K.MONTH).order_by().values("entitlement")
                    .annotate(m=Max("month")).values_list("entitlement", "m"))
        groups: dict[tuple[str, dt.date], list[int]] = defaultdict(list)
        for pk, (reason, before) in ending.items():
            stop = month if before else add_months(month, 1)  # the month the rule stops at
            if reason == NO_CONTRIBUTION:
                ended = add_months(month, -gap_limit)  # the month before the months without contributions
            else:
                ended = last.get(pk) or add_months(stop, -1)
            groups[(reason, ended)].append(pk)
        moved_start = ENTITLEMENT.move_all("start", Entitlement.objects.filter(pk__in=started), updates={"updated_at": timezone.now()})
        moved_end = 0
        for (reason, ended), pks in groups.items():
            moved_end += ENTITLEMENT.move_all("end", Entitlement.objects.filter(pk__in=pks), updates={
                "end_reason": reason, "ended_month": ended, "updated_at": timezone.now()})
        audit("entitlements.month.finished", round_, message=ym(month), after={
            "month": ym(month), "entitlements": deciding, "lines": inserted, "started": moved_start, "ended": moved_end})
    return {"lines": inserted, "ended": len(ending)}


def compute_all(*, through: dt.date | None = None, full: bool = False) -> dict[str, int]:
    """The monthly task: for every round of the three schemes, the new month's lines of the running
    social-insurance entitlements on the fast path (``compute_month``, PostgreSQL; elsewhere the
    full plan, which gives the same lines), the full plan of everyone else (new contracts and
    placements, candidates), then the lines grouped into payout items.
    ``full`` (the quarterly reconciliation) recomputes every history, which also flags the
    corrections of paid months as adjustments."""
    from entitlements.services_payouts import group_lines

    through = through or clock.today()
    counts: dict[str, int] = defaultdict(int)
    for round_ in SchemeRound.objects.select_related("scheme").filter(scheme__code__in=SCHEMES).order_by("scheme__code", "assessment_year"):
        code = round_.scheme.code
        if code in SI_RULES and not full and settings.IS_POSTGRES:
            month = effective_through(code, through)
            counts[code] += compute_month(round_=round_, month=month)["lines"]
            running = set(Entitlement.objects.filter(round=round_, state__in=(S.APPROVED, S.RUNNING, S.ENDED))
                          .values_list("person_id", flat=True))
            others = [p for p in loaders.si_person_ids(rule_for(code).prepare(round_.parameters)) if p not in running]
            record_plan(round_=round_, through=through, person_ids=others)
        else:
            record_plan(round_=round_, through=through)
        counts[f"{code}_items"] += len(group_lines(round_=round_, through=through))
    return dict(counts)
