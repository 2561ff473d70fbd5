"""Phones of 360–390 px (issue 15): the header menu shows every item without JavaScript, the
ranking year page has no horizontal scroll of the page, its rows are cards, its tabs carry no
bullets, badges and dates never break."""

from __future__ import annotations

import pytest

from tests.pages import seed_demo_after_flush

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def page_390(_browser, live_server):
    context = _browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True, locale="zh-CN")
    page = context.new_page()
    page.base = live_server.url
    yield page
    context.close()


def test_the_ranking_year_page_has_no_horizontal_scroll_on_a_390_px_phone(page_390):
    seed_demo_after_flush()
    page = page_390
    page.goto(page.base + "/rankings/2024/")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    # each enterprise is a card: its name on one line of its own, not squeezed to two characters
    first = page.locator("table.data.stack tbody tr").first
    name_box = first.locator("td.card-title").bounding_box()
    assert name_box is not None and name_box["width"] > 250
    assert first.locator("td[data-label]").count() >= 5
    # the tabs show no list bullets
    styles = page.evaluate("[...document.querySelectorAll('ul.tabs')].map(u => getComputedStyle(u).listStyleType)")
    assert styles and set(styles) == {"none"}
    # no badge or date cell is broken over lines
    multi_line = page.evaluate("""[...document.querySelectorAll('.badge, td.nowrap, td.num')]
        .filter(e => e.getClientRects().length > 1 || e.scrollWidth > e.clientWidth + 1).length""")
    assert multi_line == 0


def test_the_header_menu_shows_every_item_with_login_on_a_360_px_phone_without_javascript(_browser, live_server, db):
    context = _browser.new_context(viewport={"width": 360, "height": 740}, is_mobile=True, has_touch=True, locale="zh-CN",
                                   java_script_enabled=False)
    page = context.new_page()
    page.goto(live_server.url + "/")
    nav_links = page.locator("#main-nav a, #main-nav button")
    assert not nav_links.first.is_visible()  # folded away under the menu button
    page.get_by_text("菜单", exact=True).click()
    count = nav_links.count()
    assert count >= 6
    for i in range(count):
        link = nav_links.nth(i)
        assert link.is_visible(), link.inner_text()
        box = link.bounding_box()
        assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= 360, (link.inner_text(), box)
    assert page.locator("#main-nav").get_by_text("登录").is_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    context.close()


def test_the_menu_opens_with_the_keyboard(phone_page):
    page = phone_page
    page.goto(page.base + "/")
    page.focus("#nav-toggle")
    page.keyboard.press("Space")
    assert page.locator("#main-nav").get_by_text("登录").is_visible()
