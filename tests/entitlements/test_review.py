"""Review and approval through the services and the staff pages; scope; adjustments after payment."""

import datetime as dt
from decimal import Decimal

import pytest

from entitlements import services
from entitlements.models import Entitlement, EntitlementLine, LineAdjustment
from entitlements.workflows import ENTITLEMENT
from persons.models import PersonContribution
from tests.entitlements.conftest import hardship_case, month, pay
from tests.factories import EnterpriseFactory, make_uscc
from xingtai_jobs.core import clock
from xingtai_jobs.core.errors import DomainError

pytestmark = pytest.mark.django_db


@pytest.fixture
def planned(region_a, employer, monkeypatch):
    monkeypatch.setattr(clock, "today", lambda: dt.date(2024, 7, 10))
    p = hardship_case(region_a, employer)
    round_ = services.round_for("si_hardship", 2024)
    services.record_plan(round_=round_, through=month(2024, 6))
    return Entitlement.objects.get(person=p)


def test_approve_fixes_the_clock_and_starts_running(planned, county_officer):
    assert planned.state == "candidate" and planned.first_approved_on is None
    ent = services.entitlement_review_start(entitlement=planned, actor=county_officer)
    ent = services.entitlement_approve(entitlement=ent, actor=county_officer)
    assert ent.state == "running" and ent.first_approved_on == dt.date(2024, 7, 10) and ent.max_months == 36
    assert ent.lines.count() == 6 and ent.approved_by == county_officer


def test_other_region_and_enterprise_users_are_refused(planned, other_county_officer, enterprise_user):
    for actor in (other_county_officer, enterprise_user):
        with pytest.raises(DomainError) as exc:
            services.entitlement_review_start(entitlement=planned, actor=actor)
        assert exc.value.code in ("forbidden", "not_found")
    planned.refresh_from_db()
    assert planned.state == "candidate"


def test_wrong_state_is_a_conflict_and_changes_nothing(planned, county_officer):
    with pytest.raises(DomainError) as exc:
        services.entitlement_approve(entitlement=planned, actor=county_officer)
    assert exc.value.code == "conflict"
    planned.refresh_from_db()
    assert planned.state == "candidate" and planned.first_approved_on is None


def test_return_resubmit_reject(planned, county_officer, employer):
    from tests.factories import UserFactory
    from xingtai_jobs.core.models import User

    user = UserFactory(role=User.Role.ENTERPRISE_USER, enterprise=employer)
    services.entitlement_review_start(entitlement=planned, actor=county_officer)
    with pytest.raises(DomainError):
        services.entitlement_return(entitlement=planned, actor=county_officer, message=" ")
    services.entitlement_return(entitlement=planned, actor=county_officer, message="请补充劳动合同")
    services.entitlement_resubmit(entitlement=planned, actor=user, note="已上传")
    services.entitlement_reject(entitlement=planned, actor=county_officer, reason="合同不实")
    planned.refresh_from_db()
    assert planned.state == "rejected" and not planned.lines.exists()


def test_rerun_after_approval_keeps_the_fixed_clock(planned, county_officer, employer):
    services.entitlement_review_start(entitlement=planned, actor=county_officer)
    services.entitlement_approve(entitlement=planned, actor=county_officer)
    Entitlement.objects.filter(pk=planned.pk).update(max_months=5)  # as if fixed at 5 at the first approval
    services.record_plan(round_=planned.round, through=month(2024, 6))
    planned.refresh_from_db()
    assert planned.max_months == 5 and planned.lines.count() == 5 and planned.state == "ended" and planned.end_reason == "max_months"


def test_correction_after_payment_flags_an_adjustment_never_a_second_payment(planned, county_officer, employer):
    services.entitlement_review_start(entitlement=planned, actor=county_officer)
    services.entitlement_approve(entitlement=planned, actor=county_officer)
    EntitlementLine.objects.filter(entitlement=planned, month=month(2024, 2)).update(state="paid")
    pay(planned.person, employer, month(2024, 2), pension="500.00")  # corrected after payment
    PersonContribution.objects.filter(person=planned.person, month=month(2024, 3)).update(in_arrears=True)  # computed, not paid
    services.record_plan(round_=planned.round, through=month(2024, 6))
    services.record_plan(round_=planned.round, through=month(2024, 6))  # twice: still one adjustment
    paid = EntitlementLine.objects.get(entitlement=planned, month=month(2024, 2))
    assert paid.amount == Decimal("616.00") and paid.state == "paid"
    [adj] = LineAdjustment.objects.all()
    assert adj.line == paid and adj.amount_after == Decimal("716.00") and adj.state == "open"
    assert not EntitlementLine.objects.filter(entitlement=planned, month=month(2024, 3)).exists()  # unpaid line withdrawn
    assert EntitlementLine.objects.filter(person=planned.person, month=month(2024, 2)).count() == 1


def test_staff_pages_follow_the_table(planned, county_officer, other_county_officer, login):
    client = login(county_officer)
    page = client.get("/staff/entitlements/")
    assert page.status_code == 200 and planned.enterprise.name in page.content.decode()
    detail = client.get(f"/staff/entitlements/{planned.pk}/").content.decode()
    assert 'value="review"' in detail and 'value="approve"' not in detail
    assert planned.person.resident_id not in detail
    client.post(f"/staff/entitlements/{planned.pk}/action/", {"action": "review"})
    detail = client.get(f"/staff/entitlements/{planned.pk}/").content.decode()
    assert 'value="approve"' in detail
    client.post(f"/staff/entitlements/{planned.pk}/action/", {"action": "approve"})
    planned.refresh_from_db()
    assert planned.state == "running"
    other = login(other_county_officer)
    assert other.get(f"/staff/entitlements/{planned.pk}/").status_code == 404
    assert planned.enterprise.name not in other.get("/staff/entitlements/").content.decode()


def test_enterprise_schedule_page(planned, county_officer, login, employer):
    from tests.factories import UserFactory
    from xingtai_jobs.core.models import User

    services.entitlement_review_start(entitlement=planned, actor=county_officer)
    services.entitlement_approve(entitlement=planned, actor=county_officer)
    user = UserFactory(role=User.Role.ENTERPRISE_USER, enterprise=employer)
    body = login(user).get("/enterprise/entitlements/").content.decode()
    assert "2024-06" in body and "2026-12" in body  # paid to June; ends after 36 months unless skipped
    other = EnterpriseFactory(uscc=make_uscc(7199))
    stranger = UserFactory(role=User.Role.ENTERPRISE_USER, enterprise=other)
    assert "2026-12" not in login(stranger).get("/enterprise/entitlements/").content.decode()


def test_machine_table_is_declared():
    assert {s.name for s in ENTITLEMENT.steps} >= {"review", "return", "resubmit", "approve", "reject", "start", "end", "revoke"}
