"""The handling steps of a complaint (受理 → 交办 → 联系 → 核实 → 处理 → 办结 → 告知 → 归档), each
moving the case and every member of its group case, and the match of the employer to the registry."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext as _

from enterprises.selectors import enterprise_by_uscc
from xingtai_jobs.core import workdays
from xingtai_jobs.core.audit import audit
from xingtai_jobs.core.errors import DomainError
from xingtai_jobs.core.models import Department
from xingtai_jobs.core.scoping import ensure_actor_may_see

from .. import rules
from ..models import Complaint, DeadlineFlag, NotAcceptedReason, Outcome
from ..workflows import COMPLAINT
from . import common
from .common import locked_case, money, policy_on, record_step, required_text


def _transition(*, complaint_id: int, actor, step: str, updates: dict, step_note: str = "",
                request=None) -> Complaint:
    """Take ``step`` of the complaint machine on a complaint and every member of its group case: the
    table decides who may and from which states; each member moves by the guarded UPDATE, with its
    status step and audit entry."""
    complaint = locked_case(actor, complaint_id)
    if complaint.group_id:
        members = list(Complaint.objects.select_for_update().filter(group_id=complaint.group_id).order_by("id"))
    else:
        members = [complaint]
    for member in members:
        COMPLAINT.check(step, actor, member, label=member.tracking_code)
    on = common.today()
    for member in members:
        COMPLAINT.move(step, member, actor=actor, updates=updates, request=request)
        record_step(member, member.status, on, step_note)
    return next(m for m in members if m.pk == complaint.pk)


@transaction.atomic
def complaint_accept(*, complaint_id: int, actor, request=None) -> Complaint:
    on = common.today()
    policy = policy_on(on)
    return _transition(
        complaint_id=complaint_id, actor=actor, step="accept", request=request,
        updates={"accepted_on": on, "resolve_due": workdays.add_working_days(on, policy.resolve_working_days),
                 "deadline_flag": DeadlineFlag.OK, "escalated_on": None},
    )


@transaction.atomic
def complaint_not_accept(*, complaint_id: int, actor, reason: str, transferred_to: str = "", request=None) -> Complaint:
    if reason not in NotAcceptedReason.values:
        raise DomainError(_("Choose why the complaint is not accepted."), field="reason")
    transferred_to = (transferred_to or "").strip()
    if reason == NotAcceptedReason.OUTSIDE_JURISDICTION and not transferred_to:
        raise DomainError(_("Name the body the complaint is transferred to."), field="transferred_to")
    if reason == NotAcceptedReason.TOO_OLD:
        complaint = locked_case(actor, complaint_id)  # scope first: another county's case is not_found, not a 400
        limit_days = policy_on(complaint.received_on).max_arrears_age_days
        if not rules.arrears_too_old(period_end=complaint.period_end, received_on=complaint.received_on,
                                     limit_days=limit_days):
            raise DomainError(_("The arrears reach into the last %(days)s days; this reason does not apply.")
                              % {"days": limit_days}, field="reason")
    note = str(NotAcceptedReason(reason).label)
    if transferred_to:
        note = f"{note}: {transferred_to}"
    return _transition(
        complaint_id=complaint_id, actor=actor, step="not_accept", request=request, step_note=str(note),
        updates={"not_accepted_reason": reason, "transferred_to": transferred_to, "closed_on": common.today(),
                 "deadline_flag": DeadlineFlag.OK},
    )


@transaction.atomic
def complaint_assign(*, complaint_id: int, actor, department: Department | None = None, assignee=None,
                     reason: str = "", request=None) -> Complaint:
    """交办: hand the accepted case to the handling department (the routed one, or another one with a
    reason) and optionally to a named assignee."""
    # Scope first (issue 11 review): another county's case answers not_found (404) before any check
    # of the department, the reason or the assignee could answer 400 and so tell that it exists.
    case = locked_case(actor, complaint_id)
    ensure_actor_may_see(actor, department)
    on = common.today()
    policy = policy_on(on)
    updates = {"assigned_on": on, "deadline_flag": DeadlineFlag.OK, "escalated_on": None,
               "first_contact_due": workdays.add_working_days(on, policy.first_contact_working_days)}
    routed = case.department.code if case.department_id else None
    if department is not None and department.code != routed:
        reason = required_text(reason, "reason", _("Give the reason for changing the department."))
        updates["department_id"] = department.pk
    if assignee is not None:
        department_id = department.pk if department is not None else case.department_id
        if not rules.assignee_fits(assignee, region_id=case.region_id, department_id=department_id):
            raise DomainError(_("The assignee must be staff of the case's region (or the handling department's "
                                "liaison there)."), field="assignee")
        ensure_actor_may_see(actor, assignee)
        updates["assignee_id"] = assignee.pk
    complaint = _transition(
        complaint_id=complaint_id, actor=actor, step="assign", request=request, updates=updates,
    )
    if department is not None and "department_id" in updates:
        audit("wage_arrears.complaint.rerouted", complaint, actor=actor, request=request,
              before={"department": routed}, after={"department": department.code}, message=reason)
    return complaint


@transaction.atomic
def complaint_record_contact(*, complaint_id: int, actor, note: str, request=None) -> Complaint:
    note = required_text(note, "note", _("Describe the contact with the worker and the employer."))
    return _transition(
        complaint_id=complaint_id, actor=actor, step="contact", request=request,
        updates={"contacted_on": common.today(), "contact_note": note, "deadline_flag": DeadlineFlag.OK,
                 "escalated_on": None},
    )


@transaction.atomic
def complaint_verify(*, complaint_id: int, actor, findings: str, substantiated: bool, request=None) -> Complaint:
    findings = required_text(findings, "findings", _("Write down the findings of the verification."))
    return _transition(
        complaint_id=complaint_id, actor=actor, step="verify", request=request,
        updates={"findings": findings, "substantiated": bool(substantiated),
                 "substantiated_on": common.today() if substantiated else None},
    )


@transaction.atomic
def complaint_handle(*, complaint_id: int, actor, outcome: str, request=None) -> Complaint:
    if outcome not in Outcome.values:
        raise DomainError(_("Choose how the case is handled."), field="outcome")
    return _transition(
        complaint_id=complaint_id, actor=actor, step="handle", request=request, step_note=str(Outcome(outcome).label),
        updates={"outcome": outcome},
    )


@transaction.atomic
def complaint_resolve(*, complaint_id: int, actor, amount_recovered, workers_paid: int, paid_on: dt.date,
                      request=None) -> Complaint:
    try:
        amount = money(amount_recovered)
    except Exception:
        raise DomainError(_("Enter the amount recovered in yuan."), field="amount_recovered") from None
    if amount < 0:
        raise DomainError(_("The amount recovered cannot be negative."), field="amount_recovered")
    if workers_paid is None or int(workers_paid) < 0:
        raise DomainError(_("Enter how many workers were paid."), field="workers_paid")
    if paid_on is None or paid_on > common.today():
        raise DomainError(_("The payment date cannot be in the future."), field="paid_on")
    return _transition(
        complaint_id=complaint_id, actor=actor, step="resolve", request=request,
        updates={"amount_recovered": amount, "workers_paid": int(workers_paid), "resolved_on": paid_on,
                 "deadline_flag": DeadlineFlag.OK},
    )


@transaction.atomic
def complaint_inform(*, complaint_id: int, actor, note: str = "", request=None) -> Complaint:
    return _transition(
        complaint_id=complaint_id, actor=actor, step="inform", request=request, step_note=(note or "").strip(),
        updates={"informed_on": common.today()},
    )


@transaction.atomic
def complaint_close(*, complaint_id: int, actor, request=None) -> Complaint:
    return _transition(
        complaint_id=complaint_id, actor=actor, step="close", request=request,
        updates={"closed_on": common.today(), "deadline_flag": DeadlineFlag.OK},
    )


@transaction.atomic
def complaint_match_employer(*, complaint_id: int, actor, uscc: str, request=None) -> Complaint:
    """Link the case to the registry enterprise with this USCC (the employer was not recognised at
    intake): only then can a substantiated case exclude it from the ranking or list it."""
    from django.core.exceptions import ValidationError

    from xingtai_jobs.core.validators import validate_uscc

    complaint = locked_case(actor, complaint_id)
    COMPLAINT.check("match", actor, complaint, label=complaint.tracking_code)
    try:
        uscc = validate_uscc(uscc)
    except ValidationError as exc:
        raise DomainError(exc.messages[0], field="uscc") from None
    enterprise = enterprise_by_uscc(uscc)
    if enterprise is None:
        raise DomainError(_("No enterprise with this USCC is in the registry."), field="uscc")
    before = {"enterprise": complaint.enterprise_id, "employer_uscc": complaint.employer_uscc}
    COMPLAINT.move("match", complaint, actor=actor, request=request, updates={"enterprise": enterprise, "employer_uscc": enterprise.uscc},
                   guard=Q(enterprise__isnull=True),
                   record={"before": before, "after": {"enterprise": enterprise.pk, "employer_uscc": enterprise.uscc}})
    complaint.refresh_from_db()
    return complaint
