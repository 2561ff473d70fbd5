"""Fixtures of the entitlements tests: persons, contracts and contribution rows built directly."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from persons.models import HardshipCategory, HardshipCertification, LabourContract, Person, PersonContribution
from tests.factories import EnterpriseFactory, make_resident_id, make_uscc
from xingtai_jobs.core.retirement import add_months

SEQ = iter(range(100, 999))


def month(y, m):
    return dt.date(y, m, 1)


def months(first: dt.date, last: dt.date) -> list[dt.date]:
    out, m = [], first
    while m <= last:
        out.append(m)
        m = add_months(m, 1)
    return out


def person(birth=dt.date(1980, 5, 17), *, region, female=False, **kw) -> Person:
    seq = next(SEQ)
    if (seq % 2 == 0) != female:  # the 17th digit: odd men, even women
        seq = next(SEQ)
    return Person.objects.create(resident_id=make_resident_id(birth, region.code, seq), name=kw.pop("name", "张三"), region=region, **kw)


def certify(p: Person, on=dt.date(2024, 1, 1), until=None) -> HardshipCertification:
    cat, _ = HardshipCategory.objects.get_or_create(code="long_unemployed", defaults={"name": "长期失业人员"})
    return HardshipCertification.objects.create(person=p, category=cat, certified_on=on, valid_until=until, region=p.region)


def contract(p, ent, starts_on, ends_on=None, kind="open_ended") -> LabourContract:
    return LabourContract.objects.create(person=p, enterprise=ent, starts_on=starts_on, ends_on=ends_on, kind=kind)


def pay(p, ent, *ms, pension="400.00", medical="200.00", ui="16.00", in_arrears=False):
    for m in ms:
        PersonContribution.objects.update_or_create(person=p, enterprise=ent, month=m, defaults={
            "pension_unit": Decimal(pension), "pension_personal": Decimal("160"), "medical_unit": Decimal(medical),
            "medical_personal": Decimal("40"), "ui_unit": Decimal(ui), "ui_personal": Decimal("6"), "injury_unit": Decimal("8"),
            "in_arrears": in_arrears})


@pytest.fixture
def employer(region_a):
    return EnterpriseFactory(uscc=make_uscc(7101), region=region_a, size_class="small")


@pytest.fixture
def employer_b(region_a):
    return EnterpriseFactory(uscc=make_uscc(7102), region=region_a, size_class="micro")


def ensure_round(code: str, year: int = 2024):
    """The shipped round (transaction=True tests flush the migration's initial data)."""
    from entitlements.policy import round_defaults, round_provisional
    from subsidies.models import Scheme, SchemeRound

    scheme, _ = Scheme.objects.get_or_create(code=code, defaults={"name": code, "clause": "测试"})
    round_, _ = SchemeRound.objects.get_or_create(scheme=scheme, assessment_year=year, defaults={
        "name": f"{year} {code}", "opens_on": dt.date(year, 1, 1), "closes_on": dt.date(year + 3, 12, 31),
        "budget": Decimal("1000000.00"), "parameters": round_defaults(code), "provisional": round_provisional(code)})
    return round_


def hardship_case(region, ent, *, start=dt.date(2024, 1, 1), paid_through=dt.date(2024, 6, 1), birth=dt.date(1980, 5, 17)):
    p = person(birth, region=region)
    certify(p)
    contract(p, ent, start)
    pay(p, ent, *months(month_of(start), paid_through))
    return p


def month_of(day):
    return day.replace(day=1)


def approve_all(actor) -> None:
    """Staff review and approve every planned entitlement, through the services (the usual start of
    a money-path test)."""
    from entitlements import services
    from entitlements.models import Entitlement

    for ent in Entitlement.objects.all():
        services.entitlement_review_start(entitlement=ent, actor=actor)
        services.entitlement_approve(entitlement=ent, actor=actor)
