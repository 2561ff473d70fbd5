"""Every write of the recruitment app: keyword-only arguments, one transaction, a state guard,
an audit entry, and a DomainError with a message a person can act on."""

from __future__ import annotations

import datetime as dt
import secrets
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from persons.services import person_for, person_named_otherwise, person_record
from recruitment.models import (
    EDUCATION_OF_DEGREE,
    Education,
    Event,
    EventParticipant,
    GraduateEntry,
    Intention,
    InternshipPlacement,
    InternshipPost,
    JobApplication,
    JobPosting,
    LivestreamResult,
    RecommendationOfficer,
    Registration,
    ServiceRecord,
    WorkQueueItem,
)
from recruitment.rules import InternRules, Package1131, application_kept_from, intern_eligibility
from recruitment.workflows import REGISTRATION
from xingtai_jobs.core import clock, policy
from xingtai_jobs.core.audit import audit
from xingtai_jobs.core.errors import DomainError
from xingtai_jobs.core.scoping import ensure_actor_may_see
from xingtai_jobs.core.validators import normalize_mobile, resident_id_birth_date, validate_resident_id

CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"


# --- policy figures ----------------------------------------------------------------------------


def param(code: str, *, on: dt.date | None = None) -> Decimal:
    """The value of recruitment policy figure ``code`` in force on ``on`` (today by default)."""
    return Decimal(param_int(code, on=on))


def param_int(code: str, *, on: dt.date | None = None) -> int:
    """The kernel policy figure ``recruitment.<code>`` (every recruitment figure is a whole number)."""
    return policy.value(f"recruitment.{code}", on=on)


def package_1131(*, on: dt.date | None = None) -> Package1131:
    return Package1131(
        briefings=param_int("1131_briefings", on=on),
        guidance=param_int("1131_guidance", on=on),
        referrals=param_int("1131_referrals", on=on),
        training_or_internship=param_int("1131_training_or_internship", on=on),
    )


def intern_rules(*, on: dt.date | None = None) -> InternRules:
    return InternRules(
        graduate_window_years=param_int("intern_graduate_window_years", on=on),
        youth_min_age=param_int("intern_youth_min_age", on=on),
        youth_max_age=param_int("intern_youth_max_age", on=on),
    )


def _clean_phone(value: str, field: str = "phone") -> str:
    try:
        return normalize_mobile(value)
    except ValidationError as exc:
        raise DomainError(exc.messages[0], field=field) from None


def _clean_resident_id(value: str, field: str = "resident_id") -> str:
    try:
        return validate_resident_id(value)
    except ValidationError as exc:
        raise DomainError(exc.messages[0], field=field) from None


# --- events and postings -----------------------------------------------------------------------

EVENT_TRANSITIONS = {
    Event.Status.DRAFT: (Event.Status.PUBLISHED,),
    Event.Status.PUBLISHED: (Event.Status.ONGOING, Event.Status.CLOSED),
    Event.Status.ONGOING: (Event.Status.CLOSED,),
    Event.Status.CLOSED: (Event.Status.RESULTS,),
    Event.Status.RESULTS: (),
}


@transaction.atomic
def event_set_status(*, event: Event, status: str, actor) -> Event:
    ensure_actor_may_see(actor, event)
    allowed = [s for s, targets in EVENT_TRANSITIONS.items() if status in targets]
    updated = Event.objects.filter(pk=event.pk, status__in=allowed).update(status=status)
    if not updated:
        raise DomainError(_("The event “%(title)s” cannot move from %(old)s to %(new)s.") % {
            "title": event.title, "old": event.get_status_display(), "new": Event.Status(status).label}, code="conflict")
    before = event.status
    event.status = status
    audit("recruitment.event.status", event, actor=actor, before={"status": before}, after={"status": status})
    return event


@transaction.atomic
def participant_signup(*, event: Event, enterprise, actor) -> EventParticipant:
    if event.status not in Event.OPEN_STATUSES:
        raise DomainError(_("Enterprises can sign up only for published events."), code="conflict")
    participant, created = EventParticipant.objects.get_or_create(event=event, enterprise=enterprise)
    if not created:
        raise DomainError(_("Your enterprise has already signed up for this event."), code="conflict")
    audit("recruitment.participant.signed_up", participant, actor=actor, region=event.region)
    return participant


