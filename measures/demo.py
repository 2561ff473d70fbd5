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
    _portal_data(stdout, regions, city)
    stdout.write("measures: registries and 2024 reports seeded")


REPORTED_CITY = [  # code, periods (start, end, value)
    ("ui_policies_continued", [(D(YEAR, 1, 1), D(YEAR, 3, 31), 4)]),
    ("policies_on_code", [(D(YEAR, 1, 1), D(YEAR, 6, 30), 210), (D(YEAR, 7, 1), D(YEAR, 12, 31), 181)]),
    ("loan_publicity_weeks", [(D(YEAR, mo, 1), D(YEAR, mo, 28), 1) for mo in (3, 5, 7, 9, 12)]),
    ("startup_project_batches", [(D(YEAR, 4, 1), D(YEAR, 4, 30), 1), (D(YEAR, 10, 1), D(YEAR, 10, 31), 1)]),
    # measure 3: paid by the social-insurance agency (the portal does not pay this subsidy), reported by quarter
    ("si_subsidy_paid", [(D(YEAR, 1, 1), D(YEAR, 3, 31), "2136400.00"), (D(YEAR, 4, 1), D(YEAR, 6, 30), "2618500.00"),
                         (D(YEAR, 7, 1), D(YEAR, 9, 30), "2894200.00"), (D(YEAR, 10, 1), D(YEAR, 12, 31), "3012700.00")]),
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


# --- the portal data the computed indicators count (measures 12, 13, 14, 17, 21, 22) ----------------
# Dated 2024 as the register needs; written once (each block is keyed, so a second run adds nothing).
# The apps' services stamp today's date, so these historical rows are written through the models.

BRAND = "相遇太行泉城，职来不问归期"
DEMO_TAG = "（2024演示）"


def _at(day: dt.date, hour: int = 9) -> dt.datetime:
    return timezone.make_aware(dt.datetime(day.year, day.month, day.day, hour, 0))


def _spread(n: int, first: dt.date, last: dt.date, k: int) -> dt.date:
    """The k-th of n dates spread evenly from ``first`` to ``last``."""
    return first + dt.timedelta(days=(last - first).days * k // max(n - 1, 1))


def _events(regions) -> int:
    from recruitment.models import Event, LivestreamResult, Series

    brand, _c = Series.objects.get_or_create(name=BRAND, defaults={"is_brand": True})
    existing = set(Event.objects.filter(title__endswith=DEMO_TAG).values_list("title", flat=True))
    plan = []  # (title, kind, series, for_graduates, day, region)
    for k in range(188):  # measure 17: brand events through the year (a little short of 200 at the year's end)
        region = regions[k % len(regions)]
        kind = [Event.Kind.ONSITE, Event.Kind.NIGHT_FAIR, Event.Kind.ONLINE][k % 3]
        plan.append((f"“{BRAND}”{region.name}第{k // len(regions) + 1}场{DEMO_TAG}", kind, brand, False,
                     _spread(188, D(YEAR, 1, 6), D(YEAR, 12, 28), k), region))
    for k in range(97):  # measure 13: graduate fairs, most in the 百日千万 months (May–August)
        region = regions[k % len(regions)]
        day = _spread(70, D(YEAR, 5, 8), D(YEAR, 8, 30), k) if k < 70 else _spread(27, D(YEAR, 3, 1), D(YEAR, 12, 20), k - 70)
        kind = Event.Kind.CAMPUS if k % 4 == 0 else Event.Kind.GRADUATE
        plan.append((f"{region.name}高校毕业生专场招聘会第{k // len(regions) + 1}场{DEMO_TAG}", kind, None, True, day, region))
    for k in range(48):  # measure 14: livestream enterprise visits
        region = regions[k % len(regions)]
        plan.append((f"“直播带岗企业行”{EMPLOYERS[k % len(EMPLOYERS)]}第{k // len(EMPLOYERS) + 1}期{DEMO_TAG}",
                     Event.Kind.LIVESTREAM, None, False, _spread(48, D(YEAR, 2, 20), D(YEAR, 12, 18), k), region))
    new = [Event(title=title, kind=kind, series=series, for_graduates=grads, region=region, starts_at=_at(day, 9 if kind != "night_fair" else 18),
                 ends_at=_at(day, 12 if kind != "night_fair" else 21), capacity=600, status=Event.Status.CLOSED,
                 venue=f"{region.name}人力资源市场" if kind != Event.Kind.LIVESTREAM else "",
                 stream_url="https://live.xingtai.gov.cn/demo" if kind == Event.Kind.LIVESTREAM else "")
           for title, kind, series, grads, day, region in plan if title not in existing]
    Event.objects.bulk_create(new)
    results = []
    for n, event in enumerate(Event.objects.filter(title__endswith=DEMO_TAG, kind=Event.Kind.LIVESTREAM, livestream_result__isnull=True)
                              .order_by("starts_at")):
        results.append(LivestreamResult(event=event, platform=["抖音", "快手", "视频号"][n % 3], hosts="县人社局局长、企业人力资源总监",
                                        views=8000 + (n * 1373) % 9000, applications=300 + (n * 37) % 260,
                                        intentions=880 + (n * 53) % 260, enterprise_visits=1 + (n % 9 == 0)))
    LivestreamResult.objects.bulk_create(results)
    return len(new)


def _internship_posts(regions) -> int:
    from enterprises.models import Enterprise
    from recruitment.models import InternshipPost

    if InternshipPost.objects.filter(title__endswith=DEMO_TAG).exists():
        return 0
    hosts = list(Enterprise.objects.order_by("uscc")[:120])
    if not hosts:
        return 0
    posts = []
    for k in range(190):  # measure 12: ≈5,300 posts approved through the year
        host = hosts[k % len(hosts)]
        day = _spread(190, D(YEAR, 1, 15), D(YEAR, 12, 20), k)
        posts.append(InternshipPost(host=host, title=f"{OCCUPATIONS[k % len(OCCUPATIONS)]}见习岗{DEMO_TAG}", positions=18 + (k * 7) % 22,
                                    duration_months=6 if k % 3 else 12, stipend=Decimal("1900.00"), region_id=host.region_id,
                                    status=InternshipPost.Status.APPROVED, approved_at=_at(day, 10)))
    InternshipPost.objects.bulk_create(posts)
    return len(posts)


def _graduate_ledger(regions) -> int:
    from stdnum.cn import ric

    from persons.models import Education
    from persons.services import persons_record
    from recruitment.models import GraduateEntry, ServiceRecord

    def rid(region_code: str, k: int) -> str:
        body = f"{region_code}{D(2002, 1 + k % 12, 1 + k % 28):%Y%m%d}{500 + k // 28 % 400:03d}"
        return body + ric.calc_check_digit(body + "0")

    if GraduateEntry.objects.filter(person__major__endswith=DEMO_TAG).exists():
        return 0
    rows = []
    for k in range(240):  # measure 13: the 2024 leavers on the ledger (1131), all but a few reached
        region = regions[k % len(regions)]
        rows.append({"resident_id": rid(region.code, k), "region_id": region.pk, "name": SURNAMES[k % len(SURNAMES)] + GIVEN[(k * 3) % len(GIVEN)],
                     "phone": f"1573190{k:04d}", "school": ["邢台学院", "河北机电职业技术学院", "邢台医学高等专科学校", "河北师范大学"][k % 4],
                     "education": [Education.BACHELOR, Education.JUNIOR_COLLEGE][k % 2],
                     "major": f"{OCCUPATIONS[k % len(OCCUPATIONS)]}相关专业{DEMO_TAG}", "graduation_date": D(YEAR, 6, 30)})
    persons = persons_record(rows)
    GraduateEntry.objects.bulk_create([GraduateEntry(person=persons[r["resident_id"]], household_region_id=r["region_id"]) for r in rows])
    saved = list(GraduateEntry.objects.filter(person__major__endswith=DEMO_TAG).order_by("id"))
    records = []
    for k, entry in enumerate(saved):
        GraduateEntry.objects.filter(pk=entry.pk).update(created_at=_at(D(YEAR, 7, 1) + dt.timedelta(days=k % 45)))
        if k % 40 == 39:  # six not reached yet
            records.append(ServiceRecord(entry=entry, kind=ServiceRecord.Kind.CONTACT, date=D(YEAR, 8, 20), reached=False,
                                         channel=ServiceRecord.Channel.PHONE, note="电话未接通"))
            continue
        day = D(YEAR, 7, 10) + dt.timedelta(days=k % 100)
        records.append(ServiceRecord(entry=entry, kind=ServiceRecord.Kind.BRIEFING, date=day, reached=True,
                                     channel=ServiceRecord.Channel.PHONE, note="政策宣介"))
        GraduateEntry.objects.filter(pk=entry.pk).update(briefings=1, reached=True, last_contact_on=day)
    ServiceRecord.objects.bulk_create(records)
    return len(saved)


def _officers() -> int:
    from enterprises.models import Enterprise
    from recruitment.models import RecommendationOfficer

    if RecommendationOfficer.objects.filter(position__endswith=DEMO_TAG).exists():
        return 0
    above = list(Enterprise.objects.filter(above_scale=True).order_by("uscc"))
    made = 0
    for k, ent in enumerate(above):  # measure 14: two officers per above-scale enterprise, a few still one short
        for j in range(1 if k % 17 == 16 else 2):
            officer = RecommendationOfficer.objects.create(
                enterprise=ent, name=SURNAMES[(k + j * 5) % len(SURNAMES)] + GIVEN[(k * 2 + j) % len(GIVEN)],
                phone=f"1583190{k:02d}{j:02d}", position=f"人力资源专员{DEMO_TAG}",
                training_date=D(YEAR, 4 + k % 7, 12))
            RecommendationOfficer.objects.filter(pk=officer.pk).update(created_at=_at(D(YEAR, 3 + (k + j) % 9, 5 + k % 20)))
            made += 1
    return made


def _wage_arrears(regions, city) -> int:
    from wage_arrears import rules as wage_rules
    from wage_arrears.models import Complaint, ReceptionSession, SectorRoute, Status
    from wage_arrears.services.intake import generate_tracking_code
    from xingtai_jobs.core.models import Department

    made = 0
    friday = D(YEAR, 1, 5)
    week = 0
    while friday.year == YEAR:  # measure 22: the joint Friday reception, held every week but the Spring Festival
        if friday not in (D(YEAR, 2, 9), D(YEAR, 2, 16)):
            region = regions[week % len(regions)]
            _s, created = ReceptionSession.objects.get_or_create(region=region, date=friday, defaults={
                "start_time": dt.time(14, 30), "location": f"{region.name}人力资源和社会保障局接访大厅", "held": True,
                "outcomes": "人社、住建、城管、交通、水务联合接访，现场受理欠薪线索并交办。"})
            made += created
        friday += dt.timedelta(days=7)
        week += 1
    if Complaint.objects.filter(description__endswith=DEMO_TAG).exists():
        return made
    routes = {r.sector: r.department for r in SectorRoute.objects.select_related("department")}
    fallback = Department.objects.order_by("id").first()
    if fallback is None:
        return made
    sectors = ["construction", "construction", "manufacturing", "services", "transport", "urban"]
    for k in range(96):  # measures 21 and 22: the year's accepted complaints, assigned at once, nearly all cleared
        region = regions[k % len(regions)]
        received = _spread(96, D(YEAR, 1, 8), D(YEAR, 12, 16), k)
        assigned = received + dt.timedelta(days=1 + k % 2)
        open_case = k in (93, 95)  # two December cases still being handled at the year's end
        resolved = None if open_case else assigned + dt.timedelta(days=6 + k % 12)
        employer = f"{EMPLOYERS[k % len(EMPLOYERS)]}第{k % 5 + 1}项目部"
        sector = sectors[k % len(sectors)]
        Complaint.objects.create(
            tracking_code=generate_tracking_code(), channel="qr", status=Status.VERIFIED if open_case else Status.CLOSED,
            complainant_name=SURNAMES[(k * 3) % len(SURNAMES)] + GIVEN[k % len(GIVEN)], complainant_phone=f"1363190{k:04d}",
            workers_affected=1 + k % 6, employer_name=employer, employer_name_normalized=wage_rules.normalize_name(employer),
            region=region, sector=sector, department=routes.get(sector, fallback),
            period_start=(received.replace(day=1) - dt.timedelta(days=45)).replace(day=1),
            period_end=D(YEAR, received.month, 1), amount_owed=Decimal(8000 + (k * 1370) % 42000),
            description=f"拖欠工资，经“欠薪问题举报投诉二维码”反映。{DEMO_TAG}", received_on=received,
            accept_due=received + dt.timedelta(days=3), accepted_on=received, assigned_on=assigned, assignee=city,
            first_contact_due=assigned + dt.timedelta(days=2), contacted_on=assigned + dt.timedelta(days=1),
            resolve_due=assigned + dt.timedelta(days=30), substantiated=True, substantiated_on=assigned + dt.timedelta(days=4),
            outcome="ordered", amount_recovered=None if open_case else Decimal(8000 + (k * 1370) % 42000),
            workers_paid=None if open_case else 1 + k % 6, resolved_on=resolved,
            informed_on=None if open_case else resolved, closed_on=None if open_case else resolved + dt.timedelta(days=3))
        made += 1
    return made


def _last_years_ranking() -> int:
    """Measure 1 in 2024: the 2023 ranking (from the enterprises demo's 2023 figures), published in April 2024."""
    from rankings import services as ranking_services
    from rankings.models import Ranking
    from rankings.services import compute

    year = YEAR - 1
    if (Ranking.objects.filter(year=year).exclude(status__in=(Ranking.Status.DRAFT, Ranking.Status.PREVIEW)).exists()
            or not compute.year_has_data(year)):
        return 0
    ranking = ranking_services.ranking_compute(year=year)
    ranking = ranking_services.ranking_publish(ranking=ranking, force=True, reason="演示数据：2024年4月已在局官网张榜发布")
    Ranking.objects.filter(pk=ranking.pk).update(published_at=_at(D(YEAR, 4, 10), 10))
    return 1


def _portal_data(stdout, regions, city) -> None:
    counts = {"published rankings": _last_years_ranking(), "events": _events(regions), "internship posts": _internship_posts(regions),
              "graduate ledger entries": _graduate_ledger(regions), "recommendation officers": _officers(),
              "wage-arrears sessions and complaints": _wage_arrears(regions, city)}
    stdout.write("measures: 2024 portal data added: " + ", ".join(f"{n} {what}" for what, n in counts.items()))
