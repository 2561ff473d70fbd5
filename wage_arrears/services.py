"""Every write of the wage-arrears area: intake, the handling state machine, deadlines, routing,
group cases, joint reception sessions and the blacklist. Keyword-only, atomic, guarded, audited."""

from __future__ import annotations

import datetime as dt
import re
import secrets
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.db import IntegrityError, connection, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from enterprises.models import Enterprise
from xingtai_jobs.core import workdays
from xingtai_jobs.core.audit import audit
from xingtai_jobs.core.errors import DomainError
from xingtai_jobs.core.models import Department, Region
from xingtai_jobs.core.refcache import reference_memo

from .models import (
    OPEN_STATUSES,
    BlacklistEntry,
    Channel,
    ClearanceSnapshot,
    Complaint,
    ComplaintGroup,
    DeadlineFlag,
    Evidence,
    HandlingPolicy,
    NotAcceptedReason,
    Outcome,
    ReceptionSession,
    SectorRoute,
    Status,
    StatusStep,
)

# Tracking codes: no 0/O, 1/I/L, so they can be read aloud and typed without confusion.
CODE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"


def money(value) -> Decimal:
    """The one place amounts are rounded: yuan, 2 places, half-up."""
    return Decimal(value).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def today() -> dt.date:
    return timezone.localdate()


@reference_memo("wage_arrears.HandlingPolicy")
def _policies() -> list[HandlingPolicy]:
    return list(HandlingPolicy.objects.order_by("-valid_from"))


def policy_on(day: dt.date) -> HandlingPolicy:
    """The handling policy in force on ``day`` (from the per-process reference memo)."""
    for policy in _policies():
        if policy.valid_from <= day and (policy.valid_to is None or policy.valid_to >= day):
            return policy
    raise DomainError(_("No wage-arrears handling policy is in force on %(date)s.") % {"date": day})


def generate_tracking_code() -> str:
    chars = "".join(secrets.choice(CODE_ALPHABET) for _ in range(8))
    return f"QX-{chars[:4]}-{chars[4:]}"


def normalize_tracking_code(value: str) -> str:
    raw = re.sub(r"[\s\-]", "", (value or "").upper())
    if raw.startswith("QX"):
        raw = raw[2:]
    if len(raw) != 8 or any(ch not in CODE_ALPHABET for ch in raw):
        return ""
    return f"QX-{raw[:4]}-{raw[4:]}"


_NAME_NOISE = re.compile(r"[\s()（）\[\]【】·.,，、\-—_\"'“”]+")


def normalize_name(value: str) -> str:
    """Employer and project names as compared for group cases: no spaces, brackets or punctuation."""
    return _NAME_NOISE.sub("", (value or "").strip()).lower()


@reference_memo("wage_arrears.SectorRoute", "core.Department")
def _routes() -> tuple[dict[str, Department], Department | None]:
    routes = {r.sector: r.department for r in SectorRoute.objects.select_related("department")}
    return routes, Department.objects.filter(code="hrss").first()


def route_department(sector: str) -> Department:
    """The department a sector's complaints go to (人社 when no route is set)."""
    routes, fallback = _routes()
    department = routes.get(sector, fallback)
    if department is None:
        raise DomainError(_("No department is configured for this sector."), field="sector")
    return department


def match_enterprise(*, uscc: str, name: str) -> tuple[int, str] | None:
    """The registry enterprise a complaint names, as (id, USCC): by USCC, else by a name that only
    one enterprise has."""
    if uscc:
        found = Enterprise.objects.filter(uscc=uscc).values_list("id", "uscc").first()
        if found:
            return found
    if name:
        matches = list(Enterprise.objects.filter(name=name.strip()).values_list("id", "uscc")[:2])
        if len(matches) == 1:
            return matches[0]
    return None


# --- intake -------------------------------------------------------------------------------------


@dataclass
class ComplaintInput:
    complainant_name: str
    complainant_phone: str
    employer_name: str
    region: Region
    sector: str
    period_start: dt.date
    period_end: dt.date
    amount_owed: Decimal
    workers_affected: int = 1
    complainant_id_number: str = ""
    employer_uscc: str = ""
    project_name: str = ""
    address: str = ""
    description: str = ""
    site: object = None
    evidence: list = field(default_factory=list)  # [(uploaded_file, content_type)]


def _step(complaint: Complaint, status: str, on: dt.date, note: str = "") -> None:
    StatusStep.objects.create(complaint=complaint, status=status, on=on, note=note[:300])


def _check_input(data: ComplaintInput, received: dt.date) -> None:
    if data.amount_owed is None or data.amount_owed <= 0:
        raise DomainError(_("The amount owed must be more than 0 yuan."), field="amount_owed")
    if data.workers_affected < 1:
        raise DomainError(_("At least one worker must be owed."), field="workers_affected")
    if data.period_end < data.period_start:
        raise DomainError(_("The period owed ends before it starts."), field="period_end")
    if data.period_start > received.replace(day=1) or data.period_end > received.replace(day=1):
        raise DomainError(_("The period owed cannot be in the future."), field="period_end")