@transaction.atomic
def participant_decide(*, participant: EventParticipant, approve: bool, actor) -> EventParticipant:
    ensure_actor_may_see(actor, participant)
    new = EventParticipant.Status.APPROVED if approve else EventParticipant.Status.REJECTED
    if not EventParticipant.objects.filter(pk=participant.pk, status=EventParticipant.Status.PENDING).update(status=new):
        raise DomainError(_("This sign-up has already been decided."), code="conflict")
    participant.status = new
    audit("recruitment.participant.decided", participant, actor=actor, after={"status": new}, region=participant.event.region_id)
    return participant


@transaction.atomic
def posting_save(*, enterprise, actor, title: str, occupation: str, headcount: int, education: str, experience_years: int,
                 pay_min: Decimal, pay_max: Decimal, region, description: str, valid_from: dt.date, valid_to: dt.date,
                 events=(), posting: JobPosting | None = None) -> JobPosting:
    if pay_min is None or pay_max is None or pay_min < 0:
        raise DomainError(_("Enter the pay range in yuan per month."), field="pay_min")
    if pay_min > pay_max:
        raise DomainError(_("The minimum pay (%(lo)s yuan) is above the maximum pay (%(hi)s yuan).") % {"lo": pay_min, "hi": pay_max}, field="pay_min")
    if valid_to < valid_from:
        raise DomainError(_("The posting's validity ends before it starts."), field="valid_to")
    if headcount < 1:
        raise DomainError(_("The headcount must be at least 1."), field="headcount")
    if education not in Education.values:
        raise DomainError(_("Unknown education level."), field="education")
    events = list(events)
    for event in events:
        if not EventParticipant.objects.filter(event=event, enterprise=enterprise, status=EventParticipant.Status.APPROVED).exists():
            raise DomainError(_("Your enterprise is not an approved participant of “%(title)s”.") % {"title": event.title}, field="events", code="forbidden")
    fields = {"title": title, "occupation": occupation, "headcount": headcount, "education": education, "experience_years": experience_years,
                  "pay_min": pay_min, "pay_max": pay_max, "region": region, "description": description, "valid_from": valid_from, "valid_to": valid_to}
    if posting is None:
        posting = JobPosting.objects.create(enterprise=enterprise, **fields)
        action = "recruitment.posting.created"
    else:
        if posting.enterprise_id != enterprise.pk:
            raise DomainError(_("This posting belongs to another enterprise."), code="forbidden")
        for key, value in fields.items():
            setattr(posting, key, value)
        posting.save()
        action = "recruitment.posting.updated"
    if events:
        posting.events.add(*events)
    audit(action, posting, actor=actor, after={"title": title, "pay_min": pay_min, "pay_max": pay_max})
    return posting


# --- registrations, waiting list, check-in, intentions -----------------------------------------


def _new_code() -> str:
    while True:
        code = "".join(secrets.choice(CODE_ALPHABET) for _ in range(8))
        if not Registration.objects.filter(code=code).exists():
            return code


def _ledger_match(*, resident_id: str, phone: str) -> GraduateEntry | None:
    if resident_id:
        return GraduateEntry.objects.filter(person__resident_id=resident_id).first()
    return GraduateEntry.objects.filter(person__phone=phone).order_by("id").first()


