"""The money path of the entitlements end to end: approval, monthly lines, one item per enterprise and
quarter, public notice (no names or IDs), batch, bank file, reconciliation; the lines follow."""

import datetime as dt
from decimal import Decimal

import pytest

from entitlements import services
from entitlements.models import Entitlement, EntitlementLine
from entitlements.services_payouts import group_lines
from subsidies import services as subsidies
from subsidies.models import Application, PayoutItem
from tests.entitlements.conftest import approve_all, hardship_case, month
from tests.factories import UserFactory
from tests.pg import require_postgres  # noqa: F401 - a fixture
from tests.subsidies.test_workflow import _csv
from xingtai_jobs.core import clock
from xingtai_jobs.core.models import User

pytestmark = pytest.mark.django_db


@pytest.fixture
def running(region_a, employer, county_officer, monkeypatch):
    monkeypatch.setattr(clock, "today", lambda: dt.date(2024, 7, 10))
    people = [hardship_case(region_a, employer, birth=dt.date(1980 + i, 5, 17)) for i in range(2)]
    round_ = services.round_for("si_hardship", 2024)
    services.record_plan(round_=round_, through=month(2024, 6))
    approve_all(county_officer)
    user = UserFactory(role=User.Role.ENTERPRISE_USER, enterprise=employer)
    subsidies.bank_account_confirm(enterprise=employer, actor=user, account_name=employer.name, bank_name="中国工商银行邢台分行",
                                   account_number="6222020400001234567")
    return round_, people


def test_lines_grouped_per_enterprise_and_quarter_then_paid(running, employer, city_officer, county_officer, client):
    round_, people = running
    apps = group_lines(round_=round_)
    assert sorted(a.basis_key for a in apps) == ["period:2024-01", "period:2024-04"]
    assert group_lines(round_=round_) == []  # nothing twice
    q1 = Application.objects.get(basis_key="period:2024-01")
    assert q1.state == "approved" and q1.origin == "entitlement" and q1.amount == Decimal("616.00") * 6
    assert q1.facts["persons"] == 2 and q1.facts["lines"] == 6
    notice = subsidies.notice_publish(round_=round_, actor=county_officer, on_date=dt.date(2024, 7, 10))
    assert set(EntitlementLine.objects.values_list("state", flat=True)) == {"noticed"}
    body = client.get(f"/notices/{notice.pk}/").content.decode()
    assert employer.name in body and employer.uscc not in body and "2" in body
    for p in people:
        assert p.name not in body and p.resident_id not in body
    subsidies.notices_close_due(on_date=dt.date(2024, 7, 30))
    assert set(EntitlementLine.objects.values_list("state", flat=True)) == {"payable"}
    batch = subsidies.payout_batch_create(round_=round_, actor=city_officer)
    batch = subsidies.payout_batch_fill(batch_id=batch.pk, actor=city_officer)
    assert batch.item_count == 2 and batch.total == Decimal("616.00") * 12
    assert set(EntitlementLine.objects.values_list("state", flat=True)) == {"in_batch"}
    subsidies.payout_batch_lock(batch=batch, actor=city_officer)
    rows = list(subsidies.payout_batch_export_rows(batch=batch, actor=city_officer))
    by_amount = {r[3]: r[4] for r in rows}
    report = subsidies.bank_result_import(batch=batch, actor=city_officer, path=_csv([
        (rows[0][4], str(rows[0][3]), "成功", ""), (rows[1][4], str(rows[1][3]), "失败", "账户冻结")]))
    assert report.ok, report.as_text()
    states = dict(Application.objects.values_list("basis_key", "state"))
    assert sorted(states.values()) == ["paid", "payable"]
    failed_app = Application.objects.get(state="payable")
    assert set(EntitlementLine.objects.filter(application=failed_app).values_list("state", flat=True)) == {"failed"}
    assert set(EntitlementLine.objects.exclude(application=failed_app).values_list("state", flat=True)) == {"paid"}
    assert PayoutItem.objects.count() == 2 and len(by_amount) >= 1


def test_late_lines_go_to_the_next_open_period(running, employer, county_officer, region_a):
    round_, _people = running
    group_lines(round_=round_)
    subsidies.notice_publish(round_=round_, actor=county_officer, on_date=dt.date(2024, 7, 10))
    late = hardship_case(region_a, employer, birth=dt.date(1990, 1, 1))
    services.record_plan(round_=round_, through=month(2024, 6), person_ids=[late.pk])
    ent = Entitlement.objects.get(person=late)
    services.entitlement_review_start(entitlement=ent, actor=county_officer)
    services.entitlement_approve(entitlement=ent, actor=county_officer)
    [app] = group_lines(round_=round_)
    assert app.basis_key == "period:2024-07" and app.amount == Decimal("616.00") * 6


def test_candidates_lines_are_not_paid(region_a, employer, monkeypatch):
    monkeypatch.setattr(clock, "today", lambda: dt.date(2024, 7, 10))
    hardship_case(region_a, employer)
    round_ = services.round_for("si_hardship", 2024)
    services.record_plan(round_=round_, through=month(2024, 6))
    assert EntitlementLine.objects.count() == 6 and group_lines(round_=round_) == []


@pytest.mark.postgres_only
@pytest.mark.usefixtures("require_postgres")
def test_monthly_fast_path_gives_the_lines_of_the_full_plan(region_a, employer, county_officer, monkeypatch):
    from persons.models import PersonContribution
    from tests.entitlements.conftest import pay

    monkeypatch.setattr(clock, "today", lambda: dt.date(2024, 7, 10))
    people = [hardship_case(region_a, employer, birth=dt.date(1975 + i, 5, 17)) for i in range(4)]
    round_ = services.round_for("si_hardship", 2024)
    services.record_plan(round_=round_, through=month(2024, 6))
    approve_all(county_officer)
    for p in people:
        pay(p, employer, month(2024, 7))
    PersonContribution.objects.filter(person=people[1], month=month(2024, 7)).update(in_arrears=True)
    PersonContribution.objects.filter(person=people[2], month=month(2024, 7)).delete()
    assert services.compute_month(round_=round_, month=month(2024, 7)) == {"lines": 2, "ended": 0}
    assert services.compute_month(round_=round_, month=month(2024, 7))["lines"] == 0  # nothing twice
    fast = sorted(EntitlementLine.objects.values_list("entitlement_id", "month", "amount", "facts"))
    services.record_plan(round_=round_, through=month(2024, 7))  # the full recomputation changes nothing
    assert sorted(EntitlementLine.objects.values_list("entitlement_id", "month", "amount", "facts")) == fast
    assert len(fast) == 4 * 6 + 2