def retried_complaint(submission_key: uuid.UUID | None, phone: str) -> Complaint | None:
    """The complaint already stored for this submission key and phone, or None: a retried submit
    gets its code even when a rate limit refuses new submissions."""
    if submission_key is None:
        return None
    try:
        return _existing_for_key(submission_key, phone)
    except DomainError:
        return None


@dataclass
class PublicIntake:
    complaint: Complaint | None
    created: bool
    retry_after: int | None = None  # seconds, when the phone's rate limit refused the submit


def complaint_submit_public(
    *,
    data: ComplaintInput,
    channel: str,
    submission_key: uuid.UUID | None,
    phone_wait: Callable[[], int | None],
    request=None,
) -> PublicIntake:
    """The public intake (QR form and API): the phone's rate limit (``phone_wait`` counts one submit
    and answers the seconds to wait, or None), then the store.

    A retried submit (same ``submission_key``, same phone) is never refused: it gets the code stored
    first, over the limit too. The key is looked up only when the limit refuses or the insert collides
    with the key's unique constraint, so a first submit costs no look-up."""
    wait = phone_wait()
    if wait:
        existing = retried_complaint(submission_key, data.complainant_phone)
        return PublicIntake(existing, False, None if existing is not None else wait)
    complaint, created = complaint_submit(data=data, channel=channel, submission_key=submission_key,
                                          request=request, key_checked=True)
    return PublicIntake(complaint, created)


def complaint_submit(
    *,
    data: ComplaintInput,
    channel: str = Channel.QR,
    submission_key: uuid.UUID | None = None,
    actor=None,
    session: ReceptionSession | None = None,
    request=None,
    key_checked: bool = False,
) -> tuple[Complaint, bool]:
    """Store a complaint with its evidence and its first status step. A repeated submit with the same
    ``submission_key`` (and the same phone) returns the complaint stored first, with ``created`` False
    (``key_checked``: skip the look-up before the insert; the key's unique constraint still decides).

    Each attempt is one transaction; a unique violation (a concurrent retry of the same submit, or a
    tracking-code collision, one in 31**8 per stored code) rolls it back and is resolved here."""
    if submission_key is not None and not key_checked:
        existing = _existing_for_key(submission_key, data.complainant_phone)
        if existing is not None:
            return existing, False
    for _attempt in range(5):
        try:
            return _complaint_submit_once(data=data, channel=channel, submission_key=submission_key, actor=actor,
                                          session=session, request=request), True
        except IntegrityError:
            if submission_key is not None:
                existing = _existing_for_key(submission_key, data.complainant_phone)
                if existing is not None:
                    return existing, False
    raise DomainError(_("Could not issue a tracking code, please submit again."))  # pragma: no cover


def _existing_for_key(submission_key: uuid.UUID, phone: str) -> Complaint | None:
    existing = Complaint.objects.filter(submission_key=submission_key).first()
    if existing is not None and existing.complainant_phone != phone:
        raise DomainError(_("This submission key was already used."), field="submission_key")
    return existing


@transaction.atomic
def _complaint_submit_once(*, data: ComplaintInput, channel: str, submission_key, actor, session,
                           request) -> Complaint:
    received = today()
    _check_input(data, received)
    policy = policy_on(received)
    if channel == Channel.SESSION and session is None:
        raise DomainError(_("Choose the reception session where the complaint was received."), field="session")
    if session is not None and channel != Channel.SESSION:
        raise DomainError(_("A reception session is only given for complaints received at one."), field="session")
    if session is not None and session.region_id != data.region.pk:
        raise DomainError(_("The session is held by another county than the complaint's."), field="session")
    enterprise = match_enterprise(uscc=data.employer_uscc, name=data.employer_name)
    complaint = Complaint.objects.create(
        tracking_code=generate_tracking_code(),
        submission_key=submission_key,
        channel=channel,
        complainant_name=data.complainant_name.strip(),
        complainant_phone=data.complainant_phone,
        complainant_id_number=data.complainant_id_number,
        workers_affected=data.workers_affected,
        employer_name=data.employer_name.strip(),
        employer_name_normalized=normalize_name(data.employer_name),
        employer_uscc=data.employer_uscc or (enterprise[1] if enterprise else ""),
        enterprise_id=enterprise[0] if enterprise else None,
        project_name=data.project_name.strip(),
        project_normalized=normalize_name(data.project_name),
        address=data.address.strip(),
        site=data.site,
        region=data.region,
        sector=data.sector,
        department=route_department(data.sector),
        period_start=data.period_start,
        period_end=data.period_end,
        amount_owed=money(data.amount_owed),
        description=data.description.strip(),
        received_on=received,
        accept_due=workdays.add_working_days(received, policy.accept_working_days),
        session=session,
        created_by=actor if actor is not None and getattr(actor, "pk", None) else None,
    )
    for upload, content_type in data.evidence:
        Evidence.objects.create(
            complaint=complaint, file=upload, content_type=content_type, size=upload.size,
            original_name=(upload.name or "")[:200],
        )
    _step(complaint, Status.SUBMITTED, received)
    complaint.group_suggested = _suggest_group(complaint, policy)
    audit(
        "wage_arrears.complaint.submitted", complaint, actor=actor, request=request,
        after={"channel": channel, "department": complaint.department.code, "evidence": len(data.evidence)},
    )
    return complaint