@transaction.atomic
def registration_create(*, event_id: int, name: str, phone: str, resident_id: str = "", education: str,
                        wanted_occupation: str, request=None) -> Registration:
    """Register a job seeker: confirmed while places are left, else on the waiting list.

    The event row is locked (select_for_update) so registrations of one event are serialised on
    PostgreSQL; the confirmed counter moves by a conditional UPDATE that can never pass capacity
    (and a check constraint guards it too)."""
    name = (name or "").strip()
    if not name:
        raise DomainError(_("Enter your name."), field="name")
    phone = _clean_phone(phone)
    resident_id = _clean_resident_id(resident_id) if (resident_id or "").strip() else ""
    if education not in Education.values:
        raise DomainError(_("Choose your education."), field="education")
    wanted_occupation = (wanted_occupation or "").strip()
    if not wanted_occupation:
        raise DomainError(_("Enter the occupation you are looking for."), field="wanted_occupation")
    event = Event.objects.select_for_update().filter(pk=event_id).first()
    if event is None:
        raise DomainError(_("No such event."), code="not_found")
    if event.status not in Event.OPEN_STATUSES:
        raise DomainError(_("Registration for “%(title)s” is closed.") % {"title": event.title}, code="conflict")
    if Registration.objects.filter(event=event, phone=phone).exclude(status=Registration.Status.CANCELLED).exists():
        raise DomainError(_("The phone number %(phone)s is already registered for this event.") % {"phone": phone}, field="phone", code="conflict")
    took_place = Event.objects.filter(pk=event.pk, confirmed_count__lt=F("capacity")).update(confirmed_count=F("confirmed_count") + 1)
    status = Registration.Status.CONFIRMED if took_place else Registration.Status.WAITLISTED
    ledger = _ledger_match(resident_id=resident_id, phone=phone)
    person = person_for(resident_id=resident_id, phone=phone, name=name)
    given_id = resident_id
    if person is not None:  # the person's name and ID are read from the registry (Registration.who)
        name, resident_id = "", ""
    try:
        with transaction.atomic():
            registration = Registration.objects.create(
                event=event, name=name, phone=phone, resident_id=resident_id, id_given=bool(given_id), education=education,
                wanted_occupation=wanted_occupation, status=status, code=_new_code(), token=secrets.token_urlsafe(16)[:22],
                ledger_entry=ledger, person=person,
            )
    except IntegrityError:
        raise DomainError(_("The phone number %(phone)s is already registered for this event.") % {"phone": phone}, field="phone", code="conflict") from None
    audit("recruitment.registration.created", registration, request=request, region=event.region_id, after={"status": status})
    if ledger is not None:
        _record_service(entry=ledger, kind=ServiceRecord.Kind.REFERRAL, date=clock.today(), actor=None,
                           channel=ServiceRecord.Channel.EVENT, registration=registration,
                           note=str(_("Registered for event: %(title)s") % {"title": event.title})[:200])
    return registration


def _promote_waiting(event: Event, *, actor) -> list[Registration]:
    """Fill free places from the waiting list, oldest first. The caller holds the event lock."""
    promoted = []
    while True:
        nxt = (Registration.objects.select_for_update().filter(event=event, status=Registration.Status.WAITLISTED).order_by("id").first())
        if nxt is None:
            break
        if not Event.objects.filter(pk=event.pk, confirmed_count__lt=F("capacity")).update(confirmed_count=F("confirmed_count") + 1):
            break
        now = timezone.now()
        REGISTRATION.move("promote", nxt, actor=actor, region=event.region_id, updates={"promoted_at": now}, record={})
        promoted.append(nxt)
    return promoted


@transaction.atomic
def registration_cancel(*, registration: Registration, actor=None, request=None) -> list[Registration]:
    """Cancel a registration; a freed place goes to the first on the waiting list. Returns those promoted."""
    event = Event.objects.select_for_update().get(pk=registration.event_id)
    current = Registration.objects.select_for_update().filter(pk=registration.pk).first()
    if current is None:
        raise DomainError(_("This registration is already cancelled."), code="conflict")
    was = current.status
    REGISTRATION.check("cancel", actor, current)
    REGISTRATION.move("cancel", current, actor=actor, request=request, region=event.region_id, record={"before": {"status": was}})
    registration.status = current.status
    if was == Registration.Status.CONFIRMED:
        Event.objects.filter(pk=event.pk).update(confirmed_count=F("confirmed_count") - 1)
    return _promote_waiting(event, actor=actor)


@transaction.atomic
def event_change_capacity(*, event: Event, capacity: int, actor) -> list[Registration]:
    ensure_actor_may_see(actor, event)
    locked = Event.objects.select_for_update().get(pk=event.pk)
    if capacity < locked.confirmed_count:
        raise DomainError(_("The capacity cannot be below the %(n)s confirmed registrations.") % {"n": locked.confirmed_count}, field="capacity")
    Event.objects.filter(pk=event.pk).update(capacity=capacity)
    audit("recruitment.event.capacity", locked, actor=actor, before={"capacity": locked.capacity}, after={"capacity": capacity})
    locked.capacity = capacity
    event.capacity = capacity
    return _promote_waiting(locked, actor=actor)


def _check_ticket(registration: Registration, at_event: Event | None) -> None:
    if at_event is not None and registration.event_id != at_event.pk:
        raise DomainError(_("This ticket is for another event (“%(title)s”).") % {"title": registration.event.title}, code="invalid")
    if registration.event.status not in Event.OPEN_STATUSES:
        raise DomainError(_("The event “%(title)s” is not open.") % {"title": registration.event.title}, code="conflict")


