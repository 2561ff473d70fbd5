"""Adjustments of paid months: the review service (recover, pay the shortfall, no change), its state
machine, the staff pages (county staff their region; enterprises and citizens none) and the
shortfall paid once through the normal money path."""

import datetime as dt
from decimal import Decimal

import pytest

from entitlements import services
from entitlements.models import Entitlement, EntitlementLine, LineAdjustment
from entitlements.services_payouts import group_lines
from entitlements.workflows import ADJUSTMENT
from persons.models import PersonContribution
from subsidies import services as subsidies
from subsidies.models import Application, PayoutItem
from tests.entitlements.conftest import hardship_case, month, pay
from tests.factories import UserFactory
from tests.subsidies.test_workflow import _csv
from tests.workflow_matrix import assert_buttons_and_services_follow_the_table
from xingtai_jobs.core import clock
from xingtai_jobs.core.errors import DomainError
from xingtai_jobs.core.models import AuditEvent, User

pytestmark = pytest.mark.django_db
FEB = month(2024, 2)


@pytest.fixture(autouse=True)
def july(monkeypatch):
    monkeypatch.setattr(clock, "today", lambda: dt.date(2024, 7, 10))


def flagged(region, employer, *, pension="500.00", line_state="paid") -> LineAdjustment:
    """A running entitlement whose February line (616.00) is ``line_state`` when February's
    contribution row is corrected (pension 400 → ``pension``): the plan flags an adjustment."""
    p = hardship_case(region, employer)
    round_ = services.round_for("si_hardship", 2024)
    services.record_plan(round_=round_, through=month(2024, 6), person_ids=[p.pk])
    Entitlement.objects.filter(person=p).update(state="running", first_approved_on=dt.date(2024, 7, 1))
    EntitlementLine.objects.filter(person=p, month=FEB).update(state=line_state)
    pay(p, employer, FEB, pension=pension)
    services.record_plan(round_=round_, through=month(2024, 6), person_ids=[p.pk])
    return LineAdjustment.objects.get(line__person=p)


def test_recovering_an_overpayment_records_the_amount_and_pays_nothing(region_a, employer, county_officer):
    adj = flagged(region_a, employer, pension="300.00")
    assert (adj.amount_before, adj.amount_after, adj.state) == (Decimal("616.00"), Decimal("516.00"), "open")
    lines = EntitlementLine.objects.count()
    adj = services.adjustment_resolve(adjustment=adj, actor=county_officer, decision="recover", note="单位已补正申报")
    adj.refresh_from_db()
    assert adj.state == "resolved" and adj.decision == "recover" and adj.to_recover == Decimal("100.00")
    assert adj.resolved_by == county_officer and adj.resolution == "单位已补正申报" and adj.supplement is None
    assert EntitlementLine.objects.count() == lines and adj.line.amount == Decimal("616.00")
    entry = AuditEvent.objects.get(action="entitlements.line.adjustment_resolved")
    assert entry.actor == county_officer and entry.region_id == region_a.pk
    assert entry.before["state"] == "open" and entry.after["state"] == "resolved" and entry.after["to_recover"] == "100.00"
    services.record_plan(round_=adj.line.entitlement.round, through=month(2024, 6))  # the decided correction is not flagged again
    assert LineAdjustment.objects.count() == 1


def test_no_change_needs_a_reason(region_a, employer, county_officer):
    adj = flagged(region_a, employer)
    for note in ("", "   "):
        with pytest.raises(DomainError) as exc:
            services.adjustment_resolve(adjustment=adj, actor=county_officer, decision="no_change", note=note)
        assert exc.value.code == "invalid" and exc.value.field == "note"
    adj.refresh_from_db()
    assert adj.state == "open" and not AuditEvent.objects.filter(action="entitlements.line.adjustment_resolved").exists()
    services.adjustment_resolve(adjustment=adj, actor=county_officer, decision="no_change", note="更正属社保系统重复推送")
    adj.refresh_from_db()
    assert adj.state == "resolved" and adj.decision == "no_change" and adj.to_recover is None and adj.supplement is None


