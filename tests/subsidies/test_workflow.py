"""The whole money path through the services: screening, review, bank account, public notice,
objections, batch, bank file and reconciliation, with the audit trail."""

from __future__ import annotations

import datetime as dt
import io
import json
from decimal import Decimal

import pytest
from django.core.management import CommandError, call_command

from subsidies import services
from subsidies.models import Application, PayoutBatch, PayoutItem, PublicNotice, SchemeRound
from tests.factories import EnterpriseFactory, insurance_year
from tests.subsidies.factories import YEAR, eligible_enterprise
from xingtai_jobs.core.errors import DomainError
from xingtai_jobs.core.models import AuditEvent

S = Application.State


def approve(app, officer):
    app = services.application_review_start(app=app, actor=officer)
    return services.application_approve(app=app, actor=officer)


def confirm_bank(ent, user):
    return services.bank_account_confirm(enterprise=ent, actor=user, account_name=ent.name, bank_name="中国工商银行邢台分行",
                                         account_number="6222 0204 0000 1234 567")


def test_screening_creates_candidates_for_eligible_enterprises_only(round_):
    good = eligible_enterprise()
    bad = eligible_enterprise(insured=10)
    from enterprises.models import InsuranceMonth

    InsuranceMonth.objects.filter(enterprise=bad, month=dt.date(YEAR, 3, 1)).update(ui_new_claimants=3)  # 3 > 20% of 10
    totals = services.screening_run(round_=round_)
    assert totals == {"screened": 2, "candidates": 1, "replaced": 0}
    app = Application.objects.get()
    assert app.enterprise == good and app.state == S.CANDIDATE and app.amount == Decimal("7200.00")
    assert app.region_id == good.region_id and app.checks[0]["code"] == "full_payment_months"


def test_rerunning_screening_replaces_unconfirmed_candidates_and_keeps_confirmed_ones(round_, county_officer):
    a = eligible_enterprise(region=county_officer.region)
    b = eligible_enterprise(region=county_officer.region)
    services.screening_run(round_=round_)
    app_a = Application.objects.get(enterprise=a)
    services.application_review_start(app=app_a, actor=county_officer)
    from enterprises.models import InsuranceMonth

    InsuranceMonth.objects.filter(enterprise__in=[a, b], month__year=YEAR).update(ui_premium_paid=Decimal("2000.00"), ui_premium_due=Decimal("2000.00"))
    totals = services.screening_run(round_=round_)
    assert totals["replaced"] == 1 and totals["candidates"] == 1
    assert Application.objects.get(enterprise=a).state == S.UNDER_REVIEW
    assert Application.objects.get(enterprise=a).amount == Decimal("7200.00")  # untouched
    assert Application.objects.get(enterprise=b).amount == Decimal("14400.00")  # replaced with new figures


def test_screening_a_closed_round_is_refused_but_a_dry_run_is_allowed(db):
    ent = eligible_enterprise(year=2023)
    out = io.StringIO()
    with pytest.raises(CommandError, match="closed"):
        call_command("screen_subsidy", "stable_job_refund", "--year", "2023", stdout=out)
    call_command("screen_subsidy", "stable_job_refund", "--year", "2023", "--dry-run", "--json", stdout=out)
    rows = json.loads(out.getvalue())
    assert rows == [{"uscc": ent.uscc, "eligible": True, "rate": "0.60", "base": "12000.00", "amount": "7200.00", "failed_checks": []}]
    assert not Application.objects.exists()


def test_json_output_lists_failed_checks_and_zero_amount(db):
    ent = EnterpriseFactory(dishonest=True)
    insurance_year(ent, 2023)
    out = io.StringIO()
    call_command("screen_subsidy", "stable_job_refund", "--year", "2023", "--dry-run", "--json", stdout=out)
    [row] = json.loads(out.getvalue())
    assert row["eligible"] is False and row["amount"] == "0.00" and row["failed_checks"] == ["not_dishonest"]


