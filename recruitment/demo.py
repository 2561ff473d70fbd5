"""Demo data for recruitment (idempotent): the brand series "相遇太行泉城，职来不问归期", events of
every kind, postings, registrations with a check-in and an intention, ledger entries with 1131
services, recommendation officers, an internship post with a placement."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.utils import timezone
from stdnum.cn import ric

from enterprises.models import Enterprise
from persons.models import Education
from persons.services import person_record
from recruitment import services
from recruitment.models import (
    Event,
    EventParticipant,
    GraduateEntry,
    InternshipPost,
    JobPosting,
    RecommendationOfficer,
    Registration,
    Series,
)
from xingtai_jobs.core import clock
from xingtai_jobs.core.models import Region, User

BRAND = "相遇太行泉城，职来不问归期"
JOBS = [("数控车工", "数控车工", 4500, 7000, "senior"), ("电气工程师", "电气工程师", 6000, 9000, "bachelor"),
        ("仓储管理员", "仓管员", 3800, 5000, "senior"), ("会计", "会计", 4000, 6000, "college"),
        ("光伏运维技术员", "运维技术员", 5000, 7500, "college"), ("康养护理员", "护理员", 3500, 5000, "junior"),
        ("文旅讲解员", "讲解员", 3500, 5500, "college"), ("软件开发工程师", "软件工程师", 7000, 12000, "bachelor")]


def _rid(birth: dt.date, region: str, seq: int) -> str:
    body = f"{region}{birth:%Y%m%d}{seq:03d}"
    return body + ric.calc_check_digit(body + "0")


def seed(stdout) -> None:
    now = timezone.now().replace(minute=0, second=0, microsecond=0)
    today = clock.today()
    city = User.objects.filter(username="city").first() or User.objects.filter(is_superuser=True).first()
    xiangdu, xindu = Region.objects.get(code="130502"), Region.objects.get(code="130503")
    brand, _ = Series.objects.get_or_create(name=BRAND, defaults={"is_brand": True})
    plan = [
        ("相遇太行泉城·春风行动大型招聘会", Event.Kind.ONSITE, brand, xiangdu, "邢台市人力资源市场", now + dt.timedelta(days=7), 300, Event.Status.PUBLISHED),
        ("人才星空夜市·达活泉公园专场", Event.Kind.NIGHT_FAIR, brand, xindu, "达活泉公园南门广场", now - dt.timedelta(hours=1), 200, Event.Status.ONGOING),
        ("直播带岗企业行·走进光伏产业园", Event.Kind.LIVESTREAM, brand, xiangdu, "", now - dt.timedelta(days=10), 1000, Event.Status.CLOSED),
        ("离校未就业高校毕业生专场招聘会", Event.Kind.GRADUATE, None, xiangdu, "邢台学院体育馆", now + dt.timedelta(days=14), 2, Event.Status.PUBLISHED),
        ("邢台职业技术学院校园招聘会", Event.Kind.CAMPUS, None, xindu, "邢台职业技术学院", now + dt.timedelta(days=21), 500, Event.Status.DRAFT),
    ]
    events = []
    for title, kind, series, region, venue, starts, capacity, status in plan:
        event, _ = Event.objects.get_or_create(title=title, defaults={
            "kind": kind, "series": series, "region": region, "venue": venue, "starts_at": starts, "ends_at": starts + dt.timedelta(hours=4),
            "capacity": capacity, "status": status, "for_graduates": kind in Event.GRADUATE_KINDS,
            "stream_url": "https://live.example.cn/xingtai" if kind == Event.Kind.LIVESTREAM else "",
            "description": "邢台市人力资源和社会保障局主办。现场提供政策咨询、职业指导和岗位推介服务。"})
        events.append(event)

    ent_users = list(User.objects.filter(role=User.Role.ENTERPRISE_USER, username__in=["ent_1", "ent_2", "ent_3"]).select_related("enterprise"))
    enterprises = [u.enterprise for u in ent_users] or list(Enterprise.objects.order_by("uscc")[:3])
    if not enterprises:
        stdout.write("recruitment: no enterprises yet; run the enterprises demo first for employers and postings")
    postings = 0
    for n, ent in enumerate(enterprises):
        for event in events[:4]:
            EventParticipant.objects.get_or_create(event=event, enterprise=ent, defaults={"status": EventParticipant.Status.APPROVED, "booth": f"A{n + 1:02d}"})
        for k, (title, occupation, lo, hi, edu) in enumerate(JOBS):
            if (k + n) % 2:
                continue
            posting, created = JobPosting.objects.get_or_create(enterprise=ent, title=title, defaults={
                "occupation": occupation, "headcount": 2 + k, "education": edu, "pay_min": Decimal(lo), "pay_max": Decimal(hi),
                "region": ent.region, "valid_from": today - dt.timedelta(days=5), "valid_to": today + dt.timedelta(days=90),
                "description": "五险一金，节假日福利，提供食宿。"})
            posting.events.add(*events[:4])
            postings += created
        for j, name in enumerate(("刘岗推", "陈岗推")[: 1 + n % 2]):
            RecommendationOfficer.objects.get_or_create(enterprise=ent, phone=f"1390319{n:02d}{j:02d}",
                                                        defaults={"name": name, "position": "人力资源部", "training_date": dt.date(2024, 4, 18)})

    regs = []
    for name, phone in [("王小明", "13903190001"), ("李静", "13903190002"), ("张伟", "13903190003")]:
        reg = Registration.objects.filter(event=events[1], phone=phone).first()
        if reg is None:
            reg = services.registration_create(event_id=events[1].pk, name=name, phone=phone, education="bachelor", wanted_occupation="技术员")
        regs.append(reg)
    if city and regs and not regs[0].checked_in_at:
        services.registration_check_in(registration=regs[0], actor=city)
    if ent_users and regs and not regs[0].intentions.exists():
        posting = JobPosting.objects.filter(enterprise=ent_users[0].enterprise, events=events[1]).first()
        if posting:
            services.intention_record(registration=regs[0], posting_id=posting.pk, actor=ent_users[0], note="约定下周一面试")
    if city and not hasattr(events[2], "livestream_result"):
        services.livestream_result_record(event=events[2], actor=city, platform="抖音", hosts="市人社局就业科", views=38600,
                                          applications=412, intentions=57, enterprise_visits=1)

    caseworker = User.objects.filter(username="xiangdu").first()
    grads = []
    for i in range(12):
        rid = _rid(dt.date(today.year - 23, 1 + i % 12, 10 + i), "130502" if i % 3 else "130503", 100 + i)
        entry = GraduateEntry.objects.filter(person__resident_id=rid).select_related("person").first()
        if entry is None:
            region = xiangdu if i % 3 else xindu
            person = person_record(resident_id=rid, region_id=region.pk, name="赵钱孙李周吴郑王冯陈褚卫"[i] + "同学", phone=f"1370319{i:04d}",
                                   school="邢台学院" if i % 2 else "河北师范大学", education=Education.BACHELOR, major="计算机科学与技术",
                                   graduation_date=today - dt.timedelta(days=150))
            entry = GraduateEntry.objects.create(
                person=person, household_region=region, caseworker=caseworker if i % 3 else None,
                status=GraduateEntry.Status.EMPLOYED if i == 11 else GraduateEntry.Status.UNEMPLOYED)
            kinds = ["contact", "briefing", "guidance", "referral", "referral", "referral", "training"][: (i * 3) % 8]
            for kind in kinds:
                services.service_record_add(entry=entry, kind=kind, date=today - dt.timedelta(days=40 if i % 4 == 0 else 3),
                                            actor=caseworker if i % 3 else city,  # each graduate served by staff of its scope
                                            channel="phone" if kind == "contact" else "")
        grads.append(entry)

    if enterprises and city:
        post = InternshipPost.objects.filter(host=enterprises[0], title="行政管理见习岗").first()
        if post is None:
            post = services.internship_post_create(host=enterprises[0], actor=city, title="行政管理见习岗", positions=5, duration_months=6,
                                                   stipend=Decimal("1900.00"), region=enterprises[0].region)
            services.internship_post_decide(post=post, approve=True, actor=city)
        if not post.placements.exists():
            services.placement_create(post=post, actor=city, name=grads[1].person.name, resident_id=grads[1].person.resident_id,
                                      phone=grads[1].person.phone,
                                      start=today - dt.timedelta(days=30))
    services.stale_contacts_queue()
    stdout.write(f"recruitment: {len(events)} events (brand series {BRAND}), {postings} new postings, {len(regs)} registrations, "
                 f"{len(grads)} ledger entries; a ticket: /events/t/{regs[0].token}/")
