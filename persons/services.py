"""Writes of the person layer. Imports run through the registry's import service
(``enterprises.services.registry_import_file`` / ``registry_import_upload`` with
``specs=persons.imports.SPECS``); this module holds the audited full view and citizen accounts."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from xingtai_jobs.core.audit import audit, audit_personal_data_view
from xingtai_jobs.core.errors import DomainError
from xingtai_jobs.core.validators import resident_id_birth_date


def person_reveal(*, request, person, fields: tuple[str, ...] = ("resident_id", "phone")) -> dict[str, str]:
    """The full values of ``fields`` of ``person`` for a staff member who needs them; audited."""
    audit_personal_data_view(request, person, list(fields))
    return {f: getattr(person, f) for f in fields}


# --- citizen accounts ------------------------------------------------------------------------


def _matching_person(resident_id: str, name: str):
    from .models import Person

    return Person.objects.filter(resident_id=resident_id, name=name, account__isnull=True).first()


@transaction.atomic
def citizen_signup(*, resident_id: str, name: str, phone: str, password: str, request=None):
    """Create a citizen's account (the mobile number is the login name) and link it to the registry's
    person when the resident ID and the name both match. One account per resident ID and per mobile."""
    from xingtai_jobs.core.models import User

    from .models import CitizenAccount

    if CitizenAccount.objects.filter(resident_id=resident_id).exists():
        raise DomainError(_("An account with this resident ID number already exists: log in with its mobile number."),
                          field="resident_id", code="conflict")
    if User.objects.filter(username=phone).exists() or CitizenAccount.objects.filter(phone=phone).exists():
        raise DomainError(_("This mobile number already has an account: log in instead."), field="phone", code="conflict")
    user = User(username=phone, role=User.Role.CITIZEN, first_name=name[:150], is_staff=False)
    user.set_password(password)
    user.save()
    account = CitizenAccount.objects.create(user=user, resident_id=resident_id, name=name, phone=phone)
    audit("persons.citizen.signed_up", account, actor=user, request=request)
    citizen_link(account=account)
    return account


def citizen_link(*, account) -> bool:
    """Link ``account`` to the person with the same resident ID and name, if the registry has one."""
    if account.person_id:
        return True
    person = _matching_person(account.resident_id, account.name)
    if person is None:
        return False
    updated = type(account).objects.filter(pk=account.pk, person__isnull=True).update(person=person, linked_at=timezone.now())
    if updated:
        account.person, account.linked_at = person, timezone.now()
        audit("persons.citizen.linked", account, actor=account.user, after={"person": person.pk})
    return bool(updated)


def citizen_accounts_link_pending() -> int:
    """After persons are imported: link every unlinked account whose resident ID and name now match.
    One query finds the pairs (however many accounts wait); each link is a guarded, audited update."""
    from django.db.models import OuterRef, Subquery

    from .models import CitizenAccount, Person

    match = Person.objects.filter(resident_id=OuterRef("resident_id"), name=OuterRef("name"), account__isnull=True).values("pk")[:1]
    pending = (CitizenAccount.objects.filter(person__isnull=True).annotate(match=Subquery(match)).filter(match__isnull=False)
               .select_related("user"))
    linked = 0
    for account in pending:
        if type(account).objects.filter(pk=account.pk, person__isnull=True).update(person_id=account.match, linked_at=timezone.now()):
            audit("persons.citizen.linked", account, actor=account.user, after={"person": account.match})
            linked += 1
    return linked


# --- records of other apps that name a person ----------------------------------------------------


def _person_linked_models():
    """Every model with an optional ``person`` foreign key to Person that keeps the ``name``,
    ``resident_id`` and ``phone`` given until it is linked (event registrations)."""
    from .models import Person

    for rel in Person._meta.related_objects:
        model = rel.related_model
        names = {f.name for f in model._meta.get_fields()}
        if rel.field.name == "person" and rel.field.null and {"name", "resident_id", "phone"} <= names:
            yield model


def person_for(*, resident_id: str = "", phone: str = "", name: str | None = None):
    """The registry's person with this resident ID, or (no ID given) the only person with this mobile;
    with ``name``, only a person of that name (a record that gives someone else's ID or a shared
    family phone is not linked)."""
    from .models import Person

    persons = Person.objects.all() if name is None else Person.objects.filter(name=name.strip())
    if resident_id:
        return persons.filter(resident_id=resident_id.strip().upper()).first()
    if phone:
        matches = list(Person.objects.filter(phone=phone)[:2])
        if len(matches) == 1 and (name is None or matches[0].name == name.strip()):
            return matches[0]
    return None


def person_link_records() -> int:
    """Link every unlinked record of another app to its person — by resident ID and name, or (no ID
    given) by a mobile number only one person has and the name — and blank the record's copy of the
    name and ID (the person's now). Set-based; returns the number of rows linked."""
    from django.db.models import Count, Exists, OuterRef, Subquery

    from .models import Person

    by_id = Person.objects.filter(resident_id=OuterRef("resident_id"), name=OuterRef("name"))
    unique_phones = (Person.objects.exclude(phone="").values("phone").annotate(n=Count("pk")).filter(n=1).values("phone"))
    by_phone = Person.objects.filter(phone=OuterRef("phone"), name=OuterRef("name"))
    linked = 0
    for model in _person_linked_models():
        pending = model.objects.filter(person__isnull=True)
        linked += pending.exclude(resident_id="").filter(Exists(by_id)).update(
            person=Subquery(by_id.values("pk")[:1]), name="", resident_id="")
        linked += model.objects.filter(person__isnull=True, resident_id="").exclude(phone="").filter(phone__in=unique_phones).filter(
            Exists(by_phone)).update(person=Subquery(by_phone.values("pk")[:1]), name="", resident_id="")
    return linked


# --- who a person is, written by another app's intake ---------------------------------------------

IDENTITY_FIELDS = ("name", "phone", "education", "school", "major", "graduation_date")


def person_named_otherwise(*, resident_id: str, name: str) -> bool:
    """The registry knows this resident ID under another name (a record naming it is refused)."""
    from .models import Person

    return Person.objects.filter(resident_id=resident_id).exclude(name=name).exists()


def persons_record(rows: list[dict]) -> dict[str, object]:
    """Who the persons of ``rows`` are, kept on the registry's one copy: each row holds ``resident_id``,
    ``region_id`` (the residence of a person not yet registered; an existing person's is kept) and any
    of ``IDENTITY_FIELDS``. A person not yet registered is created (sex and birth date from the ID);
    an existing one takes the row's values. Returns resident ID -> Person. Two queries and a write
    however many rows (the ledger import's chunks)."""
    from .models import Person, sex_from_resident_id

    wanted = {r["resident_id"]: r for r in rows}
    found = {p.resident_id: p for p in Person.objects.filter(resident_id__in=list(wanted))}
    new, changed, fields = [], [], set()
    for rid, row in wanted.items():
        values = {f: row[f] for f in IDENTITY_FIELDS if f in row}
        person = found.get(rid)
        if person is None:
            new.append(Person(resident_id=rid, region_id=row["region_id"], birth_date=resident_id_birth_date(rid),
                              sex=sex_from_resident_id(rid), **values))
            continue
        diff = {f: v for f, v in values.items() if getattr(person, f) != v}
        if diff:
            for f, v in diff.items():
                setattr(person, f, v)
            fields |= set(diff)
            changed.append(person)
    Person.objects.bulk_create(new)
    if changed:
        now = timezone.now()
        for person in changed:
            person.updated_at = now
        Person.objects.bulk_update(changed, [*sorted(fields), "updated_at"])
    return {**found, **{p.resident_id: p for p in new}}  # bulk_create sets the new rows' ids (PostgreSQL, SQLite)


def person_record(*, resident_id: str, region_id: int, **identity):
    """One person's ``persons_record``."""
    return persons_record([{"resident_id": resident_id, "region_id": region_id, **identity}])[resident_id]