@transaction.atomic
def registration_check_in(*, registration: Registration, actor, at_event: Event | None = None, request=None) -> tuple[Registration, bool]:
    """Check the holder in once. Returns (registration, newly_checked_in)."""
    if not REGISTRATION.step("check_in").who(actor, registration):
        raise DomainError(_("Only bureau staff can check people in."), code="forbidden")
    _check_ticket(registration, at_event)
    if actor.is_county_staff and registration.event.region_id != actor.region_id:
        raise DomainError(_("This event is organised by another region."), code="forbidden")
    registration.status = Registration.objects.filter(pk=registration.pk).values_list("status", flat=True).first() or ""
    REGISTRATION.check("check_in", actor, registration)
    now = timezone.now()
    if not Registration.objects.filter(pk=registration.pk, checked_in_at__isnull=True).update(checked_in_at=now, checked_in_by=actor):
        registration.refresh_from_db(fields=["checked_in_at", "checked_in_by"])
        return registration, False
    registration.checked_in_at, registration.checked_in_by = now, actor
    audit("recruitment.registration.checked_in", registration, actor=actor, request=request, region=registration.event.region_id)
    return registration, True


@transaction.atomic
def job_application_create(*, posting_id: int, name: str, phone: str, education: str, note: str = "",
                           consent: bool, request=None) -> JobApplication:
    """A job seeker leaves their contact for the employer of a current posting (投递). Only with
    consent; one per posting and phone (a second is refused, naming the first's date)."""
    if not consent:
        raise DomainError(_("Tick the box to agree that the employer receives your contact details."), field="consent")
    name = (name or "").strip()
    if not name:
        raise DomainError(_("Enter your name."), field="name")
    phone = _clean_phone(phone)
    if education not in Education.values:
        raise DomainError(_("Choose your education."), field="education")
    today = clock.today()
    posting = (JobPosting.objects.select_related("enterprise")
               .filter(pk=posting_id, is_active=True, valid_from__lte=today, valid_to__gte=today).first())
    if posting is None:
        raise DomainError(_("This posting is no longer open."), code="not_found")
    earlier = JobApplication.objects.filter(posting=posting, phone=phone).values_list("created_at", flat=True).first()
    if earlier is not None:
        raise DomainError(_("You already left your contact for this posting on %(date)s; the employer will call you.")
                          % {"date": timezone.localtime(earlier).strftime("%Y-%m-%d")}, field="phone", code="conflict")
    try:
        with transaction.atomic():
            application = JobApplication.objects.create(
                posting=posting, enterprise_id=posting.enterprise_id, name=name[:50], phone=phone, education=education,
                note=(note or "").strip()[:200], consented_at=timezone.now())
    except IntegrityError:  # the same submit twice at once
        raise DomainError(_("You already left your contact for this posting; the employer will call you."), field="phone",
                          code="conflict") from None
    audit("recruitment.application.created", application, request=request, region=posting.region_id,
          after={"posting": posting.pk, "enterprise": posting.enterprise_id})
    return application


def expired_applications_delete(*, today: dt.date | None = None) -> int:
    """Delete the contacts job seekers left for employers (``JobApplication``) once they are older
    than the policy figure ``application_retention_months`` (provisional): the employer has had
    them to call back, and nothing is kept longer than that purpose needs (PIPL art. 19). Set-based;
    one audit entry with the count and the cutoff, never a name or number. Returns the count."""
    today = today or clock.today()
    months = param_int("application_retention_months", on=today)
    kept_from = application_kept_from(today, months)
    cutoff = timezone.make_aware(dt.datetime.combine(kept_from, dt.time.min))  # the portal's time zone
    with transaction.atomic():
        deleted, _by_model = JobApplication.objects.filter(created_at__lt=cutoff).delete()
        audit("recruitment.application.expired", None, message=f"{deleted} job applications left before {kept_from} deleted "
              f"(kept {months} months)")
    return deleted


def employer_is_at_event(*, enterprise_id: int | None, event: Event) -> bool:
    if not enterprise_id:
        return False
    return EventParticipant.objects.filter(
        event=event, enterprise_id=enterprise_id, status=EventParticipant.Status.APPROVED).exists()


