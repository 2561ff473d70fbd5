import pytest

from tests.conftest import browser_login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_phone_visitor_switches_the_site_to_english_with_the_keyboard(phone_page):
    page = phone_page
    page.goto(page.base + "/")
    assert page.locator("html").get_attribute("lang") == "zh-Hans"
    assert page.get_by_role("heading", level=1).inner_text() == "就业服务平台"
    # No horizontal scrolling on a 360 px screen.
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    page.focus("#lang-select")
    page.select_option("#lang-select", "en")
    page.keyboard.press("Tab")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.locator("html").get_attribute("lang") == "en"
    assert "Employment Services Portal" in page.get_by_role("heading", level=1).inner_text()


def test_staff_member_logs_in_and_reaches_the_back_office(browser_page, city_officer):
    page = browser_page
    browser_login(page, "city")
    assert page.locator("text=退出").first.is_visible()  # the public layout now offers log out
    page.goto(page.base + "/admin/")
    assert page.url.endswith("/admin/")  # not redirected to the login page
    assert "邢台市人社局" in page.locator("#site-name").inner_text()
    assert "市局" in page.locator("#user-tools").inner_text()
