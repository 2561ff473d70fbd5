"""The workbench on a 390 px phone: a county officer logs in, lands on 工作台, sees the county's
work counted, follows a count to the list of exactly those cases, and finds the staff menu."""

from __future__ import annotations

import pytest

from tests.conftest import browser_login
from tests.core.test_workbench import file_complaint

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def phone_390(_browser, live_server):
    context = _browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True, locale="zh-CN")
    page = context.new_page()
    page.base = live_server.url
    yield page
    context.close()


def test_a_county_officer_lands_on_the_workbench_and_follows_a_count(phone_390, county_officer, region_b):
    mine = file_complaint(complainant_phone="13812340011")
    theirs = file_complaint(complainant_phone="13812340012", region_code=region_b.code, address="信都区钢铁路1号")
    page = phone_390
    browser_login(page, county_officer.username)
    assert page.url == page.base + "/staff/"  # staff land on the workbench
    assert page.get_by_role("heading", level=1).inner_text() == "工作台"
    assert page.evaluate("document.documentElement.scrollWidth") <= 390  # no sideways scrolling
    staff_menu = page.locator("nav.staff-nav")
    assert staff_menu.count() == 1 and page.locator("nav.main-nav:not(.staff-nav)").count() == 0
    page.locator("label.nav-toggle-label").click()  # on a phone the menu opens from 菜单 (no JavaScript needed)
    assert staff_menu.get_by_role("link", name="工作台").get_attribute("aria-current") == "page"
    link = page.locator("#work-wage-arrears-complaints a", has_text="待受理的投诉")
    assert link.locator(".work-count").inner_text() == "1"
    box = link.bounding_box()
    assert box is not None and box["height"] >= 44 and box["x"] + box["width"] <= 390  # a finger-sized target
    link.click()
    page.wait_for_load_state("networkidle")
    assert "/staff/wage-arrears/?status=submitted" in page.url
    body = page.locator("main").inner_text()
    assert mine.tracking_code in body and theirs.tracking_code not in body
