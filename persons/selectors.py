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