def test_a_resolved_adjustment_is_not_resolved_twice(region_a, employer, county_officer, city_officer):
    adj = flagged(region_a, employer)
    services.adjustment_resolve(adjustment=adj, actor=county_officer, decision="pay_shortfall", note="")
    for decision in ("pay_shortfall", "no_change", "recover"):
        with pytest.raises(DomainError) as exc:
            services.adjustment_resolve(adjustment=adj, actor=city_officer, decision=decision, note="再次处理")
        assert exc.value.code == "conflict" and "已处理" in str(exc.value)
    assert EntitlementLine.objects.filter(kind="supplement").count() == 1
    assert AuditEvent.objects.filter(action="entitlements.line.adjustment_resolved").count() == 1


def test_the_decision_must_fit_the_difference_and_the_month_must_be_paid(region_a, employer, county_officer):
    more = flagged(region_a, employer, pension="500.00")
    with pytest.raises(DomainError) as exc:
        services.adjustment_resolve(adjustment=more, actor=county_officer, decision="recover", note="")
    assert exc.value.code == "conflict" and "没有需要追回" in str(exc.value)
    less = flagged(region_a, employer, pension="300.00")
    with pytest.raises(DomainError) as exc:
        services.adjustment_resolve(adjustment=less, actor=county_officer, decision="pay_shortfall", note="")
    assert exc.value.code == "conflict" and "没有需要补发" in str(exc.value)
    in_notice = flagged(region_a, employer, pension="500.00", line_state="noticed")
    with pytest.raises(DomainError) as exc:
        services.adjustment_resolve(adjustment=in_notice, actor=county_officer, decision="pay_shortfall", note="")
    assert exc.value.code == "conflict" and "尚未发放" in str(exc.value)
    with pytest.raises(DomainError) as exc:
        services.adjustment_resolve(adjustment=more, actor=county_officer, decision="pay_twice", note="")
    assert exc.value.code == "invalid" and exc.value.field == "decision"
    assert set(LineAdjustment.objects.values_list("state", flat=True)) == {"open"}
    assert not EntitlementLine.objects.filter(kind="supplement").exists()


def test_other_counties_and_enterprises_may_not_resolve(region_a, employer, other_county_officer, enterprise_user):
    adj = flagged(region_a, employer)
    citizen = UserFactory(role=User.Role.CITIZEN)
    for actor in (other_county_officer, enterprise_user, citizen):
        with pytest.raises(DomainError) as exc:
            services.adjustment_resolve(adjustment=adj, actor=actor, decision="no_change", note="越权")
        assert exc.value.code in ("forbidden", "not_found"), actor
    adj.refresh_from_db()
    assert adj.state == "open"


def test_the_adjustment_machine_follows_its_table(region_a, employer, county_officer, login):
    client = login(county_officer)

    def make(state, step):
        adj = flagged(region_a, employer, pension="300.00" if step == "recover" else "500.00")
        if state == "resolved":
            LineAdjustment.objects.filter(pk=adj.pk).update(state="resolved", decision="no_change", resolution="已处理")
            adj.refresh_from_db()
        return adj

    counts = assert_buttons_and_services_follow_the_table(
        ADJUSTMENT, make=make,
        page=lambda step, adj: client.get(f"/staff/entitlements/adjustments/{adj.pk}/").content.decode(),
        button=lambda step, adj: f'name="decision" value="{step}"',
        call=lambda step, adj: services.adjustment_resolve(adjustment=adj, actor=county_officer, decision=step, note="核实"),
        state_of=lambda adj: LineAdjustment.objects.get(pk=adj.pk).state)
    assert counts == {"shown": 3, "hidden": 3, "done": 3, "refused": 3}


def test_only_the_decisions_that_fit_are_offered(region_a, employer, county_officer, login):
    client = login(county_officer)
    body = client.get(f"/staff/entitlements/adjustments/{flagged(region_a, employer, pension='300.00').pk}/").content.decode()
    assert 'value="recover"' in body and 'value="pay_shortfall"' not in body and 'value="no_change"' in body
    body = client.get(f"/staff/entitlements/adjustments/{flagged(region_a, employer, pension='500.00').pk}/").content.decode()
    assert 'value="recover"' not in body and 'value="pay_shortfall"' in body


