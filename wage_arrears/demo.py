"""Demo data for wage arrears: QR sites, complaints in many states, reception sessions (idempotent)."""

from __future__ import annotations

import datetime as dt
import uuid
from decimal import Decimal

from xingtai_jobs.core.models import Region, User

DEMO_NAMESPACE = uuid.UUID("8f6f2f8e-2b7c-4b8e-9a4e-5a1c3c0d7e21")

SITES = [
    ("130502", "襄都花园三期", "襄都区中华大街100号", "邢台宏达建筑工程有限公司", "construction"),
    ("130503", "信都区第二污水处理厂扩建", "信都区钢铁路88号", "河北清源水务工程有限公司", "water"),
    ("130528", "宁晋县羊绒制品产业园", "宁晋县凤凰路16号", "宁晋县瑞丰纺织有限公司", "manufacturing"),
]

# (region, employer, project, sector, amount, workers, target status, phone)
COMPLAINTS = [
    ("130502", "邢台宏达建筑工程有限公司", "襄都花园三期", "construction", "18600", 3, "submitted", "13800000001"),
    ("130502", "邢台宏达建筑工程有限公司", "襄都花园三期", "construction", "42000", 6, "submitted", "13800000002"),
    ("130502", "襄都区顺达物流有限公司", "", "transport", "7600", 1, "accepted", "13800000003"),
    ("130502", "邢台美味餐饮管理有限公司", "中兴东大街店", "services", "5200", 2, "assigned", "13800000004"),
    ("130503", "河北清源水务工程有限公司", "信都区第二污水处理厂扩建", "water", "96000", 12, "in_contact", "13800000005"),
    ("130503", "信都区城建市政工程有限公司", "龙岗大街改造", "urban", "33000", 4, "verified", "13800000006"),
    ("130528", "宁晋县瑞丰纺织有限公司", "宁晋县羊绒制品产业园", "manufacturing", "21000", 5, "handled", "13800000007"),
    ("130582", "沙河市玻璃制品有限公司", "", "manufacturing", "12800", 2, "resolved", "13800000008"),
    ("130502", "邢台某装饰工程队", "七里河小区装修", "construction", "9800", 2, "closed", "13800000009"),
    ("130503", "石家庄某劳务公司", "外地项目", "other", "4000", 1, "not_accepted", "13800000010"),
]

ORDER = ["submitted", "accepted", "assigned", "in_contact", "verified", "handled", "resolved", "informed", "closed"]


def seed(stdout) -> None:
    from . import services
    from .models import Site
    from .services import ComplaintInput

    for code, name, address, employer, sector in SITES:
        Site.objects.get_or_create(name=name, defaults={
            "address": address, "employer_name": employer, "sector": sector, "region": Region.objects.get(code=code)})
    services.sessions_create_ahead()
    city = User.objects.filter(role=User.Role.CITY_STAFF, is_superuser=False).first() or User.objects.filter(
        is_superuser=True).first()
    if city is None:
        stdout.write("wage_arrears: no city staff user; skipped complaints\n")
        return
    today = services.today()
    created_count = 0
    for i, (code, employer, project, sector, amount, workers, target, phone) in enumerate(COMPLAINTS):
        data = ComplaintInput(
            complainant_name=["李建国", "王秀英", "张伟", "刘洋", "陈明", "杨帆", "赵磊", "黄敏", "周强", "吴静"][i],
            complainant_phone=phone, employer_name=employer, region=Region.objects.get(code=code), sector=sector,
            period_start=(today.replace(day=1) - dt.timedelta(days=95)).replace(day=1),
            period_end=(today.replace(day=1) - dt.timedelta(days=1)).replace(day=1),
            amount_owed=Decimal(amount), workers_affected=workers, project_name=project,
            address=project and f"{project}现场", description="演示数据：工资未按时足额发放。",
        )
        complaint, created = services.complaint_submit(
            data=data, channel=["qr", "hotline", "letter", "national", "api"][i % 5],
            submission_key=uuid.uuid5(DEMO_NAMESPACE, f"demo-{i}"), actor=city)
        if not created:
            continue
        created_count += 1
        pk = complaint.pk
        if target == "not_accepted":
            services.complaint_not_accept(complaint_id=pk, actor=city, reason="outside",
                                          transferred_to="石家庄市人力资源和社会保障局")
            continue
        for status in ORDER[1:ORDER.index(target) + 1]:
            if status == "accepted":
                services.complaint_accept(complaint_id=pk, actor=city)
            elif status == "assigned":
                services.complaint_assign(complaint_id=pk, actor=city)
            elif status == "in_contact":
                services.complaint_record_contact(complaint_id=pk, actor=city, note="已电话联系劳动者和用人单位负责人。")
            elif status == "verified":
                services.complaint_verify(complaint_id=pk, actor=city, findings="经查工资表和考勤记录，欠薪属实。",
                                          substantiated=True)
            elif status == "handled":
                services.complaint_handle(complaint_id=pk, actor=city, outcome="ordered")
            elif status == "resolved":
                services.complaint_resolve(complaint_id=pk, actor=city, amount_recovered=Decimal(amount),
                                           workers_paid=workers, paid_on=today)
            elif status == "informed":
                services.complaint_inform(complaint_id=pk, actor=city, note="已电话告知投诉人")
            elif status == "closed":
                services.complaint_close(complaint_id=pk, actor=city)
        if target in ("assigned", "in_contact"):  # on the agenda of the region's next joint reception
            from .models import ReceptionSession

            session = ReceptionSession.objects.filter(region__code=code, date__gte=today).order_by("date").first()
            if session is not None:
                services.complaint_schedule_session(complaint_id=pk, actor=city, session_id=session.pk)
    services.deadlines_sweep()
    stdout.write(f"wage_arrears: {len(SITES)} sites, {created_count} new complaints, sessions ahead\n")