@transaction.atomic
def intention_record(*, registration: Registration, posting_id: int, actor, note: str = "", at_event: Event | None = None,
                     request=None) -> Intention:
    """An employer at the event records 达成就业意向 with one of its postings at that event."""
    if not getattr(actor, "is_enterprise_user", False):
        raise DomainError(_("Only an employer's account can record an employment intention."), code="forbidden")
    _check_ticket(registration, at_event)
    event = registration.event
    if not employer_is_at_event(enterprise_id=actor.enterprise_id, event=event):
        raise DomainError(_("Your enterprise is not an approved participant of this event."), code="forbidden")
    if registration.status != Registration.Status.CONFIRMED:
        raise DomainError(_("This ticket is not confirmed."), code="conflict")
    posting = JobPosting.objects.filter(pk=posting_id, enterprise_id=actor.enterprise_id, events=event).first()
    if posting is None:
        raise DomainError(_("Choose one of your enterprise's postings at this event."), field="posting")
    if Intention.objects.filter(registration=registration, posting=posting).exists():
        raise DomainError(_("An intention for this posting has already been recorded."), code="conflict")
    intention = Intention.objects.create(event=event, registration=registration, posting=posting, enterprise_id=actor.enterprise_id,
                                         note=(note or "").strip()[:200], recorded_by=actor)
    audit("recruitment.intention.recorded", intention, actor=actor, request=request, region=event.region_id,
          after={"posting": posting.pk, "registration": registration.pk})
    if registration.ledger_entry is not None:
        _record_service(entry=registration.ledger_entry, kind=ServiceRecord.Kind.REFERRAL, date=clock.today(), actor=actor,
                           channel=ServiceRecord.Channel.EVENT, posting=posting, intention=intention,
                           note=str(_("Employment intention: %(title)s") % {"title": posting.title})[:200])
    return intention


@transaction.atomic
def livestream_result_record(*, event: Event, actor, platform: str, hosts: str, views: int, applications: int, intentions: int,
                             enterprise_visits: int) -> LivestreamResult:
    ensure_actor_may_see(actor, event)
    if event.kind != Event.Kind.LIVESTREAM:
        raise DomainError(_("Livestream results can be recorded only for livestream events."), code="invalid")
    if event.status not in (Event.Status.CLOSED, Event.Status.RESULTS, Event.Status.ONGOING):
        raise DomainError(_("Record the results after the session has started or ended."), code="conflict")
    for label, value in (("views", views), ("applications", applications), ("intentions", intentions), ("enterprise_visits", enterprise_visits)):
        if value is None or value < 0:
            raise DomainError(_("The figures cannot be negative."), field=label)
    if intentions > applications:
        raise DomainError(_("Intentions reached cannot exceed applications received."), field="intentions")
    result, _created = LivestreamResult.objects.update_or_create(event=event, defaults={
        "platform": platform, "hosts": hosts, "views": views, "applications": applications, "intentions": intentions,
        "enterprise_visits": enterprise_visits, "recorded_by": actor})
    audit("recruitment.livestream.recorded", event, actor=actor, after={"views": views, "applications": applications, "intentions": intentions})
    return result


# --- recommendation officers -------------------------------------------------------------------


@transaction.atomic
def officer_register(*, enterprise, actor, name: str, phone: str, position: str, training_date: dt.date | None = None) -> RecommendationOfficer:
    ensure_actor_may_see(actor, enterprise)
    name = (name or "").strip()
    if not name:
        raise DomainError(_("Enter the officer's name."), field="name")
    phone = _clean_phone(phone)
    if training_date and training_date > clock.today():
        raise DomainError(_("The training date cannot be in the future."), field="training_date")
    if RecommendationOfficer.objects.filter(enterprise=enterprise, phone=phone).exists():
        raise DomainError(_("An officer with this phone number is already registered."), field="phone", code="conflict")
    officer = RecommendationOfficer.objects.create(enterprise=enterprise, name=name, phone=phone, position=(position or "").strip(), training_date=training_date)
    audit("recruitment.officer.registered", officer, actor=actor, region=enterprise.region_id)
    return officer


# --- graduate ledger ---------------------------------------------------------------------------

COUNTER_FOR: dict[str, str] = {
    ServiceRecord.Kind.BRIEFING: "briefings",
    ServiceRecord.Kind.GUIDANCE: "guidance",
    ServiceRecord.Kind.REFERRAL: "referrals",
    ServiceRecord.Kind.TRAINING: "trainings",
    ServiceRecord.Kind.INTERNSHIP: "internships",
}


GRADUATE_IDENTITY = ("name", "resident_id", "phone", "school", "degree", "major", "graduation_date")


