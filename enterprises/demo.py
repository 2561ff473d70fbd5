"""Demo data for the registry: 200 enterprises across the 20 regions, 24 months of insurance
figures (2023-01..2024-12), recent employment reports, a few labour disputes and enterprise
logins. Idempotent: rows are keyed (USCC, enterprise+month, case number, username)."""

from __future__ import annotations

import datetime as dt
import random
from decimal import Decimal

from django.contrib.auth.hashers import make_password
from django.utils import timezone
from stdnum.cn import uscc as uscc_mod

from xingtai_jobs.core.demo import DEMO_PASSWORD
from xingtai_jobs.core.models import Region, User

from . import rules
from .models import (
    EmploymentReport,
    Enterprise,
    InsuranceMonth,
    LabourDispute,
    SizeClass,
    SizeSource,
    UnitType,
)

N_ENTERPRISES = 200
N_LOGINS = 6
_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
_INDUSTRIES = [("C30", "建材"), ("C33", "金属制品"), ("C36", "汽车零部件"), ("C17", "纺织"), ("C13", "食品"), ("E47", "建筑"),
               ("F51", "商贸"), ("F52", "超市"), ("G54", "物流"), ("H62", "餐饮"), ("I65", "软件"), ("L72", "商务服务"),
               ("M75", "科技服务"), ("Q84", "医疗"), ("A01", "农业")]
