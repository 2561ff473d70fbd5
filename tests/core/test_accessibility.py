"""axe-core over the suite's page list (tests/pages.py): no violation on any public, citizen,
enterprise or staff page, at desktop width and on a 390 px phone (issue 15).

axe-core is a test-only static file (tests/assets/axe.min.js, version and licence in
tests/assets/README.md), injected by Playwright into a context that bypasses the portal's CSP
(the portal never serves it). Every rule axe runs by default is checked (WCAG 2.x A/AA and best
practices); a page's violations are listed with the rule, the node and axe's help text."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.pages import detail_pages, seed_demo_after_flush, static_pages

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

AXE = (Path(__file__).resolve().parents[1] / "assets" / "axe.min.js").read_text(encoding="utf-8")
LOGINS = {"staff": "city", "enterprise": "ent_1", "citizen": None}


def _violations(page) -> list[str]:
    page.evaluate(AXE)
    result = page.evaluate("""async () => {
        const r = await axe.run(document, {resultTypes: ['violations']});
        return r.violations.map(v => v.id + ' (' + v.impact + '): ' + v.help + ' — '
            + v.nodes.slice(0, 3).map(n => n.target.join(' ')).join(' | '));
    }""")
    return list(result)


def _login(page, base, username):
    from xingtai_jobs.core.demo import DEMO_PASSWORD

    page.goto(base + "/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", DEMO_PASSWORD)
    page.click("main form button[type=submit]")
    page.wait_for_load_state("load")


@pytest.fixture
def demo_world(db):
    seed_demo_after_flush()


def _walk(_browser, live_server, viewport, **context_kw):
    pages = static_pages() + detail_pages()
    audiences = {a for a, _ in pages}
    assert {"public", "staff", "enterprise"} <= audiences and len(pages) >= 40, pages
    found: dict[str, list[str]] = {}
    checked = 0
    for audience in ("public", "citizen", "enterprise", "staff"):
        mine = [p for a, p in pages if a == audience]
        if not mine or (audience in LOGINS and LOGINS[audience] is None):
            continue
        context = _browser.new_context(viewport=viewport, locale="zh-CN", bypass_csp=True, **context_kw)
        page = context.new_page()
        if audience in LOGINS:
            _login(page, live_server.url, LOGINS[audience])
        for path in mine:
            response = page.goto(live_server.url + path)
            assert response is not None and response.status < 500, (audience, path, response and response.status)
            if response.status != 200 or "html" not in (response.headers.get("content-type") or ""):
                continue
            checked += 1
            violations = _violations(page)
            if violations:
                found[f"{audience} {path}"] = violations
        context.close()
    assert checked >= 40
    return found


def test_no_page_of_the_page_list_has_an_axe_violation_on_a_desktop(_browser, live_server, demo_world):
    assert _walk(_browser, live_server, {"width": 1280, "height": 900}) == {}
    # the walk would see a violation: an image without a text alternative is one
    context = _browser.new_context(bypass_csp=True)
    page = context.new_page()
    page.goto(live_server.url + "/")
    page.evaluate("document.querySelector('main').appendChild(document.createElement('img'))")
    assert any(v.startswith("image-alt") for v in _violations(page))
    context.close()


def test_no_page_of_the_page_list_has_an_axe_violation_on_a_390_px_phone(_browser, live_server, demo_world):
    assert _walk(_browser, live_server, {"width": 390, "height": 844}, is_mobile=True, has_touch=True) == {}
