"""Demo data of the register: every registry filled with believable 2024 rows (approved), and the
counties' and the city's approved 2024 reports, so every measure shows progress (a few indicators
fall short, as in life). Idempotent: rows are keyed (update_or_create), reports skipped when one
exists for the period."""

from __future__ import annotations

import datetime as dt
import random
from decimal import Decimal

from django.utils import timezone

from measures import models as m
from measures import services
from xingtai_jobs.core.models import Region, User

YEAR = 2024
D = dt.date
SURNAMES = "王李张刘陈杨赵黄周吴徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈"
GIVEN = ["建国", "志强", "海燕", "丽华", "卫东", "秀英", "国庆", "红梅", "振华", "晓明", "玉兰", "永刚", "春生", "桂芳", "立新"]
OCCUPATIONS = ["数控车工", "焊工", "电工", "汽车维修工", "养老护理员", "中式烹调师", "钳工", "化工总控工", "育婴员", "电子商务师"]
SCHOOLS = ["邢台技师学院", "邢台市高级技工学校", "沙河市职教中心", "宁晋县职业技术教育中心", "邢台现代职业学校"]
EMPLOYERS = ["晶龙实业集团", "德龙钢铁", "旭阳集团", "金后盾塑胶", "冀中能源邢台矿业", "顺德医养中心", "邢台银河汽车", "清河羊绒城"]


def _approved(user):
    return {"approved": True, "approved_by": user, "approved_at": timezone.now()}