def test_command_screens_an_open_round_and_an_unknown_year_is_a_clear_error(round_):
    eligible_enterprise()
    out = io.StringIO()
    call_command("screen_subsidy", "stable_job_refund", "--year", str(YEAR), stdout=out)
    assert "candidates 1" in out.getvalue()
    with pytest.raises(CommandError, match="no round"):
        call_command("screen_subsidy", "stable_job_refund", "--year", "1999", stdout=out)


def test_whole_workflow_pays_once_with_an_audit_trail(round_, county_officer, city_officer, enterprise, enterprise_user):
    eligible_enterprise(enterprise=enterprise)
    services.screening_run(round_=round_)
    app = Application.objects.get(enterprise=enterprise)
    app = services.application_review_start(app=app, actor=county_officer)
    with pytest.raises(DomainError, match="bank account"):
        services.application_approve(app=app, actor=county_officer)
    assert Application.objects.get(pk=app.pk).state == S.UNDER_REVIEW
    confirm_bank(enterprise, enterprise_user)
    app = services.application_approve(app=app, actor=county_officer)
    assert app.state == S.APPROVED and app.bank_account.account_number == "6222020400001234567"

    notice = services.notice_publish(round_=round_, actor=county_officer, on_date=dt.date(2024, 11, 19))
    assert notice.closes_on == dt.date(2024, 11, 26)  # 5 working days
    assert Application.objects.get(pk=app.pk).state == S.NOTICED
    assert services.notices_close_due(on_date=dt.date(2024, 11, 26)) == 0  # last day still open
    assert services.notices_close_due(on_date=dt.date(2024, 11, 27)) == 1
    assert Application.objects.get(pk=app.pk).state == S.PAYABLE

    batch = services.payout_batch_create(round_=round_, actor=city_officer)
    batch = services.payout_batch_fill(batch_id=batch.pk, actor=city_officer)
    assert batch.item_count == 1 and batch.total == Decimal("7200.00")
    services.payout_batch_lock(batch=batch, actor=city_officer)
    rows = list(services.payout_batch_export_rows(batch=batch, actor=city_officer))
    assert rows == [(enterprise.name, "中国工商银行邢台分行", "6222020400001234567", Decimal("7200.00"), rows[0][4])]
    report = services.bank_result_import(batch=batch, path=_csv([(rows[0][4], "7200.00", "成功", "")]), actor=city_officer)
    assert report.ok, report.as_text()
    assert Application.objects.get(pk=app.pk).state == S.PAID
    assert PayoutBatch.objects.get(pk=batch.pk).status == PayoutBatch.Status.RECONCILED
    actions = list(AuditEvent.objects.filter(action__startswith="subsidies.").order_by("id").values_list("action", flat=True))
    for action in ["subsidies.application.review_started", "subsidies.bank_account.confirmed", "subsidies.application.approved",
                   "subsidies.notice.published", "subsidies.notice.closed", "subsidies.batch.created", "subsidies.batch.locked",
                   "subsidies.batch.exported", "subsidies.batch.reconciled"]:
        assert action in actions
    # A second batch finds nothing payable; the same beneficiary cannot be paid twice.
    batch2 = services.payout_batch_create(round_=round_, actor=city_officer)
    assert services.payout_batch_fill(batch_id=batch2.pk).item_count == 0
    # References name the scheme, the round's year, the round and the batch's number: no clock digits.
    assert (batch.reference, batch2.reference) == (f"SJR{round_.assessment_year}-R{round_.pk}-01", f"SJR{round_.assessment_year}-R{round_.pk}-02")
    assert rows[0][4].startswith(f"SJR{round_.assessment_year}-R{round_.pk}-01-")


def _csv(rows) -> str:
    import tempfile

    with tempfile.NamedTemporaryFile("w", suffix=".csv", delete=False, encoding="utf-8") as f:
        f.write("业务参考号,金额,结果,失败原因\n")
        for row in rows:
            f.write(",".join(row) + "\n")
    return f.name


def _to_payable(round_, officer, ents, users=None):
    from tests.factories import UserFactory
    from xingtai_jobs.core.models import User

    services.screening_run(round_=round_)
    for ent in ents:
        user = UserFactory(role=User.Role.ENTERPRISE_USER, enterprise=ent)
        confirm_bank(ent, user)
        approve(Application.objects.get(enterprise=ent, round=round_), officer)
    services.notice_publish(round_=round_, actor=officer, on_date=dt.date(2024, 11, 19))
    services.notices_close_due(on_date=dt.date(2024, 12, 1))