# --- the pages ------------------------------------------------------------------------------------


def test_staff_pages_are_scoped_to_the_region(region_a, employer, county_officer, other_county_officer, enterprise_user, login):
    adj = flagged(region_a, employer)
    person = adj.line.person
    page = login(county_officer).get("/staff/entitlements/adjustments/")
    body = page.content.decode()
    assert page.status_code == 200 and f"/staff/entitlements/adjustments/{adj.pk}/" in body and employer.name in body
    assert person.resident_id not in body and person.name not in body  # masked
    detail = login(county_officer).get(f"/staff/entitlements/adjustments/{adj.pk}/").content.decode()
    assert "616.00" in detail and "716.00" in detail and "100.00" in detail and "500.00" in detail and "400.00" in detail
    assert person.resident_id not in detail
    other = login(other_county_officer)
    assert f"/staff/entitlements/adjustments/{adj.pk}/" not in other.get("/staff/entitlements/adjustments/").content.decode()
    assert other.get(f"/staff/entitlements/adjustments/{adj.pk}/").status_code == 404
    assert other.post(f"/staff/entitlements/adjustments/{adj.pk}/", {"decision": "no_change", "note": "越权"}).status_code == 404
    citizen = UserFactory(role=User.Role.CITIZEN)
    for user in (enterprise_user, citizen):
        client = login(user)
        assert client.get("/staff/entitlements/adjustments/").status_code == 403
        assert client.get(f"/staff/entitlements/adjustments/{adj.pk}/").status_code == 403
        assert client.post(f"/staff/entitlements/adjustments/{adj.pk}/", {"decision": "no_change", "note": "越权"}).status_code == 403
    adj.refresh_from_db()
    assert adj.state == "open"


def test_bad_input_is_a_400_and_changes_nothing(region_a, employer, county_officer, login):
    adj = flagged(region_a, employer)
    client = login(county_officer)
    url = f"/staff/entitlements/adjustments/{adj.pk}/"
    page = client.post(url, {"decision": "no_change", "note": ""})
    assert page.status_code == 400 and "无需调整的理由" in page.content.decode()
    assert client.post(url, {"decision": "pay_twice", "note": "x"}).status_code == 400
    assert client.post(url, {"note": "x"}).status_code == 400
    assert client.post(url, {"decision": "no_change", "note": "理" * 2001}).status_code == 400  # over the length
    assert client.get("/staff/entitlements/adjustments/?region=999999").status_code == 400
    assert client.get("/staff/entitlements/adjustments/?region=130503").status_code == 400  # not the officer's county
    assert client.get("/staff/entitlements/adjustments/?state=nonsense&page=abc").status_code == 200  # ignored
    adj.refresh_from_db()
    assert adj.state == "open" and not AuditEvent.objects.filter(action="entitlements.line.adjustment_resolved").exists()


def test_resolving_over_http_then_again_is_refused_with_a_clear_message(region_a, employer, county_officer, city_officer, login):
    adj = flagged(region_a, employer)
    url = f"/staff/entitlements/adjustments/{adj.pk}/"
    done = login(county_officer).post(url, {"decision": "pay_shortfall", "note": "差额补发"})
    assert done.status_code == 302
    adj.refresh_from_db()
    assert adj.state == "resolved" and adj.supplement.amount == Decimal("100.00")
    again = login(city_officer).post(url, {"decision": "no_change", "note": "重复"})
    assert again.status_code == 409 and "已处理" in again.content.decode()
    adj.refresh_from_db()
    assert adj.decision == "pay_shortfall" and EntitlementLine.objects.filter(kind="supplement").count() == 1