def seed(stdout) -> None:
    rnd = random.Random(84)
    city = User.objects.filter(username="city").first()
    admin = User.objects.filter(username="admin").first()
    if city is None or admin is None:
        stdout.write("measures: the kernel demo users are missing, nothing seeded")
        return
    regions = list(Region.objects.order_by("code"))
    ok = _approved(city)

    for i in range(32):  # measure 4: 32 classes in 6 categories, ~2,200 trainees
        start = D(YEAR, 1 + i * 11 // 32, 1 + (i * 7) % 27)
        m.TrainingClass.objects.update_or_create(
            school=SCHOOLS[i % 5], enterprise=EMPLOYERS[i % 8], occupation=OCCUPATIONS[i % 10], start=start,
            defaults={"region": regions[i % len(regions)], "mode": ["integrated", "order", "apprentice"][i % 3],
                      "category": ["先进制造", "新能源", "康养服务", "文旅", "现代物流", "数字经济"][i % 6],
                      "end": start + dt.timedelta(days=120), "enrolled": 55 + (i * 13) % 30, "completed": 50 + (i * 13) % 30 - i % 5, **ok})
    for i, name in enumerate(["邢台技师学院职业技能等级认定中心", "晶龙集团技能评价站", "德龙钢铁技能等级认定站", "顺德医养培训评价中心",
                              "邢台市高级技工学校评价站"]):
        m.EvaluationBody.objects.update_or_create(name=name, defaults={
            "region": regions[i], "filing_number": f"冀人社评备〔2024〕{13 + i}号", "filed_on": D(YEAR, 3, 5 + i),
            "occupations": "、".join(OCCUPATIONS[i:i + 3]), "quality": ["excellent", "qualified", "qualified", "rectify", "qualified"][i],
            "evaluated_on": D(YEAR, 10, 15), **ok})
    for i in range(19):  # measure 5: 13 city class I/II competitions + industry, county and enterprise ones
        level = ["city_1", "city_2"][i % 2] if i < 13 else ["industry", "county", "enterprise"][i % 3]
        m.Competition.objects.update_or_create(name=f"2024年邢台市{OCCUPATIONS[i % 10]}职业技能大赛" + ("" if i < 10 else f"（{i}）"),
                                               date=D(YEAR, 3 + i * 9 // 19, 10 + i % 15), defaults={
            "region": regions[i % len(regions)], "level": level, "industry": ["新能源", "康养服务", "先进制造", "文旅"][i % 4],
            "organiser": "邢台市人力资源和社会保障局" if i < 13 else EMPLOYERS[i % 8], "participants": 80 + i * 7,
            "winners": 12 + i % 6, **ok})
    for i in range(35):  # measure 10: 35 工匠之星 publicised in two batches
        name = SURNAMES[i % len(SURNAMES)] + GIVEN[(i * 7) % len(GIVEN)]
        m.Craftsman.objects.update_or_create(name=name, employer=EMPLOYERS[i % 8], publicity_date=D(YEAR, 5 if i < 18 else 10, 20),
                                             defaults={"region": regions[i % len(regions)], "occupation": OCCUPATIONS[i % 10],
                                                       "achievements": f"从事{OCCUPATIONS[i % 10]}工作{12 + i % 15}年，"
                                                       f"获市级技术能手称号，带徒{3 + i % 9}名，完成技术革新{1 + i % 4}项。", **ok})
    quotas = [5] * 5 + [6] * 15  # measure 11: 115 places
    for region, quota in zip(regions, quotas, strict=False):
        recruited = quota - (1 if region.code in ("130522", "130524") else 0)
        m.VolunteerQuota.objects.update_or_create(year=YEAR, region=region, defaults={
            "quota": quota, "recruited": recruited, "in_service": recruited + 4, "completed": 5, "hired_after": 3,
            "as_of": D(YEAR, 8, 31), **ok})
    brand_names = ["邢台月嫂", "清河羊绒工", "沙河玻璃工", "宁晋电缆工", "平乡童车工", "南和宠物食品工", "威县梨农", "巨鹿串枝红杏农",
                   "广宗自行车工", "隆尧食品工", "内丘富岗苹果农", "临城薄皮核桃农", "柏乡牡丹工", "任泽家政", "新河眼镜工",
                   "临西轴承工", "南宫毡帽工", "信都建筑工", "襄都家政", "经开区装备工", "高新区电子工"]
    for i, name in enumerate(brand_names):  # measure 15: 11 provincial, 21 municipal (cumulative), 19 counties covered
        m.LabourBrand.objects.update_or_create(name=name, defaults={
            "region": regions[i % 19], "level": "provincial" if i < 11 else "municipal", "industry": "制造业" if "工" in name else "服务业",
            "recognised_on": D(2023 if i < 7 else YEAR, 1 + i % 11, 15), "workers_placed": 300 + i * 57, **ok})
    for i in range(11):
        m.LabourBrand.objects.update_or_create(name=f"{regions[i].name}市级劳务品牌{i + 1}", defaults={
            "region": regions[i], "level": "municipal", "industry": "服务业", "recognised_on": D(YEAR, 6 + i % 6, 1),
            "workers_placed": 120 + i * 11, **ok})
    for j, region in enumerate(regions):  # measure 16: 2–3 demonstration points per county (two counties 1), 6 communities
        for k in range(1 if j in (7, 15) else (3 if j % 4 == 0 else 2)):
            m.ServicePoint.objects.update_or_create(region=region, name=f"{region.name}第{k + 1}示范性基层服务网点",
                                                    kind="demonstration", defaults={
                "address": f"{region.name}人力资源和社会保障局一楼", "designated_on": D(YEAR, 3 + (j + k) % 8, 10), **ok})
        if j < 6:
            m.ServicePoint.objects.update_or_create(region=region, name=f"{region.name}充分就业社区", kind="community", defaults={
                "address": f"{region.name}中心街道", "designated_on": D(YEAR, 11, 8), **ok})
        for month in range(1, 13):  # zero-employment families: down to 0 by the autumn, one county not yet
            left = max(0, 6 - j % 5 - month // 2) if j != 12 else max(1, 5 - month // 3)
            m.ZeroEmploymentCount.objects.update_or_create(region=region, month=D(YEAR, month, 1), defaults={"families": left, **ok})
    for i in range(22):  # measure 19
        m.FirstLesson.objects.update_or_create(region=regions[i % len(regions)], date=D(YEAR, 2, 18 + i % 10),
                                               title="2024年“开工第一课”用工管理与权益保障政策宣讲", defaults={
            "venue": f"{regions[i % len(regions)].name}人力资源市场", "enterprises": 20 + i, "workers": 150 + i * 9, **ok})
    for i in range(17):
        level = "enterprise" if i < 15 else ("park" if i == 15 else "township")
        m.HarmoniousUnit.objects.update_or_create(
            name=(f"{EMPLOYERS[i % 8]}{'' if i < 8 else '第二分公司'}" if level == "enterprise" else
                  "邢台经济开发区" if level == "park" else "宁晋县大陆村镇"), year_awarded=YEAR,
            defaults={"region": regions[i % len(regions)], "level": level, "awarded_on": D(YEAR, 11, 26), **ok})
    for q, (start, end) in enumerate([(D(YEAR, 4, 1), D(YEAR, 6, 30)), (D(YEAR, 7, 1), D(YEAR, 9, 30)), (D(YEAR, 10, 1), D(YEAR, 12, 31))]):
        for cover in m.GigInsurancePeriod.Cover.values:  # measure 20: from the insurer, three covers from the third quarter
            if cover == "accident" and q == 0:
                continue
            m.GigInsurancePeriod.objects.update_or_create(region=regions[0], cover=cover, period_start=start, defaults={
                "insurer": "中国人寿财产保险邢台中心支公司", "period_end": end, "persons_covered": 1800 + q * 900,
                "claims": 6 + q * 3, "claims_paid": Decimal(42000 + q * 18000), **ok})
    _reports(stdout, rnd, regions, city, admin)
    stdout.write("measures: registries and 2024 reports seeded")


REPORTED_CITY = [  # code, periods (start, end, value)
    ("ui_policies_continued", [(D(YEAR, 1, 1), D(YEAR, 3, 31), 4)]),
    ("policies_on_code", [(D(YEAR, 1, 1), D(YEAR, 6, 30), 210), (D(YEAR, 7, 1), D(YEAR, 12, 31), 181)]),
    ("loan_publicity_weeks", [(D(YEAR, mo, 1), D(YEAR, mo, 28), 1) for mo in (3, 5, 7, 9, 12)]),
    ("startup_project_batches", [(D(YEAR, 4, 1), D(YEAR, 4, 30), 1), (D(YEAR, 10, 1), D(YEAR, 10, 31), 1)]),
]
REPORTED_COUNTY = [  # code, yearly total per county split by quarter
    ("hr_agencies_engaged", 5),
    ("hr_agency_enterprises", 16),
    ("reemployed_unemployed", 1190),
    ("hard_to_employ_employed", 345),
    ("loan_one_stop_counties", 1),
    ("hr_agency_inspections", 6),
]


def _submit_and_approve(*, code, region, start, end, value, submitter, approver):
    indicator = m.Indicator.objects.get(code=code)
    if m.Report.objects.filter(indicator=indicator, region=region, period_start=start).exists():
        return
    report = services.report_submit(indicator=indicator, region=region, actor=submitter, period_start=start, period_end=end,
                                    value=Decimal(value), evidence_link="https://rsj.xingtai.gov.cn/demo/evidence",
                                    note="演示数据")
    services.report_approve(report=report, actor=approver, note="演示：材料齐全")


def _reports(stdout, rnd, regions, city, admin) -> None:
    county_users = {u.region_id: u for u in User.objects.filter(role=User.Role.COUNTY_STAFF, region__isnull=False)}
    for code, periods in REPORTED_CITY:
        for start, end, value in periods:
            _submit_and_approve(code=code, region=None, start=start, end=end, value=value, submitter=admin, approver=city)
    quarters = [(D(YEAR, 1, 1), D(YEAR, 3, 31)), (D(YEAR, 4, 1), D(YEAR, 6, 30)), (D(YEAR, 7, 1), D(YEAR, 9, 30)),
                (D(YEAR, 10, 1), D(YEAR, 12, 31))]
    for j, region in enumerate(regions):
        submitter = county_users.get(region.pk, admin)
        approver = city if submitter != city else admin
        for code, total in REPORTED_COUNTY:
            if code == "loan_one_stop_counties":
                if j % 6 != 5:  # most counties run the one-stop window from the second quarter
                    _submit_and_approve(code=code, region=region, start=quarters[1][0], end=quarters[1][1], value=1,
                                        submitter=submitter, approver=approver)
                continue
            share = [0.22, 0.27, 0.28, 0.25]
            for (start, end), part in zip(quarters, share, strict=True):
                value = round(total * part * (0.9 + rnd.random() * 0.25))
                _submit_and_approve(code=code, region=region, start=start, end=end, value=value, submitter=submitter,
                                    approver=approver)