def _group_match(complaint: Complaint, policy: HandlingPolicy):
    """Open complaints (``complaint`` included) against the same employer (USCC or normalised name)
    about the same project, received within the policy's window."""
    since = complaint.received_on - dt.timedelta(days=policy.group_window_days)
    employer = Q(employer_name_normalized=complaint.employer_name_normalized)
    if complaint.employer_uscc:
        employer |= Q(employer_uscc=complaint.employer_uscc)
    return Complaint.objects.filter(employer, project_normalized=complaint.project_normalized,
                                    received_on__gte=since, status__in=OPEN_STATUSES)


def group_candidates(complaint: Complaint, *, policy: HandlingPolicy | None = None) -> list[Complaint]:
    """The other complaints that could join ``complaint`` in a group case (oldest first, at most 50)."""
    qs = _group_match(complaint, policy or policy_on(complaint.received_on)).exclude(pk=complaint.pk)
    return list(qs.order_by("received_on", "id").only("id", "tracking_code", "received_on", "status", "amount_owed",
                                                      "group_id")[:50])


def _suggest_group(complaint: Complaint, policy: HandlingPolicy) -> bool:
    """At intake: when look-alikes exist, flag the new complaint and the look-alikes not yet flagged
    or grouped, in one UPDATE. Rows already flagged are left alone, so workers of one site filing at
    the same moment do not queue on each other's row locks. True when the new complaint was flagged.

    The same conditions as ``_group_match``, written as SQL: this statement runs on every public
    submission and the ORM's compilation of it cost more than the statement itself."""
    since = complaint.received_on - dt.timedelta(days=policy.group_window_days)
    employer, params = "employer_name_normalized = %s", [complaint.employer_name_normalized]
    if complaint.employer_uscc:
        employer, params = f"({employer} OR employer_uscc = %s)", [*params, complaint.employer_uscc]
    statuses = ", ".join(["%s"] * len(OPEN_STATUSES))
    match = f"{employer} AND project_normalized = %s AND received_on >= %s AND status IN ({statuses})"
    match_params = [*params, complaint.project_normalized, since, *OPEN_STATUSES]
    table = connection.ops.quote_name(Complaint._meta.db_table)
    # only the quoted table name and fixed fragments are formatted in; every value is a parameter
    sql = (f"UPDATE {table} SET group_suggested = TRUE WHERE {match} AND NOT group_suggested"  # noqa: S608
           f" AND group_id IS NULL AND EXISTS (SELECT 1 FROM {table} WHERE {match} AND id <> %s)")
    with connection.cursor() as cursor:
        cursor.execute(sql, [*match_params, *match_params, complaint.pk])
        return cursor.rowcount > 0


# --- handling -----------------------------------------------------------------------------------


def _visible(actor, complaint: Complaint) -> bool:
    from .selectors import complaints_visible_to

    return complaints_visible_to(actor).filter(pk=complaint.pk).exists()


def _transition(
    *,
    complaint_id: int,
    actor,
    from_states: tuple[str, ...],
    to: str,
    action: str,
    updates: dict,
    step_note: str = "",
    bureau_only: bool = False,
    request=None,
) -> Complaint:
    """Move a complaint (and every member of its group case) from one of ``from_states`` to ``to``."""
    complaint = Complaint.objects.select_for_update().filter(pk=complaint_id).first()
    if complaint is None or not _visible(actor, complaint):
        raise DomainError(_("Case not found or not yours to handle."), code="not_found")
    if bureau_only and not actor.is_bureau_staff:
        raise DomainError(_("Only bureau staff may do this."), code="forbidden")
    if complaint.group_id:
        members = list(Complaint.objects.select_for_update().filter(group_id=complaint.group_id).order_by("id"))
    else:
        members = [complaint]
    for member in members:
        if member.status not in from_states:
            raise DomainError(
                _("Case %(code)s is “%(status)s”; this step is not possible now.")
                % {"code": member.tracking_code, "status": member.get_status_display()},
                code="state",
            )
    on = today()
    for member in members:
        before = {"status": member.status, **{k: getattr(member, k) for k in updates}}
        # conditional UPDATE: the row-count check is the last guard against a concurrent change
        changed = Complaint.objects.filter(pk=member.pk, status=member.status).update(status=to, **updates)
        if changed != 1:
            raise DomainError(_("The case was changed by someone else; reload and try again."), code="state")
        for key, value in updates.items():
            setattr(member, key, value)
        member.status = to
        _step(member, to, on, step_note)
        audit(action, member, actor=actor, request=request, before=before, after={"status": to, **updates})
    return next(m for m in members if m.pk == complaint.pk)