_NAMES = ["华北", "太行", "冀南", "牛城", "百泉", "达活泉", "金牛", "德龙", "旭阳", "晶龙", "建滔", "中钢", "龙冈", "紫金山", "顺德"]
_SIZES = [SizeClass.LARGE] * 2 + [SizeClass.MEDIUM] * 5 + [SizeClass.SMALL] * 8 + [SizeClass.MICRO] * 5
_OTHER_TYPES = [t for t in UnitType.values if t != UnitType.ENTERPRISE]
_MONTHS = [dt.date(2023 + (m // 12), m % 12 + 1, 1) for m in range(24)]


def _uscc(i: int, region_code: str) -> str:
    org, value = "", 50_000 + i
    for _ in range(8):
        org = _ALPHABET[value % 31] + org
        value //= 31
    body = "91" + region_code + org + "0"
    return body + uscc_mod.calc_check_digit(body)


def _base_headcount(size: str, rnd: random.Random) -> int:
    return {"large": rnd.randint(1000, 2500), "medium": rnd.randint(300, 900), "small": rnd.randint(20, 280),
            "micro": rnd.randint(3, 18)}[size]


def seed(stdout) -> None:
    rnd = random.Random(84)
    regions = list(Region.objects.order_by("code"))
    existing = set(Enterprise.objects.values_list("uscc", flat=True))
    plan = []
    for i in range(N_ENTERPRISES):
        region = regions[i % len(regions)]
        code, trade = _INDUSTRIES[i % len(_INDUSTRIES)]
        unit_type = _OTHER_TYPES[(i // 7) % len(_OTHER_TYPES)] if i % 7 == 3 else UnitType.ENTERPRISE
        size = _SIZES[i % len(_SIZES)]
        suffix = "有限公司" if unit_type == UnitType.ENTERPRISE else {"social_org": "协会", "foundation": "基金会",
            "social_service_org": "服务中心", "law_firm": "律师事务所", "accounting_firm": "会计师事务所",
            "individual_business": "商行"}[unit_type]
        plan.append({
            "uscc": _uscc(i, region.code), "name": f"{region.name}{_NAMES[i % len(_NAMES)]}{trade}{suffix}"[:60] + f"({i + 1:03d})",
            "region": region, "industry_code": code, "industry_section": code[0], "unit_type": unit_type, "size_class": size,
            "size_source": SizeSource.SOCIAL_INSURANCE, "above_scale": size in (SizeClass.LARGE, SizeClass.MEDIUM) or i % 11 == 0,
            "key_enterprise": i % 17 == 0, "dishonest": i % 53 == 7, "deregistering": i % 61 == 9,
            "address": f"邢台市{region.name}建设路{i + 1}号", "contact_name": "人事部" + "王李张刘陈杨赵黄"[i % 8] + "经理",
            "contact_phone": f"1391319{i:04d}",
        })
    Enterprise.objects.bulk_create([Enterprise(**p) for p in plan if p["uscc"] not in existing])
    ents = {e.uscc: e for e in Enterprise.objects.filter(uscc__in=[p["uscc"] for p in plan])}

    have_months = set(InsuranceMonth.objects.filter(enterprise__in=ents.values()).values_list("enterprise_id", "month"))
    have_reports = set(EmploymentReport.objects.filter(enterprise__in=ents.values()).values_list("enterprise_id", "month"))
    months, reports = [], []
    for i, p in enumerate(plan):
        ent = ents[p["uscc"]]
        headcount = _base_headcount(p["size_class"], rnd)
        premium = Decimal(rnd.choice([70, 80, 90]))
        for idx, month in enumerate(_MONTHS):
            hires = rnd.randint(0, max(1, headcount // 20))
            seps = rnd.randint(0, max(1, headcount // 25))
            new_count = max(1, headcount + hires - seps)
            due = (premium * new_count).quantize(Decimal("0.01"))
            paid = due if rnd.random() > 0.03 else (due / 2).quantize(Decimal("0.01"))
            if (ent.pk, month) not in have_months:
                months.append(InsuranceMonth(enterprise=ent, month=month, insured_count=new_count, new_insured=hires,
                                             ui_premium_due=due, ui_premium_paid=paid,
                                             ui_new_claimants=0 if rnd.random() < 0.85 else rnd.randint(1, max(1, seps))))
            # employment reports for the last 6 months; some enterprises miss the latest, a few do not add up
            if idx >= len(_MONTHS) - 6 and not (idx == len(_MONTHS) - 1 and i % 7 == 2):
                reported = new_count + (3 if rnd.random() < 0.05 and idx > len(_MONTHS) - 6 else 0)
                if (ent.pk, month) not in have_reports:
                    layoffs = min(seps, rnd.randint(0, 1))
                    first = idx == len(_MONTHS) - 6
                    bad = reported != new_count
                    reports.append(EmploymentReport(
                        enterprise=ent, month=month, headcount=reported, new_hires=hires, separations=seps, layoffs=layoffs,
                        vacancies=rnd.randint(0, 10), source=EmploymentReport.Source.PORTAL,
                        consistency="no_previous" if first else ("inconsistent" if bad else "ok"),
                        consistency_note=(f"上月 {headcount} + 新招 {hires} - 减少 {seps} = {new_count}，但填报人数为 {reported}。"
                                          if bad and not first else ""),
                    ))
            headcount = new_count
    InsuranceMonth.objects.bulk_create(months, batch_size=2000)
    EmploymentReport.objects.bulk_create(reports, batch_size=2000)
    # submitted_at is auto_now_add: put the new reports back in time (on time on the 10th; every 9th one late, the 20th)
    for month in _MONTHS[-6:]:
        following = rules.next_month(month)
        new_ids = [r.pk for r in reports if r.month == month]
        on_time = timezone.make_aware(dt.datetime(following.year, following.month, 10, 9, 30))
        late = timezone.make_aware(dt.datetime(following.year, following.month, 20, 16, 0))
        EmploymentReport.objects.filter(pk__in=new_ids).update(submitted_at=on_time)
        EmploymentReport.objects.filter(pk__in=new_ids[::9]).update(submitted_at=late)

    disputes = []
    have_cases = set(LabourDispute.objects.values_list("case_number", flat=True))
    for k, p in enumerate(plan[5::23]):
        case = f"邢劳人仲案字〔2024〕第{k + 101}号"
        if case not in have_cases:
            disputes.append(LabourDispute(enterprise=ents[p["uscc"]], case_number=case, filed_date=dt.date(2024, 3 + k, 10),
                                          workers_involved=1 + k % 4,
                                          status=LabourDispute.Status.CLOSED if k % 2 else LabourDispute.Status.OPEN,
                                          outcome="调解结案" if k % 2 else ""))
    LabourDispute.objects.bulk_create(disputes)

    logins = []
    hashed = make_password(DEMO_PASSWORD)  # hash once (PBKDF2 is deliberately slow), share it between demo users
    for n, p in enumerate(plan[:N_LOGINS], start=1):
        user, _created = User.objects.get_or_create(
            username=f"ent_{n}", defaults={"role": User.Role.ENTERPRISE_USER, "enterprise": ents[p["uscc"]],
                                           "first_name": "人事专员", "password": hashed})
        logins.append(f"{user.username} ({ents[p['uscc']].name})")
    stdout.write(f"enterprises: {len(ents)} enterprises, {InsuranceMonth.objects.filter(enterprise__in=ents.values()).count()} "
                 f"monthly insurance rows, {len(reports)} new employment reports")
    stdout.write(f"enterprise logins (password {DEMO_PASSWORD}): " + ", ".join(logins))
