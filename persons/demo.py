"""Demo data for the person layer: 60 persons across the counties (graduates of 2022–2024, young
registered unemployed people, older workers with hardship certifications), their labour contracts
with demo enterprises, contributions 2023-01..2024-10, skill certificates, and one citizen login
(mobile 13800000001) linked to its person. Idempotent: rows are keyed by their natural keys."""

from __future__ import annotations

import datetime as dt
import random
from decimal import Decimal

from stdnum.cn import ric

from enterprises.models import Enterprise
from xingtai_jobs.core.demo import DEMO_PASSWORD
from xingtai_jobs.core.models import Region, User

from .models import (
    Certificate,
    CitizenAccount,
    HardshipCategory,
    HardshipCertification,
    LabourContract,
    Person,
    PersonContribution,
    UnemploymentRegistration,
)

N_PERSONS = 60
_SURNAMES = "王李张刘陈杨赵黄周吴徐孙马胡郭何高林罗郑"
_GIVEN = ["子涵", "浩然", "欣怡", "宇航", "梓萱", "俊杰", "雨桐", "明轩", "思琪", "佳怡", "志强", "秀英", "建国", "桂兰", "海燕"]
_SCHOOLS = [("河北师范大学", "会计学"), ("邢台学院", "机械设计制造及其自动化"), ("河北工程大学", "土木工程"),
            ("邢台职业技术学院", "电气自动化技术"), ("河北经贸大学", "市场营销")]
_OCCUPATIONS = [("6-18-02-04", "焊工"), ("6-31-01-03", "电工"), ("4-10-01-02", "育婴员"), ("4-03-02-01", "中式烹调师"),
                ("6-18-01-01", "车工")]
_MONTHS = [dt.date(2023 + m // 12, m % 12 + 1, 1) for m in range(22)]  # 2023-01 .. 2024-10


def _rid(birth: dt.date, region_code: str, seq: int) -> str:
    body = f"{region_code}{birth:%Y%m%d}{seq:03d}"
    return body + ric.calc_check_digit(body + "0")


def seed(stdout) -> None:
    rnd = random.Random(12)
    regions = list(Region.objects.order_by("code"))
    enterprises = list(Enterprise.objects.filter(dishonest=False, deregistering=False).order_by("uscc")[:40])
    if not enterprises:
        return
    categories = {c.code: c for c in HardshipCategory.objects.all()}
    made = 0
    for i in range(N_PERSONS):
        region = regions[i % len(regions)]
        kind = ("graduate", "youth", "worker")[i % 3]
        if kind == "graduate":
            birth = dt.date(2000 + i % 3, 1 + i % 12, 1 + i % 27)
        elif kind == "youth":
            birth = dt.date(2003 + i % 4, 1 + i % 12, 1 + i % 27)
        else:
            birth = dt.date(1972 + i % 10, 1 + i % 12, 1 + i % 27)
        rid = _rid(birth, region.code, 100 + i)
        school, major = _SCHOOLS[i % len(_SCHOOLS)]
        person, created = Person.objects.get_or_create(resident_id=rid, defaults={
            "name": _SURNAMES[i % len(_SURNAMES)] + _GIVEN[i % len(_GIVEN)], "phone": f"1370319{i:04d}", "region": region,
            "education": "bachelor" if kind == "graduate" else ("senior_secondary" if kind == "youth" else "junior_secondary"),
            "degree_type": "regular" if kind == "graduate" else "", "school": school if kind == "graduate" else "",
            "major": major if kind == "graduate" else "",
            "graduation_date": dt.date(2022 + i % 3, 6, 30) if kind == "graduate" else None,
        })
        made += created
        employer = enterprises[i % len(enterprises)]
        start = dt.date(2024, 1 + i % 9, 1) if i % 5 else dt.date(2023, 3, 1)
        contract, _ = LabourContract.objects.get_or_create(person=person, enterprise=employer, starts_on=start, defaults={
            "ends_on": start.replace(year=start.year + 3) - dt.timedelta(days=1), "kind": "fixed" if i % 7 else "open_ended"})
        if kind == "youth":
            UnemploymentRegistration.objects.get_or_create(person=person, registered_on=start - dt.timedelta(days=45 + i % 20),
                                                           defaults={"region": region, "ended_on": start})
        if kind == "worker" and i % 2 == 0:
            HardshipCertification.objects.get_or_create(person=person, category=categories["age_4050"],
                                                        certified_on=dt.date(2023, 12, 1), defaults={"region": region})
        wage = Decimal(rnd.choice([3800, 4200, 4800, 5600]))
        have = set(PersonContribution.objects.filter(person=person).values_list("month", flat=True))
        rows = []
        for month in _MONTHS:
            if month < start.replace(day=1) and not (kind == "worker" and month.year == 2023) or month in have:
                continue
            employed_by = employer if month >= start.replace(day=1) else enterprises[(i + 7) % len(enterprises)]
            rows.append(PersonContribution(
                person=person, enterprise=employed_by, month=month, pension_unit=wage * Decimal("0.16"),
                pension_personal=wage * Decimal("0.08"), medical_unit=wage * Decimal("0.08"), medical_personal=wage * Decimal("0.02"),
                ui_unit=wage * Decimal("0.007"), ui_personal=wage * Decimal("0.003"), injury_unit=wage * Decimal("0.004"),
                in_arrears=(i % 13 == 0 and month == dt.date(2024, 8, 1))))
        PersonContribution.objects.bulk_create(rows)
        if kind == "worker" or i % 4 == 1:
            code, name = _OCCUPATIONS[i % len(_OCCUPATIONS)]
            Certificate.objects.get_or_create(certificate_no=f"S{region.code}24{i:06d}", defaults={
                "person": person, "kind": "skill_level", "occupation_code": code, "occupation_name": name,
                "level": (5, 4, 3)[i % 3], "issued_on": dt.date(2024, 1 + i % 10, 10), "free_training": i % 11 == 0})
    demo = Person.objects.filter(certificates__isnull=False, account__isnull=True).order_by("resident_id").first() \
        or CitizenAccount.objects.get(phone="13800000001").person
    user, created = User.objects.get_or_create(username="13800000001", defaults={"role": User.Role.CITIZEN, "first_name": demo.name})
    if created:
        user.set_password(DEMO_PASSWORD)
        user.save()
    CitizenAccount.objects.get_or_create(user=user, defaults={"resident_id": demo.resident_id, "name": demo.name,
                                                              "phone": "13800000001", "person": demo})
    stdout.write(f"persons: {made} new persons; citizen login 13800000001 ({demo.name})")
