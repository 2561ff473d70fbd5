"""Writes of the entitlements: planning and recording the monthly lines (the command and the
monthly task), and the review steps (the only human decision is the approval). Keyword-only,
atomic, guarded by the state machine (``entitlements.workflows``), audited."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Iterator
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.db.models import Count
from django.utils import timezone
from django.utils.translation import gettext as _

from entitlements import facts as loaders
from entitlements.models import Entitlement, EntitlementLine, LineAdjustment
from entitlements.policy import SCHEMES
from entitlements.rules import (
    CONTRACT_END,
    MAX_MONTHS,
    RETIREMENT,
    SKIP_TEXT,
    STOP_TEXT,
    Outcome,
    Row,
    codes,
    si_graduate,
    si_hardship,
    social_insurance,
    ym,
)
from entitlements.rules import internship as internship_rule
from entitlements.workflows import ENTITLEMENT
from persons.models import PersonContribution
from subsidies.models import SchemeRound
from subsidies.rules import rule_for
from xingtai_jobs.core import clock
from xingtai_jobs.core.audit import audit
from xingtai_jobs.core.errors import DomainError
from xingtai_jobs.core.retirement import add_months
from xingtai_jobs.core.scoping import ensure_actor_may_see

S = Entitlement.State
L = EntitlementLine.State
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
                          .order_by("resident_id", "start", "id").values_list("id", flat=True))
    elsewhere = set(Entitlement.objects.filter(scheme_code=code, eligible=True).exclude(round=round_)
                    .exclude(state=S.REJECTED).values_list("person_id", flat=True))
    # keep one person's placements in one chunk (each intern once)
    by_resident = list(loaders.internship_placements(params).filter(pk__in=placements).order_by("resident_id", "start", "id")
                       .values_list("id", "resident_id"))
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
        Entitlement.objects.bulk_update(changed, ["eligible", "failed_checks", "checks", "schedule", "start_month", "computed_through",
                                                  "max_months"])
    _record_lines(code, [(existing[s.basis_key], o) for s, o in part])
    _advance_states([(existing[s.basis_key], o) for s, o in part], actor=actor)


def _record_lines(code: str, pairs: list[tuple[Entitlement, Outcome]]) -> None:
    person_ids = {e.person_id for e, _o in pairs}
    held = {(line.person_id, line.month): line for line in EntitlementLine.objects.select_for_update()
            .filter(scheme_code=code, person_id__in=person_ids)}
    open_adjustments = {a.line_id: a for a in LineAdjustment.objects.filter(line__in=[ln.pk for ln in held.values()],
                                                                             state=LineAdjustment.State.OPEN)}
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
            if current.amount == line.amount and current.facts == line.facts and current.months == line.months:
                continue
            if current.state == L.COMPUTED and current.application_id is None:
                current.amount, current.facts, current.months = line.amount, line.facts, line.months
                update.append(current)
            else:
                adjust.append((current, line.amount, line.facts))
        for (pid, month), current in list(held.items()):
            if pid != ent.person_id or current.entitlement_id != ent.pk or current.pk is None or month in desired:
                continue
            if current.state == L.COMPUTED and current.application_id is None:
                delete.append(current.pk)
                del held[(pid, month)]
            else:
                adjust.append((current, Decimal("0.00"), {"missing": True}))
    if delete:
        EntitlementLine.objects.filter(pk__in=delete, state=L.COMPUTED, application__isnull=True).delete()
    if create:
        EntitlementLine.objects.bulk_create(create)
    if update:
        EntitlementLine.objects.bulk_update(update, ["amount", "facts", "months"])
    by_ent = {e.pk: e for e, _o in pairs}
    for held_line, amount, facts in adjust:
        existing = open_adjustments.get(held_line.pk)
        if existing is not None:
            if existing.amount_after != amount or existing.facts_after != facts:
                existing.amount_after, existing.facts_after = amount, facts
                existing.save(update_fields=["amount_after", "facts_after"])
            continue
        adjustment = LineAdjustment.objects.create(line=held_line, region_id=by_ent[held_line.entitlement_id].region_id,
                                                   amount_before=held_line.amount, amount_after=amount, facts_before=held_line.facts,
                                                   facts_after=facts)
        audit("entitlements.line.adjustment_flagged", adjustment, region=adjustment.region_id,
              before={"amount": str(held_line.amount)}, after={"amount": str(amount)}, message=f"{held_line.month:%Y-%m}")


def _advance_states(pairs: list[tuple[Entitlement, Outcome]], *, actor) -> None:
    with_lines = set(EntitlementLine.objects.filter(entitlement__in=[e.pk for e, _o in pairs if e.state == S.APPROVED])
                     .values_list("entitlement_id", flat=True).distinct())
    for ent, outcome in pairs:
        if ent.state == S.APPROVED and ent.pk in with_lines and outcome.stop_reason is None:
            ENTITLEMENT.move("start", ent, actor=None, updates={"updated_at": timezone.now()})
        if ent.state in (S.APPROVED, S.RUNNING) and outcome.eligible and outcome.stop_reason is not None:
            ENTITLEMENT.move("end", ent, actor=None, updates={"end_reason": outcome.stop_reason, "ended_month": outcome.end_month,
                                                              "updated_at": timezone.now()},
                             message=STOP_TEXT.get(outcome.stop_reason, ""))


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
    current.lines.filter(state=L.COMPUTED, application__isnull=True).delete()
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
    current.lines.filter(state=L.COMPUTED, application__isnull=True).delete()
    return current


# --- the monthly fast path ------------------------------------------------------------------------------


def compute_month(*, round_: SchemeRound, month: dt.date) -> dict[str, int]:
    """One month's lines of the round's approved and running social-insurance entitlements (the
    monthly task's fast path; ``record_plan`` recomputes whole histories and gives the same lines).
    Set-based: one query each for the entitlements, the month's contribution rows, the persons'
    used months and the month's existing lines; the new lines written with COPY; the entitlements
    whose clock, contract or working life ends this month moved to ``ended``."""
    from subsidies.bulk import bulk_insert

    code = round_.scheme.code
    if code not in SI_RULES:
        raise DomainError(_("The monthly fast path covers the social-insurance schemes; use the full plan."), field="scheme")
    month = month.replace(day=1)
    params = rule_for(code).prepare(round_.parameters)
    insurances = sorted(codes(params["insurances"]))
    with transaction.atomic():
        ents = list(Entitlement.objects.filter(round=round_, state__in=(S.APPROVED, S.RUNNING), eligible=True, start_month__lte=month)
                    .values_list("pk", "state", "person_id", "enterprise_id", "contract__ends_on", "max_months", "person__birth_date",
                                 "person__sex", "person__retirement_base_age", "schedule__clock_end"))
        rows = {(pid, eid): Row(pension, medical, ui, arrears) for pid, eid, pension, medical, ui, arrears in
                PersonContribution.objects.filter(month=month).values_list("person_id", "enterprise_id", "pension_unit", "medical_unit",
                                                                           "ui_unit", "in_arrears")}
        used = dict(EntitlementLine.objects.filter(scheme_code=code).order_by().values("person_id").annotate(n=Count("id"))
                    .values_list("person_id", "n"))
        held = set(EntitlementLine.objects.filter(scheme_code=code, month=month).values_list("person_id", flat=True))
        new: list[dict[str, Any]] = []
        ended: dict[str, list[int]] = defaultdict(list)
        started: list[int] = []
        for pk, state, pid, eid, ends_on, max_months, birth, sex, base, clock_end in ents:
            retirement = loaders.retirement_of(birth, sex, base)
            n = used.get(pid, 0)
            if n >= (max_months or 0):
                ended[clock_end if clock_end in (MAX_MONTHS, RETIREMENT) else MAX_MONTHS].append(pk)
                continue
            if ends_on is not None and month > ends_on.replace(day=1):
                ended[CONTRACT_END].append(pk)
                continue
            if month >= retirement:
                ended[RETIREMENT].append(pk)
                continue
            row = rows.get((pid, eid))
            if pid in held or row is None or row.in_arrears:
                continue
            amount = social_insurance.line_amount(row, params)
            if amount <= 0:
                continue
            new.append({"entitlement_id": pk, "scheme_code": code, "person_id": pid, "month": month, "months": 1, "amount": amount,
                        "facts": {"pension_unit": str(row.pension_unit), "medical_unit": str(row.medical_unit),
                                  "ui_unit": str(row.ui_unit), "insurances": insurances},
                        "state": L.COMPUTED, "attempts": 0, "application_id": None})
            held.add(pid)
            if state == S.APPROVED:  # running ones stay running (no 100,000-id UPDATE each month)
                started.append(pk)
        bulk_insert(EntitlementLine, new)
        ENTITLEMENT.move_all("start", Entitlement.objects.filter(pk__in=started), updates={"updated_at": timezone.now()})
        for reason, pks in ended.items():
            ENTITLEMENT.move_all("end", Entitlement.objects.filter(pk__in=pks), updates={
                "end_reason": reason, "ended_month": add_months(month, -1), "updated_at": timezone.now()})
    return {"lines": len(new), "ended": sum(len(p) for p in ended.values())}


def compute_all(*, through: dt.date | None = None, full: bool = False) -> dict[str, int]:
    """The monthly task: for every round of the three schemes, the new month's lines of the running
    social-insurance entitlements on the fast path (``compute_month``), the full plan of everyone
    else (new contracts and placements, candidates), then the lines grouped into payout items.
    ``full`` (the quarterly reconciliation) recomputes every history, which also flags the
    corrections of paid months as adjustments."""
    from entitlements.services_payouts import group_lines

    through = through or clock.today()
    counts: dict[str, int] = defaultdict(int)
    for round_ in SchemeRound.objects.select_related("scheme").filter(scheme__code__in=SCHEMES).order_by("scheme__code", "assessment_year"):
        code = round_.scheme.code
        if code in SI_RULES and not full:
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