@transaction.atomic
def graduate_save(*, actor, data: dict, entry: GraduateEntry | None = None) -> GraduateEntry:
    """Manual entry or edit of a ledger row. ``data``: who the graduate is (``GRADUATE_IDENTITY``,
    written to the registry's person, created when the registry lacks the resident ID) and the
    ledger's own fields. A new row naming a resident ID the registry holds under another name is
    refused; an edit of the row's own person renames it."""
    data = dict(data)
    identity = {f: data.pop(f, "") for f in GRADUATE_IDENTITY}
    identity["name"] = (identity["name"] or "").strip()
    identity["resident_id"] = _clean_resident_id(identity["resident_id"])
    identity["phone"] = _clean_phone(identity["phone"])
    if not identity["name"]:
        raise DomainError(_("Enter the graduate's name."), field="name")
    if identity["degree"] not in GraduateEntry.Degree.values:
        raise DomainError(_("Choose the degree level."), field="degree")
    if not identity["graduation_date"]:
        raise DomainError(_("Enter the graduation date."), field="graduation_date")
    if identity["graduation_date"] > clock.today() + dt.timedelta(days=366):
        raise DomainError(_("The graduation date is too far in the future."), field="graduation_date")
    region = data.get("household_region")
    if region is None:
        raise DomainError(_("Choose the household region."), field="household_region")
    ensure_actor_may_see(actor, entry, region, data.get("caseworker"))
    if getattr(actor, "is_county_staff", False) and region.pk != actor.region_id:
        raise DomainError(_("You can only enter graduates of your own region."), field="household_region", code="forbidden")
    rid = identity["resident_id"]
    clash = GraduateEntry.objects.filter(person__resident_id=rid)
    if entry is not None:
        clash = clash.exclude(pk=entry.pk)
    if clash.exists():
        raise DomainError(_("This resident ID is already in the ledger."), field="resident_id", code="conflict")
    own = entry is not None and entry.person.resident_id == rid
    if not own and person_named_otherwise(resident_id=rid, name=identity["name"]):
        raise DomainError(_("The person registry holds this resident ID under another name: check the name and the ID."),
                          field="name", code="conflict")
    person = person_record(resident_id=rid, region_id=region.pk, name=identity["name"],
                           phone=identity["phone"], school=(identity["school"] or "").strip(), major=(identity["major"] or "").strip(),
                           education=EDUCATION_OF_DEGREE[identity["degree"]], graduation_date=identity["graduation_date"])
    if entry is None:
        entry = GraduateEntry.objects.create(**data, person=person)
        action = "recruitment.graduate.created"
    else:
        for key, value in data.items():
            setattr(entry, key, value)
        entry.person = person
        entry.save()
        action = "recruitment.graduate.updated"
    audit(action, entry, actor=actor, region=entry.household_region_id, after={"status": entry.status})
    return entry


@transaction.atomic
def service_record_add(*, entry: GraduateEntry, kind: str, date: dt.date, actor, channel: str = "", reached: bool = True,
                       posting: JobPosting | None = None, placement: InternshipPlacement | None = None,
                       registration: Registration | None = None, intention: Intention | None = None, note: str = "") -> ServiceRecord:
    """Record a service or a contact attempt and move the graduate's counters in the same transaction.
    The actor must see the graduate and every row the record links to."""
    ensure_actor_may_see(actor, entry, posting, placement, registration, intention)
    return _record_service(entry=entry, kind=kind, date=date, actor=actor, channel=channel, reached=reached, posting=posting,
                           placement=placement, registration=registration, intention=intention, note=note)