def test_failed_payments_go_back_to_payable_and_to_manual_handling_after_three_tries(round_, city_officer):
    ent = eligible_enterprise()
    _to_payable(round_, city_officer, [ent])
    app = Application.objects.get(enterprise=ent)
    for attempt in (1, 2, 3):
        batch = services.payout_batch_create(round_=round_, actor=city_officer)
        batch = services.payout_batch_fill(batch_id=batch.pk)
        services.payout_batch_lock(batch=batch, actor=city_officer)
        item = batch.items.get()
        assert item.attempt == attempt
        report = services.bank_result_import(batch=batch, path=_csv([(item.reference, "7200.00", "失败", "账户已销户")]), actor=city_officer)
        assert report.ok, report.as_text()
        app.refresh_from_db()
        assert app.state == (S.PAYABLE if attempt < 3 else S.MANUAL)
    assert PayoutItem.objects.filter(application=app, status=PayoutItem.Status.FAILED).count() == 3


def test_bank_result_with_unknown_reference_or_wrong_amount_changes_nothing(round_, city_officer):
    ents = [eligible_enterprise(), eligible_enterprise()]
    _to_payable(round_, city_officer, ents)
    batch = services.payout_batch_fill(batch_id=services.payout_batch_create(round_=round_, actor=city_officer).pk)
    services.payout_batch_lock(batch=batch, actor=city_officer)
    refs = list(batch.items.values_list("reference", flat=True))
    report = services.bank_result_import(batch=batch, path=_csv([(refs[0], "7200.00", "成功", ""), ("NOPE-1", "7200.00", "成功", ""),
                                                                 (refs[1], "7100.00", "成功", "")]), actor=city_officer)
    assert not report.ok
    assert {e.line for e in report.errors} == {3, 4}
    assert set(batch.items.values_list("status", flat=True)) == {PayoutItem.Status.PENDING}
    assert not Application.objects.filter(state=S.PAID).exists()


def test_locked_batch_cannot_be_changed_and_draft_cannot_be_exported(round_, city_officer):
    _to_payable(round_, city_officer, [eligible_enterprise()])
    batch = services.payout_batch_create(round_=round_, actor=city_officer)
    with pytest.raises(DomainError, match="Lock the batch"):
        list(services.payout_batch_export_rows(batch=batch, actor=city_officer))
    services.payout_batch_fill(batch_id=batch.pk)
    services.payout_batch_lock(batch=batch, actor=city_officer)
    eligible_enterprise()
    with pytest.raises(DomainError, match="locked"):
        services.payout_batch_fill(batch_id=batch.pk)
    with pytest.raises(DomainError, match="draft batch"):
        services.payout_batch_lock(batch=batch, actor=city_officer)


def test_only_one_draft_batch_per_round(round_, city_officer):
    services.payout_batch_create(round_=round_, actor=city_officer)
    with pytest.raises(DomainError, match="already exists"):
        services.payout_batch_create(round_=round_, actor=city_officer)


def test_batch_respects_the_size_cap_parameter(round_, city_officer):
    params = dict(round_.parameters, batch_max_items=2)
    SchemeRound.objects.filter(pk=round_.pk).update(parameters=params)
    round_.refresh_from_db()
    _to_payable(round_, city_officer, [eligible_enterprise() for _ in range(3)])
    batch = services.payout_batch_fill(batch_id=services.payout_batch_create(round_=round_, actor=city_officer).pk, chunk_size=1)
    assert batch.item_count == 2 and Application.objects.filter(state=S.PAYABLE).count() == 1


def test_approval_beyond_the_budget_is_refused(city_officer, enterprise_user, enterprise):
    from tests.subsidies.factories import open_round

    round_ = open_round(budget=Decimal("7199.99"))
    eligible_enterprise(enterprise=enterprise)
    services.screening_run(round_=round_)
    confirm_bank(enterprise, enterprise_user)
    app = services.application_review_start(app=Application.objects.get(), actor=city_officer)
    with pytest.raises(DomainError, match="budget"):
        services.application_approve(app=app, actor=city_officer)
    assert Application.objects.get().state == S.UNDER_REVIEW