@transaction.atomic
def complaint_accept(*, complaint_id: int, actor, request=None) -> Complaint:
    on = today()
    policy = policy_on(on)
    return _transition(
        complaint_id=complaint_id, actor=actor, from_states=(Status.SUBMITTED,), to=Status.ACCEPTED,
        action="wage_arrears.complaint.accepted", bureau_only=True, request=request,
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
        complaint = Complaint.objects.filter(pk=complaint_id).only("period_end", "received_on").first()
        if complaint is not None:
            limit_days = policy_on(complaint.received_on).max_arrears_age_days
            if complaint.period_end >= complaint.received_on - dt.timedelta(days=limit_days):
                raise DomainError(_("The arrears reach into the last %(days)s days; this reason does not apply.")
                                  % {"days": limit_days}, field="reason")
    note = NotAcceptedReason(reason).label
    if transferred_to:
        note = f"{note}: {transferred_to}"
    return _transition(
        complaint_id=complaint_id, actor=actor, from_states=(Status.SUBMITTED,), to=Status.NOT_ACCEPTED,
        action="wage_arrears.complaint.not_accepted", bureau_only=True, request=request, step_note=str(note),
        updates={"not_accepted_reason": reason, "transferred_to": transferred_to, "closed_on": today(),
                 "deadline_flag": DeadlineFlag.OK},
    )


@transaction.atomic
def complaint_assign(*, complaint_id: int, actor, department: Department | None = None, assignee=None,
                     reason: str = "", request=None) -> Complaint:
    """交办: hand the accepted case to the handling department (the routed one, or another one with a
    reason) and optionally to a named assignee."""
    on = today()
    policy = policy_on(on)
    updates = {"assigned_on": on, "deadline_flag": DeadlineFlag.OK, "escalated_on": None,
               "first_contact_due": workdays.add_working_days(on, policy.first_contact_working_days)}
    routed = Complaint.objects.filter(pk=complaint_id).values_list("department__code", flat=True).first()
    if department is not None and department.code != routed:
        reason = _required_text(reason, "reason", _("Give the reason for changing the department."))
        updates["department_id"] = department.pk
    if assignee is not None:
        current = Complaint.objects.filter(pk=complaint_id).values("region_id", "department_id").first() or {}
        department_id = department.pk if department is not None else current.get("department_id")
        fits = assignee.is_active and (
            assignee.is_city_staff
            or (assignee.is_county_staff and assignee.region_id == current.get("region_id"))
            or (assignee.is_department_liaison and assignee.region_id == current.get("region_id")
                and assignee.department_id == department_id)
        )
        if not fits:
            raise DomainError(_("The assignee must be staff of the case's region (or the handling department's "
                                "liaison there)."), field="assignee")
        updates["assignee_id"] = assignee.pk
    complaint = _transition(
        complaint_id=complaint_id, actor=actor, from_states=(Status.ACCEPTED,), to=Status.ASSIGNED,
        action="wage_arrears.complaint.assigned", bureau_only=True, request=request, updates=updates,
    )
    if "department_id" in updates:
        audit("wage_arrears.complaint.rerouted", complaint, actor=actor, request=request,
              before={"department": routed}, after={"department": department.code}, message=reason)
    return complaint


def _required_text(value: str, field_name: str, message) -> str:
    value = (value or "").strip()
    if not value:
        raise DomainError(message, field=field_name)
    return value


@transaction.atomic
def complaint_record_contact(*, complaint_id: int, actor, note: str, request=None) -> Complaint:
    note = _required_text(note, "note", _("Describe the contact with the worker and the employer."))
    return _transition(
        complaint_id=complaint_id, actor=actor, from_states=(Status.ASSIGNED,), to=Status.IN_CONTACT,
        action="wage_arrears.complaint.contacted", request=request,
        updates={"contacted_on": today(), "contact_note": note, "deadline_flag": DeadlineFlag.OK,
                 "escalated_on": None},
    )


@transaction.atomic
def complaint_verify(*, complaint_id: int, actor, findings: str, substantiated: bool, request=None) -> Complaint:
    findings = _required_text(findings, "findings", _("Write down the findings of the verification."))
    return _transition(
        complaint_id=complaint_id, actor=actor, from_states=(Status.IN_CONTACT,), to=Status.VERIFIED,
        action="wage_arrears.complaint.verified", request=request,
        updates={"findings": findings, "substantiated": bool(substantiated),
                 "substantiated_on": today() if substantiated else None},
    )


@transaction.atomic
def complaint_handle(*, complaint_id: int, actor, outcome: str, request=None) -> Complaint:
    if outcome not in Outcome.values:
        raise DomainError(_("Choose how the case is handled."), field="outcome")
    return _transition(
        complaint_id=complaint_id, actor=actor, from_states=(Status.VERIFIED,), to=Status.HANDLED,
        action="wage_arrears.complaint.handled", request=request, step_note=str(Outcome(outcome).label),
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
    if paid_on is None or paid_on > today():
        raise DomainError(_("The payment date cannot be in the future."), field="paid_on")
    return _transition(
        complaint_id=complaint_id, actor=actor, from_states=(Status.VERIFIED, Status.HANDLED), to=Status.RESOLVED,
        action="wage_arrears.complaint.resolved", request=request,
        updates={"amount_recovered": amount, "workers_paid": int(workers_paid), "resolved_on": paid_on,
                 "deadline_flag": DeadlineFlag.OK},
    )


@transaction.atomic
def complaint_inform(*, complaint_id: int, actor, note: str = "", request=None) -> Complaint:
    return _transition(
        complaint_id=complaint_id, actor=actor, from_states=(Status.RESOLVED,), to=Status.INFORMED,
        action="wage_arrears.complaint.informed", request=request, step_note=(note or "").strip(),
        updates={"informed_on": today()},
    )


@transaction.atomic
def complaint_close(*, complaint_id: int, actor, request=None) -> Complaint:
    return _transition(
        complaint_id=complaint_id, actor=actor, from_states=(Status.INFORMED,), to=Status.CLOSED,
        action="wage_arrears.complaint.closed", bureau_only=True, request=request,
        updates={"closed_on": today(), "deadline_flag": DeadlineFlag.OK},
    )


RESOLUTION_STATES = (Status.ACCEPTED, Status.ASSIGNED, Status.IN_CONTACT, Status.VERIFIED, Status.HANDLED)


@transaction.atomic
def complaint_extend(*, complaint_id: int, actor, reason: str, request=None) -> Complaint:
    """Extend the resolution deadline once, with a city officer's approval and reason."""
    reason = _required_text(reason, "reason", _("Give the reason for the extension."))
    if actor is None or not actor.is_city_staff:
        raise DomainError(_("Only a city officer may approve an extension."), code="forbidden")
    complaint = Complaint.objects.select_for_update().filter(pk=complaint_id).first()
    if complaint is None or not _visible(actor, complaint):
        raise DomainError(_("Case not found or not yours to handle."), code="not_found")
    if complaint.status not in RESOLUTION_STATES or complaint.resolve_due is None:
        raise DomainError(_("Only an accepted, open case can be extended."), code="state")
    policy = policy_on(complaint.accepted_on or today())
    new_due = workdays.add_working_days(complaint.resolve_due, policy.extension_working_days)
    changed = Complaint.objects.filter(pk=complaint.pk, extended=False).update(
        extended=True, extension_reason=reason, extension_approved_by=actor, resolve_due=new_due,
    )
    if changed != 1:
        raise DomainError(_("The resolution deadline has already been extended once."), code="state")
    audit("wage_arrears.complaint.extended", complaint, actor=actor, request=request,
          before={"resolve_due": complaint.resolve_due}, after={"resolve_due": new_due, "reason": reason})
    complaint.refresh_from_db()
    return complaint


@transaction.atomic
def complaint_reroute(*, complaint_id: int, actor, department: Department, reason: str, region: Region | None = None,
                      request=None) -> Complaint:
    """Change the handling department (routing from the sector is only a default) and, for city
    staff, the responsible region (a complaint filed under the wrong county). A reason is required."""
    reason = _required_text(reason, "reason", _("Give the reason for changing the department."))
    if not actor.is_bureau_staff:
        raise DomainError(_("Only bureau staff may do this."), code="forbidden")
    complaint = Complaint.objects.select_for_update().filter(pk=complaint_id).first()
    if complaint is None or not _visible(actor, complaint):
        raise DomainError(_("Case not found or not yours to handle."), code="not_found")
    if not complaint.is_open:
        raise DomainError(_("A closed case cannot be rerouted."), code="state")
    moves_region = region is not None and region.pk != complaint.region_id
    if moves_region and not actor.is_city_staff:
        raise DomainError(_("Only city staff may move a case to another county."), field="region")
    if moves_region and complaint.group_id:
        raise DomainError(_("A member of a group case cannot move alone."), field="region")
    if department.pk == complaint.department_id and not moves_region:
        raise DomainError(_("The case is already with this department."), field="department")
    before = {"department": complaint.department.code, "region": complaint.region.code}
    updates = {"department": department}
    if moves_region:  # the new county's staff take over: assignee and session belong to the old one
        updates.update(region=region, assignee=None, session=None)
    Complaint.objects.filter(pk=complaint.pk).update(**updates)
    audit("wage_arrears.complaint.rerouted", complaint, actor=actor, request=request, before=before,
          after={"department": department.code, "region": (region if moves_region else complaint.region).code},
          message=reason)
    complaint.refresh_from_db()
    return complaint


@transaction.atomic
def complaint_schedule_session(*, complaint_id: int, actor, session_id: int, request=None) -> Complaint:
    complaint = Complaint.objects.select_for_update().filter(pk=complaint_id).first()
    if complaint is None or not _visible(actor, complaint):
        raise DomainError(_("Case not found or not yours to handle."), code="not_found")
    session = ReceptionSession.objects.filter(pk=session_id, region_id=complaint.region_id).first()
    if session is None:
        raise DomainError(_("Choose a reception session of the case's region."), field="session")
    if session.date < today():
        raise DomainError(_("This session is already over."), field="session")
    Complaint.objects.filter(pk=complaint.pk).update(session=session)
    audit("wage_arrears.complaint.scheduled", complaint, actor=actor, request=request,
          after={"session": session.pk, "date": session.date})
    complaint.session = session
    return complaint


GROUP_JOIN_STATES = (Status.ACCEPTED, Status.ASSIGNED, Status.IN_CONTACT)
GROUP_SHARED_FIELDS = ("status", "accepted_on", "resolve_due", "assigned_on", "first_contact_due", "contacted_on",
                       "department_id", "assignee_id", "deadline_flag", "escalated_on", "extended")


@transaction.atomic
def group_merge(*, complaint_ids: list[int], actor, request=None) -> ComplaintGroup:
    """Merge complaints against the same employer and project into one group case."""
    if len(set(complaint_ids)) < 2:
        raise DomainError(_("Choose at least two complaints to merge."))
    if not actor.is_bureau_staff:
        raise DomainError(_("Only bureau staff may do this."), code="forbidden")
    complaints = list(Complaint.objects.select_for_update().filter(pk__in=complaint_ids).order_by("id"))
    if len(complaints) != len(set(complaint_ids)) or not all(_visible(actor, c) for c in complaints):
        raise DomainError(_("Case not found or not yours to handle."), code="not_found")
    first = complaints[0]
    for c in complaints:
        same_employer = c.employer_name_normalized == first.employer_name_normalized or (
            c.employer_uscc and c.employer_uscc == first.employer_uscc)
        if not same_employer or c.project_normalized != first.project_normalized:
            raise DomainError(_("Only complaints against the same employer and project can be merged."))
        if c.region_id != first.region_id:
            raise DomainError(_("Only complaints of the same region can be merged."))
        if not c.is_open:
            raise DomainError(_("Only open complaints at the same step can be merged."))
    groups = {c.group_id for c in complaints if c.group_id}
    if len(groups) > 1:
        raise DomainError(_("These complaints already belong to different group cases."))
    group = ComplaintGroup.objects.get(pk=groups.pop()) if groups else None
    lead = next((c for c in complaints if group is not None and c.group_id == group.pk), first)
    # A newcomer (submitted) joins a group that is accepted but not yet verified by catching up with
    # it: it takes the group's step, department, assignee and deadlines and is handled with it.
    joining = [c for c in complaints if group is not None and c.group_id is None and c.status == Status.SUBMITTED
               and lead.status in GROUP_JOIN_STATES]
    if any(c.status != lead.status for c in complaints if c not in joining):
        raise DomainError(_("Only open complaints at the same step can be merged (a new complaint can join a "
                            "group case until its verification)."))
    if group is None:
        group = ComplaintGroup.objects.create(employer_name=first.employer_name, project_name=first.project_name,
                                              region_id=first.region_id, created_by=actor)
    Complaint.objects.filter(pk__in=[c.pk for c in complaints]).update(group=group, group_suggested=False)
    if joining:
        Complaint.objects.filter(pk__in=[c.pk for c in joining]).update(
            **{name: getattr(lead, name) for name in GROUP_SHARED_FIELDS})
    on = today()
    for c in complaints:
        if c in joining:
            _step(c, lead.status, on, _("Joined the group case and is handled together with it."))
        else:
            _step(c, c.status, on, _("Merged into a group case with other workers' complaints."))
    audit("wage_arrears.group.merged", group, actor=actor, request=request, region=first.region,
          after={"complaints": [c.tracking_code for c in complaints]})
    return group


# --- daily jobs ---------------------------------------------------------------------------------


def _due_expression_by_status() -> list[tuple[tuple[str, ...], str]]:
    return [
        ((Status.SUBMITTED,), "accept_due"),
        ((Status.ASSIGNED,), "first_contact_due"),
        ((Status.ACCEPTED, Status.IN_CONTACT, Status.VERIFIED, Status.HANDLED), "resolve_due"),
    ]


@transaction.atomic
def deadlines_sweep(*, on: dt.date | None = None) -> dict:
    """Mark open cases due soon or overdue (set-based) and escalate newly overdue ones to the city."""
    on = on or today()
    policy = policy_on(on)
    soon_until = workdays.add_working_days(on, policy.due_soon_working_days)
    counts = {"overdue": 0, "due_soon": 0, "escalated": 0}
    newly_overdue: list[int] = []
    for states, due_field in _due_expression_by_status():
        base = Complaint.objects.filter(status__in=states)
        overdue = base.filter(**{f"{due_field}__lt": on})
        newly_overdue += list(overdue.filter(escalated_on__isnull=True).values_list("id", flat=True))
        counts["overdue"] += overdue.update(deadline_flag=DeadlineFlag.OVERDUE)
        counts["due_soon"] += base.filter(**{f"{due_field}__gte": on, f"{due_field}__lte": soon_until}).update(
            deadline_flag=DeadlineFlag.DUE_SOON)
        base.filter(**{f"{due_field}__gt": soon_until}).update(deadline_flag=DeadlineFlag.OK)
    Complaint.objects.exclude(status__in=[s for states, _f in _due_expression_by_status() for s in states]).exclude(
        deadline_flag=DeadlineFlag.OK).update(deadline_flag=DeadlineFlag.OK)
    if newly_overdue:
        counts["escalated"] = Complaint.objects.filter(pk__in=newly_overdue).update(escalated_on=on)
        for complaint in Complaint.objects.filter(pk__in=newly_overdue).only("id", "tracking_code", "region_id"):
            audit("wage_arrears.complaint.escalated", complaint, message="overdue", after={"escalated_on": on})
    _snapshot_clearance(on)
    return counts


def _snapshot_clearance(on: dt.date) -> None:
    """Record every region's open and overdue cases on ``on`` (re-running the sweep replaces them)."""
    from .selectors import open_overdue_counts

    per_region = {row["region_id"]: row for row in
                  Complaint.objects.values("region_id").annotate(**open_overdue_counts()).order_by()}
    ClearanceSnapshot.objects.bulk_create(
        [ClearanceSnapshot(region_id=pk, on=on, open=per_region.get(pk, {}).get("open", 0),
                           overdue=per_region.get(pk, {}).get("overdue", 0))
         for pk in Region.objects.values_list("id", flat=True)],
        update_conflicts=True, unique_fields=["region", "on"], update_fields=["open", "overdue"],
    )


@transaction.atomic
def sessions_create_ahead(*, on: dt.date | None = None) -> int:
    """Create the joint reception session of every region for each coming session day (Friday by
    policy) in the policy's horizon, skipping public holidays. Idempotent."""
    on = on or today()
    policy = policy_on(on)
    days_to = (policy.session_weekday - on.weekday()) % 7
    first = on + dt.timedelta(days=days_to)
    dates = [first + dt.timedelta(weeks=w) for w in range(policy.session_weeks_ahead)]
    dates = [d for d in dates if workdays.is_working_day(d)]
    regions = list(Region.objects.all())
    departments = list(Department.objects.filter(is_active=True))
    existing = set(ReceptionSession.objects.filter(date__in=dates).values_list("region_id", "date"))
    new = [
        ReceptionSession(region=r, date=d, start_time=policy.session_start, location=r.address)
        for d in dates for r in regions if (r.pk, d) not in existing
    ]
    created = ReceptionSession.objects.bulk_create(new, ignore_conflicts=True)
    created_ids = list(ReceptionSession.objects.filter(date__in=dates).exclude(
        pk__in=ReceptionSession.departments.through.objects.values("receptionsession_id")).values_list("id", flat=True))
    through = ReceptionSession.departments.through
    through.objects.bulk_create(
        [through(receptionsession_id=sid, department_id=dep.pk) for sid in created_ids for dep in departments],
        ignore_conflicts=True,
    )
    if new:
        audit("wage_arrears.sessions.created", None, message=f"{len(created)} sessions",
              after={"dates": [d.isoformat() for d in dates]})
    return len(new)


@transaction.atomic
def session_record_outcomes(*, session_id: int, actor, outcomes: str, request=None) -> ReceptionSession:
    from .selectors import sessions_visible_to

    session = sessions_visible_to(actor).select_for_update().filter(pk=session_id).first()
    if session is None:
        raise DomainError(_("Session not found."), code="not_found")
    if not actor.is_bureau_staff:
        raise DomainError(_("Only bureau staff may do this."), code="forbidden")
    outcomes = _required_text(outcomes, "outcomes", _("Write down the outcomes of the session."))
    before = {"outcomes": session.outcomes, "held": session.held}
    session.outcomes, session.held = outcomes, True
    session.save(update_fields=["outcomes", "held"])
    audit("wage_arrears.session.held", session, actor=actor, request=request, before=before,
          after={"outcomes": outcomes, "held": True})
    return session


# --- blacklist ----------------------------------------------------------------------------------


def _add_years(day: dt.date, years: int) -> dt.date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


def _add_months(day: dt.date, months: int) -> dt.date:
    month0 = day.month - 1 + months
    year, month = day.year + month0 // 12, month0 % 12 + 1
    import calendar

    return day.replace(year=year, month=month, day=min(day.day, calendar.monthrange(year, month)[1]))


@transaction.atomic
def blacklist_add(*, complaint_id: int, actor, reason: str, listed_on: dt.date | None = None,
                  request=None) -> BlacklistEntry:
    reason = _required_text(reason, "reason", _("Give the grounds for listing (amount, incident, ignored order)."))
    if actor is None or not actor.is_city_staff:
        raise DomainError(_("Only a city officer may list an employer."), code="forbidden")
    complaint = Complaint.objects.select_for_update().filter(pk=complaint_id).first()
    if complaint is None:
        raise DomainError(_("Case not found or not yours to handle."), code="not_found")
    if not complaint.substantiated:
        raise DomainError(_("Only an employer with substantiated arrears can be listed."), code="state")
    if complaint.enterprise_id is None:
        raise DomainError(_("Match the employer to a registered enterprise first."), code="state")
    listed_on = listed_on or today()
    if BlacklistEntry.objects.filter(enterprise_id=complaint.enterprise_id, removed_on__isnull=True,
                                     listed_until__gte=listed_on).exists():
        raise DomainError(_("This employer is already on the blacklist."), code="state")
    policy = policy_on(listed_on)
    entry = BlacklistEntry.objects.create(
        enterprise_id=complaint.enterprise_id, complaint=complaint, reason=reason, listed_on=listed_on,
        listed_until=_add_years(listed_on, policy.blacklist_years), created_by=actor,
    )
    audit("wage_arrears.blacklist.listed", entry, actor=actor, request=request,
          region=complaint.enterprise.region_id,
          after={"enterprise": complaint.enterprise_id, "listed_until": entry.listed_until})
    return entry


@transaction.atomic
def blacklist_remove_early(*, entry_id: int, actor, paid_on: dt.date, requested_on: dt.date, reason: str,
                           request=None) -> BlacklistEntry:
    reason = _required_text(reason, "reason", _("Record the employer's good-faith pledge and the request."))
    if actor is None or not actor.is_city_staff:
        raise DomainError(_("Only a city officer may remove an employer from the list."), code="forbidden")
    entry = BlacklistEntry.objects.select_for_update().filter(pk=entry_id).first()
    if entry is None:
        raise DomainError(_("Blacklist entry not found."), code="not_found")
    if entry.removed_on is not None:
        raise DomainError(_("This employer has already been removed from the list."), code="state")
    policy = policy_on(requested_on)
    earliest = _add_months(paid_on, policy.early_removal_months)
    if requested_on < earliest:
        raise DomainError(
            _("Early removal can be requested from %(date)s (%(months)s months after paying).")
            % {"date": earliest, "months": policy.early_removal_months}, field="requested_on")
    if requested_on > today():
        raise DomainError(_("The request date cannot be in the future."), field="requested_on")
    changed = BlacklistEntry.objects.filter(pk=entry.pk, removed_on__isnull=True).update(
        paid_on=paid_on, removal_requested_on=requested_on, removed_on=today(), removal_reason=reason)
    if changed != 1:
        raise DomainError(_("This employer has already been removed from the list."), code="state")
    audit("wage_arrears.blacklist.removed", entry, actor=actor, request=request,
          region=entry.enterprise.region_id, after={"paid_on": paid_on, "requested_on": requested_on})
    entry.refresh_from_db()
    return entry


def active_blacklist_entry(enterprise_id: int | None, on: dt.date | None = None) -> BlacklistEntry | None:
    if enterprise_id is None:
        return None
    on = on or today()
    return BlacklistEntry.objects.filter(enterprise_id=enterprise_id, removed_on__isnull=True, listed_on__lte=on,
                                         listed_until__gte=on).first()


@transaction.atomic
def blacklist_remove_early_for_complaint(*, complaint_id: int, actor, paid_on: dt.date, requested_on: dt.date,
                                         reason: str, request=None) -> BlacklistEntry:
    """Early removal (from the case page) of the listing of this case's employer."""
    complaint = Complaint.objects.filter(pk=complaint_id).only("enterprise_id").first()
    entry = active_blacklist_entry(complaint.enterprise_id if complaint else None)
    if entry is None:
        raise DomainError(_("This employer is not on the blacklist."), code="state")
    return blacklist_remove_early(entry_id=entry.pk, actor=actor, paid_on=paid_on, requested_on=requested_on,
                                  reason=reason, request=request)


@transaction.atomic
def complaint_match_employer(*, complaint_id: int, actor, uscc: str, request=None) -> Complaint:
    """Link the case to the registry enterprise with this USCC (the employer was not recognised at
    intake): only then can a substantiated case exclude it from the ranking or list it."""
    from django.core.exceptions import ValidationError

    from xingtai_jobs.core.validators import validate_uscc

    if not actor.is_bureau_staff:
        raise DomainError(_("Only bureau staff may do this."), code="forbidden")
    try:
        uscc = validate_uscc(uscc)
    except ValidationError as exc:
        raise DomainError(exc.messages[0], field="uscc") from None
    complaint = Complaint.objects.select_for_update().filter(pk=complaint_id).first()
    if complaint is None or not _visible(actor, complaint):
        raise DomainError(_("Case not found or not yours to handle."), code="not_found")
    enterprise = Enterprise.objects.filter(uscc=uscc).only("id", "uscc", "name").first()
    if enterprise is None:
        raise DomainError(_("No enterprise with this USCC is in the registry."), field="uscc")
    if complaint.enterprise_id == enterprise.pk:
        raise DomainError(_("The case is already linked to this enterprise."), field="uscc")
    before = {"enterprise": complaint.enterprise_id, "employer_uscc": complaint.employer_uscc}
    Complaint.objects.filter(pk=complaint.pk).update(enterprise=enterprise, employer_uscc=enterprise.uscc)
    audit("wage_arrears.complaint.employer_matched", complaint, actor=actor, request=request, before=before,
          after={"enterprise": enterprise.pk, "employer_uscc": enterprise.uscc})
    complaint.refresh_from_db()
    return complaint


# --- documents ----------------------------------------------------------------------------------


# The poster is printed in Chinese only (like its other lines), whatever the UI language.
POSTER_WEEKDAYS = ("周一", "周二", "周三", "周四", "周五", "周六", "周日")


def session_poster_line(policy: HandlingPolicy) -> str:
    """The poster's line on the joint reception sessions, from the policy: 每周五14:30联合接访."""
    return f"每{POSTER_WEEKDAYS[policy.session_weekday % 7]}{policy.session_start:%H:%M}联合接访"


def poster_pdf(*, url: str, region: Region, site=None, size: str = "A4") -> bytes:
    """The printable QR poster of a region or a site (A4 or A3); the session line follows the
    handling policy in force."""
    from xingtai_jobs.core.documents import qr_svg, render_pdf

    if size not in ("A4", "A3"):
        raise DomainError(_("Choose A4 or A3."), field="size")
    return render_pdf("wage_arrears/poster.html", {
        "url": url, "region": region, "site": site, "size": size,
        "session_line": session_poster_line(policy_on(today())),
        "qr": qr_svg(url, scale=12 if size == "A3" else 9, border=4)})
