"""Factories shared by every app's tests (enterprises and users). App-specific factories live in
tests/<app>/factories.py."""

from __future__ import annotations

import datetime as dt
import itertools
import random
from decimal import Decimal

import factory
from stdnum.cn import ric, uscc

from enterprises.models import Enterprise, InsuranceMonth, SizeClass, UnitType
from xingtai_jobs.core.models import Region, User

_uscc_counter = itertools.count(1)
_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"


def make_uscc(n: int | None = None, region_code: str = "130502") -> str:
    """A valid 18-character USCC: '91' + region + 9-char organisation code + check character."""
    n = next(_uscc_counter) if n is None else n
    org = ""
    value = n
    for _ in range(8):
        org = _ALPHABET[value % 31] + org
        value //= 31
    body = "91" + region_code + org + "0"
    return body + uscc.calc_check_digit(body)


def make_resident_id(birth: dt.date = dt.date(1990, 5, 17), region_code: str = "130502", seq: int = 123) -> str:
    body = f"{region_code}{birth:%Y%m%d}{seq:03d}"
    return body + ric.calc_check_digit(body + "0")


def make_mobile(n: int | None = None) -> str:
    n = random.randint(0, 99_999_999) if n is None else n
    return f"138{n:08d}"


def region(code: str = "130502") -> Region:
    return Region.objects.get(code=code)


class EnterpriseFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Enterprise
        django_get_or_create = ("uscc",)

    uscc = factory.LazyFunction(make_uscc)
    name = factory.Sequence(lambda n: f"邢台测试企业{n}有限公司")
    region = factory.LazyFunction(lambda: Region.objects.get(code="130502"))
    industry_code = "C30"
    unit_type = UnitType.ENTERPRISE
    size_class = SizeClass.SMALL
    contact_name = "王经理"
    contact_phone = "13800001111"


class InsuranceMonthFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = InsuranceMonth

    enterprise = factory.SubFactory(EnterpriseFactory)
    month = dt.date(2023, 1, 1)
    insured_count = 50
    new_insured = 2
    ui_premium_due = Decimal("1000.00")
    ui_premium_paid = Decimal("1000.00")
    ui_new_claimants = 0


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    first_name = "测试"
    role = User.Role.CITIZEN

    @factory.post_generation
    def password(obj, create, extracted, **kwargs):  # noqa: N805 - factory_boy hook signature
        obj.set_password(extracted or "pass-word-123")
        if create:
            obj.save(update_fields=["password"])


def insurance_year(enterprise, year: int, **overrides) -> list[InsuranceMonth]:
    """Twelve months of figures for ``enterprise`` in ``year`` (same values each month)."""
    return [InsuranceMonthFactory(enterprise=enterprise, month=dt.date(year, m, 1), **overrides) for m in range(1, 13)]


def set_policy_figure(key: str, value, *, on=None, actor=None):
    """Change the value of policy figure ``key`` in force on ``on`` (today) through the kernel's
    service, as a city officer (tests that need another figure than the default data)."""
    import datetime as dt

    from django.utils import timezone

    from xingtai_jobs.core import policy
    from xingtai_jobs.core.models import PolicyFigure, User

    day = on or timezone.localdate()
    row = (PolicyFigure.objects.filter(key=key, valid_from__lte=day).exclude(valid_to__lt=day)
           .order_by("-valid_from").first())
    if actor is None:
        actor = User.objects.filter(username="policy-setter").first() or UserFactory(
            username="policy-setter", role=User.Role.CITY_STAFF)
    assert row is not None and isinstance(day, dt.date), f"no row of {key} in force on {day}"
    return policy.change_figure(row_id=row.pk, actor=actor, value=value, valid_from=row.valid_from,
                                valid_to=row.valid_to, source=row.source, confirmed=row.confirmed)