def _record_service(*, entry: GraduateEntry, kind: str, date: dt.date, actor, channel: str = "", reached: bool = True,
                    posting: JobPosting | None = None, placement: InternshipPlacement | None = None,
                    registration: Registration | None = None, intention: Intention | None = None, note: str = "") -> ServiceRecord:
    """The record itself, for services that record a consequence of a step the actor may take
    (a referral at an event, an internship placement) on a graduate of another region."""
    if kind not in ServiceRecord.Kind.values:
        raise DomainError(_("Unknown service kind."), field="kind")
    if date > clock.today():
        raise DomainError(_("The service date cannot be in the future."), field="date")
    if kind == ServiceRecord.Kind.CONTACT and not channel:
        raise DomainError(_("Choose the contact channel."), field="channel")
    record = ServiceRecord.objects.create(entry=entry, kind=kind, date=date, channel=channel, reached=reached, posting=posting,
                                          placement=placement, registration=registration, intention=intention, note=note,
                                          recorded_by=actor if getattr(actor, "pk", None) else None)
    updates: dict = {}
    if kind in COUNTER_FOR:
        updates[COUNTER_FOR[kind]] = F(COUNTER_FOR[kind]) + 1
    if kind == ServiceRecord.Kind.CONTACT or reached:
        # any service delivered is a contact; a contact attempt counts as reached only when it reached
        if reached:
            updates["reached"] = True
        GraduateEntry.objects.filter(pk=entry.pk).filter(Q(last_contact_on__isnull=True) | Q(last_contact_on__lt=date)).update(last_contact_on=date)
    if updates:
        GraduateEntry.objects.filter(pk=entry.pk).update(**updates)
    if kind in (ServiceRecord.Kind.CONTACT,):
        WorkQueueItem.objects.filter(entry=entry, done_at__isnull=True).update(done_at=timezone.now())
    audit("recruitment.service.recorded", record, actor=actor if getattr(actor, "pk", None) else None, region=entry.household_region_id,
          after={"kind": kind, "reached": reached})
    return record


@transaction.atomic
def stale_contacts_queue(*, today: dt.date | None = None) -> int:
    """Put every graduate still looking for work and not contacted for N days (policy figure
    ``contact_gap_days``) in the caseworker's work queue, once a day (set-based, idempotent)."""
    today = today or clock.today()
    gap = param_int("contact_gap_days", on=today)
    cutoff = today - dt.timedelta(days=gap)
    stale = GraduateEntry.objects.filter(status__in=[GraduateEntry.Status.UNEMPLOYED, GraduateEntry.Status.UNREACHABLE]).filter(
        Q(last_contact_on__isnull=True, created_at__date__lte=cutoff) | Q(last_contact_on__lte=cutoff)
    ).exclude(queue_items__reason=WorkQueueItem.Reason.NOT_CONTACTED, queue_items__done_at__isnull=True)
    created = 0
    batch: list[WorkQueueItem] = []
    for entry_id, caseworker_id in stale.values_list("id", "caseworker_id").iterator(chunk_size=5000):
        batch.append(WorkQueueItem(entry_id=entry_id, caseworker_id=caseworker_id, reason=WorkQueueItem.Reason.NOT_CONTACTED, queued_on=today))
        if len(batch) >= 5000:
            created += len(WorkQueueItem.objects.bulk_create(batch, ignore_conflicts=True))
            batch = []
    if batch:
        created += len(WorkQueueItem.objects.bulk_create(batch, ignore_conflicts=True))
    audit("recruitment.queue.stale_contacts", None, message=f"{created} graduates queued (gap {gap} days, cutoff {cutoff})")
    return created


# --- internships -------------------------------------------------------------------------------


@transaction.atomic
def internship_post_create(*, host, actor, title: str, positions: int, duration_months: int, stipend: Decimal, region) -> InternshipPost:
    ensure_actor_may_see(actor, host)
    if getattr(actor, "is_bureau_staff", False):
        ensure_actor_may_see(actor, region)
    lo, hi = param_int("internship_min_months"), param_int("internship_max_months")
    if not (lo <= duration_months <= hi):
        raise DomainError(_("An internship lasts %(lo)s to %(hi)s months.") % {"lo": lo, "hi": hi}, field="duration_months")
    if positions < 1:
        raise DomainError(_("Offer at least one position."), field="positions")
    if stipend is None or stipend <= 0:
        raise DomainError(_("Enter the monthly stipend in yuan."), field="stipend")
    post = InternshipPost.objects.create(host=host, title=title, positions=positions, duration_months=duration_months, stipend=stipend, region=region)
    audit("recruitment.internship_post.created", post, actor=actor)
    return post


@transaction.atomic
def internship_post_decide(*, post: InternshipPost, approve: bool, actor) -> InternshipPost:
    ensure_actor_may_see(actor, post)
    new = InternshipPost.Status.APPROVED if approve else InternshipPost.Status.REJECTED
    now = timezone.now() if approve else None
    if not InternshipPost.objects.filter(pk=post.pk, status=InternshipPost.Status.PENDING).update(status=new, approved_at=now):
        raise DomainError(_("This internship post has already been decided."), code="conflict")
    post.status, post.approved_at = new, now
    audit("recruitment.internship_post.decided", post, actor=actor, after={"status": new})
    return post


