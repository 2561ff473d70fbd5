"""Reads with visibility for the person layer.

City staff see every person; county staff see the persons who live in their region or who have a
labour contract with an enterprise of their region (the employer's county reviews the
enterprise-paid schemes); nobody else sees the registry (enterprises and citizens see persons only
through their own subsidy items, masked).
"""

from __future__ import annotations

from django.db.models import Exists, OuterRef, Q, QuerySet

from xingtai_jobs.core.scoping import reference_model, selector_for

from .models import (
    Certificate,
    CitizenAccount,
    HardshipCertification,
    LabourContract,
    Person,
    PersonContribution,
    UnemploymentRegistration,
)


def _is_city(user) -> bool:
    return bool(user.is_superuser or user.role == user.Role.CITY_STAFF)


def _visible_person_q(user) -> Q | None:
    """The filter on Person for ``user``: None means every person."""
    if user is None or not user.is_authenticated or not user.is_active:
        return Q(pk__in=[])
    if _is_city(user):
        return None
    if user.role == user.Role.COUNTY_STAFF and user.region_id:
        employed_here = LabourContract.objects.filter(person=OuterRef("pk"), enterprise__region_id=user.region_id)
        return Q(region_id=user.region_id) | Q(Exists(employed_here))
    return Q(pk__in=[])


@selector_for(Person)
def persons_visible_to(user) -> QuerySet[Person]:
    qs = Person.objects.select_related("region")
    q = _visible_person_q(user)
    return qs if q is None else qs.filter(q)


def _child_rows(qs: QuerySet, user) -> QuerySet:
    if user is None or not user.is_authenticated or not user.is_active:
        return qs.none()
    if _is_city(user):
        return qs
    if user.role == user.Role.COUNTY_STAFF and user.region_id:
        return qs.filter(person__in=persons_visible_to(user).values("pk"))
    return qs.none()


@selector_for(UnemploymentRegistration)
def unemployment_registrations_visible_to(user) -> QuerySet[UnemploymentRegistration]:
    return _child_rows(UnemploymentRegistration.objects.select_related("person", "region"), user)


@selector_for(LabourContract)
def labour_contracts_visible_to(user) -> QuerySet[LabourContract]:
    return _child_rows(LabourContract.objects.select_related("person", "enterprise"), user)


@selector_for(PersonContribution)
def contributions_visible_to(user) -> QuerySet[PersonContribution]:
    return _child_rows(PersonContribution.objects.select_related("person", "enterprise"), user)


@selector_for(Certificate)
def certificates_visible_to(user) -> QuerySet[Certificate]:
    return _child_rows(Certificate.objects.select_related("person"), user)


@selector_for(HardshipCertification)
def hardship_certifications_visible_to(user) -> QuerySet[HardshipCertification]:
    return _child_rows(HardshipCertification.objects.select_related("person", "category", "region"), user)


def person_by_resident_id(resident_id: str) -> Person | None:
    return Person.objects.filter(resident_id=(resident_id or "").strip().upper()).first()


reference_model("persons.HardshipCategory")


@selector_for(CitizenAccount)
def citizen_accounts_visible_to(user) -> QuerySet[CitizenAccount]:
    """City staff all accounts; county staff the accounts linked to persons they see; nobody else."""
    qs = CitizenAccount.objects.select_related("person", "user")
    if user is None or not user.is_authenticated or not user.is_active:
        return qs.none()
    if _is_city(user):
        return qs
    if user.role == user.Role.COUNTY_STAFF and user.region_id:
        return qs.filter(person__in=persons_visible_to(user).values("pk"))
    return qs.none()


def own_records(user) -> dict:
    """A citizen's own account and, when linked, their person and records (nothing of anyone else)."""
    account = CitizenAccount.objects.select_related("person", "person__region").filter(user=user).first()
    person = account.person if account else None
    if person is None:
        return {"account": account, "person": None}
    return {
        "account": account,
        "person": person,
        "certificates": list(Certificate.objects.filter(person=person).order_by("-issued_on")),
        "registrations": list(UnemploymentRegistration.objects.filter(person=person).select_related("region").order_by("-registered_on")),
        "contracts": list(LabourContract.objects.filter(person=person).select_related("enterprise").order_by("-starts_on")),
        "contribution_months": list(
            PersonContribution.objects.filter(person=person).select_related("enterprise").order_by("-month")[:24]),
    }
