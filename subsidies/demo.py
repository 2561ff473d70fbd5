"""Demo data: the 2025 稳岗返还 round (assessment year 2024) screened as of its last open day, with
items in several states, bank accounts, an open public notice with an objection, a closed one
whose items are payable, and a draft payout batch. Idempotent: skipped once the round has notices."""

from __future__ import annotations

from subsidies import services
from subsidies.models import Application, PublicNotice, SchemeRound
from xingtai_jobs.core import clock
from xingtai_jobs.core.models import User
from xingtai_jobs.core.workdays import add_working_days


def seed(stdout) -> None:
    round_ = SchemeRound.objects.select_related("scheme").filter(scheme__code="stable_job_refund", assessment_year=2024).first()
    city = User.objects.filter(username="city").first() or User.objects.filter(is_superuser=True).first()
    if round_ is None or city is None:
        stdout.write("subsidies: no 2024-assessment round or no city staff user; skipped")
        return
    if PublicNotice.objects.filter(round=round_).exists():
        stdout.write("subsidies: demo round already seeded")
        return
    totals = services.screening_run(round_=round_, as_of=round_.closes_on)
    apps = list(Application.objects.filter(round=round_, state=Application.State.CANDIDATE).select_related("enterprise").order_by("enterprise__uscc"))
    users = {u.enterprise_id: u for u in User.objects.filter(role=User.Role.ENTERPRISE_USER, enterprise__isnull=False)}

    def bank(app):
        user = users.get(app.enterprise_id) or User.objects.create(
            username=f"demo_ent_{app.enterprise_id}", role=User.Role.ENTERPRISE_USER, enterprise=app.enterprise)
        services.bank_account_confirm(enterprise=app.enterprise, actor=user, account_name=app.enterprise.name,
                                      bank_name="中国工商银行邢台分行", account_number=f"620200{app.enterprise_id:013d}")

    def approve(app):
        bank(app)
        services.application_review_start(app=app, actor=city)
        return services.application_approve(app=Application.objects.get(pk=app.pk), actor=city)

    # Items of the demo enterprise logins go first so they can be seen in the portal.
    apps.sort(key=lambda a: (a.enterprise_id not in users, a.enterprise.uscc))
    first_notice, second_notice, review, returned, rejected = apps[:4], apps[4:8], apps[8:11], apps[11:12], apps[12:13]
    for app in first_notice:
        approve(app)
    old = add_working_days(clock.today(), -10)
    services.notice_publish(round_=round_, actor=city, on_date=old)
    services.notices_close_due()
    for app in second_notice:
        approve(app)
    notice = services.notice_publish(round_=round_, actor=city)
    target = second_notice[0] if second_notice else None
    if target is not None:
        services.objection_file(notice=notice, app_id=target.pk, name="张三", phone="13912345678",
                                text="该单位2024年存在较多裁员，与公示信息不符，请核查。")
    for app in review:
        services.application_review_start(app=app, actor=city)
    for app in returned:
        app = services.application_review_start(app=app, actor=city)
        services.application_return(app=app, actor=city, message="请补充2024年度裁员情况说明。")
    for app in rejected:
        app = services.application_review_start(app=app, actor=city)
        services.application_reject(app=app, actor=city, reason="经核查该单位已进入破产清算程序。")
    batch = services.payout_batch_create(round_=round_, actor=city)
    batch = services.payout_batch_fill(batch_id=batch.pk, actor=city)
    stdout.write(f"subsidies: screened {totals['screened']} enterprises, {totals['candidates']} candidates; "
                 f"2 public notices; draft batch {batch.reference} with {batch.item_count} items ({batch.total} yuan)")