@transaction.atomic
def placement_create(*, post: InternshipPost, actor, name: str, resident_id: str, phone: str = "", start: dt.date,
                     unemployment_registered: bool = False) -> InternshipPlacement:
    """Place an intern after checking eligibility from the ID birth date and the ledger. Who the intern
    is goes to the registry's person (created when the registry lacks the resident ID; a registered
    ID under another name is refused); the placement keeps the link only."""
    ensure_actor_may_see(actor, post)
    post = InternshipPost.objects.select_for_update().get(pk=post.pk)
    if post.status != InternshipPost.Status.APPROVED:
        raise DomainError(_("Interns can be placed only on approved posts."), code="conflict")
    if post.placements.count() >= post.positions:
        raise DomainError(_("All %(n)s positions of this post are filled.") % {"n": post.positions}, code="conflict")
    name = (name or "").strip()
    if not name:
        raise DomainError(_("Enter the intern's name."), field="name")
    resident_id = _clean_resident_id(resident_id)
    phone = _clean_phone(phone) if phone else ""
    if post.placements.filter(person__resident_id=resident_id).exists():
        raise DomainError(_("This person is already placed on this post."), field="resident_id", code="conflict")
    ledger = GraduateEntry.objects.filter(person__resident_id=resident_id).select_related("person").first()
    decision = intern_eligibility(
        birth_date=resident_id_birth_date(resident_id), start=start,
        graduation_date=ledger.person.graduation_date if ledger else None, ledger_status=ledger.status if ledger else None,
        unemployment_registered=unemployment_registered, rules=intern_rules(on=start))
    if not decision.eligible:
        raise DomainError(decision.basis, field="resident_id", code="invalid")
    if person_named_otherwise(resident_id=resident_id, name=name):
        raise DomainError(_("The person registry holds this resident ID under another name: check the name and the ID."),
                          field="name", code="conflict")
    person = person_record(resident_id=resident_id, region_id=_residence_guess(resident_id, ledger, post), name=name,
                           **({"phone": phone} if phone else {}))
    planned_end = _add_months(start, post.duration_months)
    placement = InternshipPlacement.objects.create(post=post, person=person, ledger_entry=ledger,
                                                   eligibility_basis=decision.basis[:200], start=start, planned_end=planned_end)
    audit("recruitment.placement.created", placement, actor=actor, region=post.region_id, after={"basis": decision.basis})
    if ledger is not None:
        _record_service(entry=ledger, kind=ServiceRecord.Kind.INTERNSHIP, date=min(start, clock.today()), actor=actor, placement=placement,
                           note=post.title[:200])
    return placement


def _residence_guess(resident_id: str, ledger: GraduateEntry | None, post: InternshipPost) -> int:
    """The residence of an intern the registry does not know yet (an existing person's is kept): the
    ledger's household region, else the portal county of the ID's area code, else the post's county."""
    from xingtai_jobs.core.models import Region

    if ledger is not None:
        return ledger.household_region_id
    by_code = Region.objects.filter(code=resident_id[:6]).values_list("pk", flat=True).first()
    return by_code or post.region_id


@transaction.atomic
def placement_end(*, placement: InternshipPlacement, actor, actual_end: dt.date, early_hire_date: dt.date | None = None) -> InternshipPlacement:
    ensure_actor_may_see(actor, placement)
    if placement.actual_end:
        raise DomainError(_("This placement has already ended."), code="conflict")
    if actual_end < placement.start:
        raise DomainError(_("The end date is before the start."), field="actual_end")
    if early_hire_date and not (placement.start <= early_hire_date <= placement.planned_end):
        raise DomainError(_("The early-hire date must fall within the internship."), field="early_hire_date")
    InternshipPlacement.objects.filter(pk=placement.pk, actual_end__isnull=True).update(actual_end=actual_end, early_hire_date=early_hire_date)
    placement.actual_end, placement.early_hire_date = actual_end, early_hire_date
    audit("recruitment.placement.ended", placement, actor=actor, region=placement.post.region_id,
          after={"actual_end": actual_end, "early_hire_date": early_hire_date, "months_served": placement.months_served})
    return placement


def _add_months(day: dt.date, months: int) -> dt.date:
    import calendar

    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def service_1131_missing(entry: GraduateEntry, package: Package1131) -> list[str]:
    from recruitment.rules import service_1131_status

    return service_1131_status(briefings=entry.briefings, guidance=entry.guidance, referrals=entry.referrals, trainings=entry.trainings,
                               internships=entry.internships, package=package).missing
