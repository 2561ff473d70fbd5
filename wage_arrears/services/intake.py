"""Intake: a complaint is checked, matched to the registry, routed, stored with its evidence and
its first status step, and flagged when look-alikes suggest a group case. Retries are idempotent."""

from __future__ import annotations

import datetime as dt
import secrets
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from enterprises.models import Enterprise
from xingtai_jobs.core import workdays
from xingtai_jobs.core.audit import audit
from xingtai_jobs.core.errors import DomainError
from xingtai_jobs.core.models import Region
from xingtai_jobs.core.scoping import regions_for

from .. import rules
from ..models import Channel, Complaint, Evidence, ReceptionSession, Site, Status
from . import common
from .common import money, policy_on, record_step
from .groups import suggest_group
from .routing import route_department


def generate_tracking_code() -> str:
    chars = "".join(secrets.choice(rules.CODE_ALPHABET) for _ in range(8))
    return f"QX-{chars[:4]}-{chars[4:]}"


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
    site: Site | None = None
    evidence: list = field(default_factory=list)  # [(uploaded_file, content_type)]


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
        raise DomainError(_("This submission key was already used."), field="submission_key", code="conflict")
    return existing


@transaction.atomic
def _complaint_submit_once(*, data: ComplaintInput, channel: str, submission_key, actor, session,
                           request) -> Complaint:
    received = common.today()
    _check_input(data, received)
    policy = policy_on(received)
    if getattr(actor, "is_bureau_staff", False) and not regions_for(actor).filter(pk=data.region.pk).exists():
        # staff register complaints of their own regions only (the public form's region is the complainant's choice)
        raise DomainError(_("You may only register complaints of your own region."), field="region_code", code="forbidden")
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
        employer_name_normalized=rules.normalize_name(data.employer_name),
        employer_uscc=data.employer_uscc or (enterprise[1] if enterprise else ""),
        enterprise_id=enterprise[0] if enterprise else None,
        project_name=data.project_name.strip(),
        project_normalized=rules.normalize_name(data.project_name),
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
    record_step(complaint, Status.SUBMITTED, received)
    complaint.group_suggested = suggest_group(complaint, policy)
    audit(
        "wage_arrears.complaint.submitted", complaint, actor=actor, request=request,
        after={"channel": channel, "department": complaint.department.code, "evidence": len(data.evidence)},
    )
    return complaint
