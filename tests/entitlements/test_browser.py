"""Browser: an enterprise user sees an entitlement's schedule on a 390 px phone; a county officer
approves one."""

from __future__ import annotations

import datetime as dt

import pytest

from entitlements import services
from entitlements.models import Entitlement
from tests.entitlements.conftest import ensure_round, hardship_case, month
from tests.factories import EnterpriseFactory, UserFactory, make_uscc
from tests.subsidies.test_browser import login
from xingtai_jobs.core import clock
from xingtai_jobs.core.models import User

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def phone_390(_browser, live_server):
    context = _browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True, locale="zh-CN")
    page = context.new_page()
    page.base = live_server.url
    yield page
    context.close()


def test_staff_approve_and_the_enterprise_sees_the_schedule_on_a_phone(phone_390, browser_page, region_a, county_officer, monkeypatch):
    monkeypatch.setattr(clock, "today", lambda: dt.date(2024, 7, 10))
    employer = EnterpriseFactory(uscc=make_uscc(7501), region=region_a)
    user = UserFactory(username="ent_schedule", role=User.Role.ENTERPRISE_USER, enterprise=employer)
    person = hardship_case(region_a, employer)
    round_ = ensure_round("si_hardship")
    services.record_plan(round_=round_, through=month(2024, 6))
    ent = Entitlement.objects.get()

    page = browser_page
    login(page, county_officer.username)
    page.goto(page.base + f"/staff/entitlements/{ent.pk}/")
    page.locator("button[name=action][value=review]").click()
    page.wait_for_load_state("networkidle")
    page.locator("button[name=action][value=approve]").click()
    page.wait_for_load_state("networkidle")
    assert page.locator("#ent-state").inner_text() == "享受中（按月发放）"
    assert person.resident_id not in page.content()

    page = phone_390
    login(page, user.username)
    page.goto(page.base + "/enterprise/subsidies/")
    card = page.locator(f"#entitlement-{ent.pk}")
    text = card.inner_text()
    assert "2024-06" in text and "2026-12" in text and "享受期限届满" in text
    assert person.resident_id not in page.content() and person.name not in page.content()
    assert page.evaluate("document.documentElement.scrollWidth") <= 390 + 1  # no sideways scrolling
    page.set_viewport_size({"width": 360, "height": 780})  # the narrowest phone the portal is laid out for
    assert card.is_visible() and page.evaluate("document.documentElement.scrollWidth") <= 360 + 1


def test_staff_resolve_an_adjustment_and_its_pages_pass_axe(phone_390, browser_page, region_a, county_officer, monkeypatch):
    from entitlements.models import EntitlementLine, LineAdjustment
    from tests.core.test_accessibility import _violations
    from tests.entitlements.conftest import pay

    monkeypatch.setattr(clock, "today", lambda: dt.date(2024, 7, 10))
    employer = EnterpriseFactory(uscc=make_uscc(7502), region=region_a)
    person = hardship_case(region_a, employer)
    round_ = ensure_round("si_hardship")
    services.record_plan(round_=round_, through=month(2024, 6))
    Entitlement.objects.update(state="running", first_approved_on=dt.date(2024, 7, 1))
    EntitlementLine.objects.filter(month=month(2024, 2)).update(state="paid")
    pay(person, employer, month(2024, 2), pension="300.00")
    services.record_plan(round_=round_, through=month(2024, 6))
    adj = LineAdjustment.objects.get()

    for page in (phone_390, browser_page):
        login(page, county_officer.username)
        page.goto(page.base + "/staff/entitlements/adjustments/")
        assert _violations(page) == []
        page.click(f"a[href='/staff/entitlements/adjustments/{adj.pk}/']")
        assert _violations(page) == []
    page = browser_page
    page.click("button[value=no_change]")  # without the reason: refused, nothing changed
    assert "无需调整的理由" in page.content() and _violations(page) == []
    page.fill("#id_note", "单位已退回多发部分")
    page.click("button[value=recover]")
    page.wait_for_load_state("load")
    assert page.inner_text("#adj-state") == "已处理" and "100.00" in page.content()
    adj.refresh_from_db()
    assert adj.decision == "recover" and adj.to_recover == 100