def test_return_resubmit_and_reject_with_reason(round_, county_officer, enterprise, enterprise_user):
    eligible_enterprise(enterprise=enterprise)
    app = services.application_submit(enterprise=enterprise, round_=round_, actor=enterprise_user, note="申请")
    assert app.state == S.APPLIED and app.eligible and app.origin == Application.Origin.APPLICATION
    with pytest.raises(DomainError, match="already has"):
        services.application_submit(enterprise=enterprise, round_=round_, actor=enterprise_user)
    app = services.application_review_start(app=app, actor=county_officer)
    with pytest.raises(DomainError):
        services.application_return(app=app, actor=county_officer, message="  ")
    app = services.application_return(app=app, actor=county_officer, message="请补充劳动合同")
    assert app.state == S.RETURNED and app.staff_message == "请补充劳动合同"
    app = services.application_resubmit(app=app, actor=enterprise_user, note="已补充")
    assert app.state == S.UNDER_REVIEW
    with pytest.raises(DomainError, match="reason"):
        services.application_reject(app=app, actor=county_officer, reason="")
    app = services.application_reject(app=app, actor=county_officer, reason="经核查存在违规裁员")
    assert app.state == S.REJECTED and app.decision_reason == "经核查存在违规裁员"
    with pytest.raises(DomainError, match="changed by someone else"):
        services.application_approve(app=app, actor=county_officer)


def test_an_ineligible_application_cannot_be_approved(round_, county_officer, enterprise, enterprise_user):
    eligible_enterprise(enterprise=enterprise, dishonest=False)
    type(enterprise).objects.filter(pk=enterprise.pk).update(deregistering=True)
    app = services.application_submit(enterprise=enterprise, round_=round_, actor=enterprise_user)
    assert not app.eligible
    confirm_bank(enterprise, enterprise_user)
    app = services.application_review_start(app=app, actor=county_officer)
    with pytest.raises(DomainError, match="not_deregistering"):
        services.application_approve(app=app, actor=county_officer)


def test_objection_holds_the_item_until_staff_resolve_it(round_, county_officer):
    a, b = eligible_enterprise(region=county_officer.region), eligible_enterprise(region=county_officer.region)
    services.screening_run(round_=round_)
    from tests.factories import UserFactory
    from xingtai_jobs.core.models import User

    for ent in (a, b):
        confirm_bank(ent, UserFactory(role=User.Role.ENTERPRISE_USER, enterprise=ent))
        approve(Application.objects.get(enterprise=ent), county_officer)
    notice = services.notice_publish(round_=round_, actor=county_officer, on_date=dt.date(2024, 11, 19))
    app_a = Application.objects.get(enterprise=a)
    with pytest.raises(DomainError):
        services.objection_file(notice=notice, app_id=app_a.pk, name="李四", phone="12", text="该企业去年大量裁员未如实申报", on_date=dt.date(2024, 11, 20))
    with pytest.raises(DomainError, match="10 to 2000"):
        services.objection_file(notice=notice, app_id=app_a.pk, name="李四", phone="13800138000", text="短", on_date=dt.date(2024, 11, 20))
    objection = services.objection_file(notice=notice, app_id=app_a.pk, name="李四", phone="13800138000",
                                        text="该企业去年大量裁员未如实申报", on_date=dt.date(2024, 11, 20))
    assert Application.objects.get(pk=app_a.pk).state == S.HELD
    services.notices_close_due(on_date=dt.date(2024, 12, 2))
    assert PublicNotice.objects.get().status == PublicNotice.Status.CLOSED
    assert Application.objects.get(enterprise=b).state == S.PAYABLE
    assert Application.objects.get(pk=app_a.pk).state == S.HELD
    with pytest.raises(DomainError, match="objection period"):
        services.objection_file(notice=notice, app_id=app_a.pk, name="王五", phone="13800138001", text="再次提出异议内容内容", on_date=dt.date(2024, 12, 2))
    services.objection_resolve(objection=objection, actor=county_officer, upheld=False, resolution="经核查裁员数据准确, 异议不成立")
    assert Application.objects.get(pk=app_a.pk).state == S.PAYABLE