def test_the_list_page_takes_the_same_queries_for_one_or_many(region_a, employer, county_officer, login, django_assert_max_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    flagged(region_a, employer)
    client = login(county_officer)
    client.get("/staff/entitlements/adjustments/")
    with CaptureQueriesContext(connection) as one:
        client.get("/staff/entitlements/adjustments/")
    for _ in range(3):
        flagged(region_a, employer)
    with CaptureQueriesContext(connection) as four:
        body = client.get("/staff/entitlements/adjustments/").content.decode()
    assert body.count("/staff/entitlements/adjustments/") >= 4
    assert len(four.captured_queries) == len(one.captured_queries)


# --- the shortfall on the money path ---------------------------------------------------------------


def _pay_everything(round_, city_officer, county_officer, on):
    """Group, publish, close the notice, batch, lock and reconcile every line as paid."""
    apps = group_lines(round_=round_)
    if not apps:
        return None, []
    subsidies.notice_publish(round_=round_, actor=county_officer, on_date=on)
    subsidies.notices_close_due(on_date=on + dt.timedelta(days=20))
    batch = subsidies.payout_batch_create(round_=round_, actor=city_officer)
    batch = subsidies.payout_batch_fill(batch_id=batch.pk, actor=city_officer)
    subsidies.payout_batch_lock(batch=batch, actor=city_officer)
    rows = list(subsidies.payout_batch_export_rows(batch=batch, actor=city_officer))
    report = subsidies.bank_result_import(batch=batch, actor=city_officer, path=_csv([(r[4], str(r[3]), "成功", "") for r in rows]))
    assert report.ok, report.as_text()
    return batch, apps


def test_a_shortfall_is_paid_once_through_the_next_item_and_batch(region_a, employer, county_officer, city_officer):
    p = hardship_case(region_a, employer)
    round_ = services.round_for("si_hardship", 2024)
    services.record_plan(round_=round_, through=month(2024, 6))
    ent = Entitlement.objects.get(person=p)
    services.entitlement_review_start(entitlement=ent, actor=county_officer)
    services.entitlement_approve(entitlement=ent, actor=county_officer)
    user = UserFactory(role=User.Role.ENTERPRISE_USER, enterprise=employer)
    subsidies.bank_account_confirm(enterprise=employer, actor=user, account_name=employer.name, bank_name="中国工商银行邢台分行",
                                   account_number="6222020400001234567")
    first, _apps = _pay_everything(round_, city_officer, county_officer, dt.date(2024, 7, 10))
    assert set(EntitlementLine.objects.values_list("state", flat=True)) == {"paid"}
    pay(p, employer, FEB, pension="500.00")  # corrected after payment
    services.record_plan(round_=round_, through=month(2024, 6))
    [adj] = LineAdjustment.objects.all()
    services.adjustment_resolve(adjustment=adj, actor=county_officer, decision="pay_shortfall", note="补发差额")
    supplement = LineAdjustment.objects.get(pk=adj.pk).supplement
    assert (supplement.kind, supplement.month, supplement.amount, supplement.state, supplement.months) == (
        "supplement", FEB, Decimal("100.00"), "computed", 0)
    assert EntitlementLine.objects.get(person=p, month=FEB, kind="month").amount == Decimal("616.00")  # the paid line never changes
    second, [app] = _pay_everything(round_, city_officer, county_officer, dt.date(2024, 8, 10))
    assert app.basis_key == "period:2024-07" and app.amount == Decimal("100.00") and app.facts["supplements"] == 1
    assert list(EntitlementLine.objects.filter(application=app).values_list("pk", flat=True)) == [supplement.pk]
    assert PayoutItem.objects.filter(application=app).count() == 1 and second.pk != first.pk
    supplement.refresh_from_db()
    assert supplement.state == "paid"
    assert _pay_everything(round_, city_officer, county_officer, dt.date(2024, 9, 10)) == (None, [])  # nothing paid twice
    assert Application.objects.filter(round=round_).count() == 3
    # the plan leaves the decided month alone; a further correction is flagged against what was paid in all
    services.record_plan(round_=round_, through=month(2024, 6))
    assert LineAdjustment.objects.count() == 1
    PersonContribution.objects.filter(person=p, month=FEB).update(pension_unit=Decimal("400.00"))  # back to the first figure
    services.record_plan(round_=round_, through=month(2024, 6))
    latest = LineAdjustment.objects.get(state="open")
    assert (latest.amount_before, latest.amount_after) == (Decimal("716.00"), Decimal("616.00"))
