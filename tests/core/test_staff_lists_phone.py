"""Staff lists on a 360 px phone (issue 15): every staff page of the suite's page list (tests/pages.py,
demo data, signed in as the demo city officer) has no horizontal scroll of the page, and every list
table fits the screen — its rows become stacked cards (``table.data.stack``, each cell labelled with
its column) — except the two matrices (county × indicator, county × week), which scroll inside
their own focusable region."""

from __future__ import annotations

import pytest

from tests.pages import detail_pages, seed_demo_after_flush, static_pages

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

WIDTH = 360
MATRICES = {"/staff/measures/", "/staff/wage-arrears/board/"}  # scrolled inside a region


def test_every_staff_list_fits_a_360_px_phone(_browser, live_server, db):
    from xingtai_jobs.core.demo import DEMO_PASSWORD

    seed_demo_after_flush()
    pages = [p for audience, p in static_pages() + detail_pages() if audience == "staff"]
    context = _browser.new_context(viewport={"width": WIDTH, "height": 800}, is_mobile=True, has_touch=True, locale="zh-CN")
    page = context.new_page()
    page.goto(live_server.url + "/accounts/login/")
    page.fill("#id_username", "city")
    page.fill("#id_password", DEMO_PASSWORD)
    page.click("main form button[type=submit]")
    page.wait_for_load_state("load")
    too_wide, stacked, checked = {}, 0, 0
    for path in pages:
        response = page.goto(live_server.url + path)
        assert response is not None and response.status < 500, path
        if response.status != 200 or "html" not in (response.headers.get("content-type") or ""):
            continue
        checked += 1
        found = page.evaluate("""(width) => {
            const out = [];
            if (document.documentElement.scrollWidth > width) out.push('page ' + document.documentElement.scrollWidth);
            for (const t of document.querySelectorAll('main table.data')) {
                const box = t.parentElement.getBoundingClientRect();
                if (t.scrollWidth > box.width + 1) out.push((t.className || 'table') + ' ' + t.scrollWidth);
            }
            return out;
        }""", WIDTH)
        stacked += page.locator("main table.data.stack").count()
        if path in MATRICES:
            assert not [f for f in found if f.startswith("page")], (path, found)
            region = page.locator("main .table-scroll").first
            assert region.get_attribute("tabindex") == "0"  # the matrix scrolls in a region a keyboard can reach
            continue
        if found:
            too_wide[path] = found
    context.close()
    assert checked >= 25 and stacked >= 12
    assert too_wide == {}


def test_a_stacked_row_is_a_card_with_each_value_labelled(_browser, live_server, db):
    from xingtai_jobs.core.demo import DEMO_PASSWORD

    seed_demo_after_flush()
    context = _browser.new_context(viewport={"width": WIDTH, "height": 800}, is_mobile=True, locale="zh-CN")
    page = context.new_page()
    page.goto(live_server.url + "/accounts/login/")
    page.fill("#id_username", "city")
    page.fill("#id_password", DEMO_PASSWORD)
    page.click("main form button[type=submit]")
    page.wait_for_load_state("load")
    page.goto(live_server.url + "/staff/wage-arrears/sessions/")
    row = page.locator("main table.data.stack tbody tr").first
    assert row.evaluate("r => getComputedStyle(r).display") == "block"
    cell = row.locator("td[data-label]").first
    label = cell.evaluate("c => getComputedStyle(c, '::before').content")
    assert label.strip('"') == "星期"  # the column's Chinese name before the value
    # on a desktop the same list is a table again
    page.set_viewport_size({"width": 1280, "height": 900})
    assert row.evaluate("r => getComputedStyle(r).display") == "table-row"
    context.close()