def test_an_upheld_objection_rejects_the_item(round_, county_officer, enterprise, enterprise_user):
    eligible_enterprise(enterprise=enterprise)
    services.screening_run(round_=round_)
    confirm_bank(enterprise, enterprise_user)
    app = approve(Application.objects.get(), county_officer)
    notice = services.notice_publish(round_=round_, actor=county_officer, on_date=dt.date(2024, 11, 19))
    objection = services.objection_file(notice=notice, app_id=app.pk, name="李四", phone="13800138000", text="该企业存在拖欠工资情况", on_date=dt.date(2024, 11, 19))
    services.objection_resolve(objection=objection, actor=county_officer, upheld=True, resolution="经核查属实, 取消资格")
    app.refresh_from_db()
    assert app.state == S.REJECTED and "属实" in app.decision_reason
    with pytest.raises(DomainError, match="already resolved"):
        services.objection_resolve(objection=objection, actor=county_officer, upheld=False, resolution="x")


def test_wage_arrears_blacklist_is_treated_like_dishonest(round_, monkeypatch):
    from tests.wage_arrears.cases import blacklisted

    ent = eligible_enterprise()
    before = services.screening_run(round_=round_)["candidates"]
    blacklisted(monkeypatch, ent, on=services._today())  # a real substantiated case and listing
    assert before == 1
    assert services.screening_run(round_=round_)["candidates"] == 0


def test_bank_account_input_is_checked(enterprise, enterprise_user, other_enterprise):
    with pytest.raises(DomainError, match="8 to 30 digits"):
        services.bank_account_confirm(enterprise=enterprise, actor=enterprise_user, account_name=enterprise.name, bank_name="工行", account_number="12ab")
    with pytest.raises(DomainError, match="account holder"):
        services.bank_account_confirm(enterprise=enterprise, actor=enterprise_user, account_name="别人", bank_name="工行", account_number="6222020400001234567")
    with pytest.raises(DomainError, match="Only the enterprise"):
        services.bank_account_confirm(enterprise=other_enterprise, actor=enterprise_user, account_name=other_enterprise.name, bank_name="工行",
                                      account_number="6222020400001234567")
    confirm_bank(enterprise, enterprise_user)
    confirm_bank(enterprise, enterprise_user)
    assert enterprise.bank_accounts.filter(active=True).count() == 1


def test_facts_from_the_monthly_figures_feed_every_check(db):
    """The aggregate query: partly paid month, missing month, zero-due months, layoffs and base."""
    from enterprises.models import InsuranceMonth

    partly = eligible_enterprise(year=2023)
    InsuranceMonth.objects.filter(enterprise=partly, month=dt.date(2023, 6, 1)).update(ui_premium_paid=Decimal("999.99"))
    missing = eligible_enterprise(year=2023)
    InsuranceMonth.objects.filter(enterprise=missing, month=dt.date(2023, 6, 1)).delete()
    zero_due = EnterpriseFactory()
    insurance_year(zero_due, 2023, ui_premium_due=Decimal("0.00"), ui_premium_paid=Decimal("0.00"))
    laid_off = eligible_enterprise(year=2023, insured=200)
    InsuranceMonth.objects.filter(enterprise=laid_off, month__year=2023, month__month__lte=12).update(ui_new_claimants=1)  # 12 > 5.5% of 200
    out = io.StringIO()
    call_command("screen_subsidy", "stable_job_refund", "--year", "2023", "--dry-run", "--json", stdout=out)
    rows = {r["uscc"]: r for r in json.loads(out.getvalue())}
    assert rows[partly.uscc]["failed_checks"] == ["no_underpaid_month"] and rows[partly.uscc]["base"] == "11999.99"
    assert rows[missing.uscc]["failed_checks"] == ["complete_year", "layoff_rate"]
    assert rows[zero_due.uscc]["failed_checks"] == ["full_payment_months"]
    assert rows[laid_off.uscc]["failed_checks"] == ["layoff_rate"] and rows[laid_off.uscc]["amount"] == "0.00"
