"""Browser: a city officer changes a policy figure on a phone; a bad value is refused in Chinese."""

from __future__ import annotations

import pytest

from tests.conftest import PASSWORD
from xingtai_jobs.core import policy

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def login(page, username: str) -> None:
    page.goto(page.base + "/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.press("#id_password", "Enter")
    page.wait_for_load_state("networkidle")


def test_city_officer_edits_a_figure_on_a_phone(phone_page, city_officer):
    page = phone_page
    login(page, city_officer.username)
    page.goto(page.base + "/staff/policy/")
    assert "暂定：等待市人社局确认" in page.content()
    assert page.evaluate("document.documentElement.scrollWidth") <= 360 + 1  # wide tables scroll inside their box
    page.locator("tr#wage_arrears\\.session_weeks_ahead").get_by_role("link", name="修改").click()
    page.get_by_label("数值").fill("一百")
    page.get_by_role("button", name="保存").click()
    page.wait_for_load_state("networkidle")
    assert "请输入1至26之间的整数" in page.content()
    assert page.evaluate("document.documentElement.scrollWidth") <= 360 + 1  # no sideways scrolling on a phone
    page.get_by_label("数值").fill("6")
    page.get_by_label("依据已经市人社局确认").check()
    page.get_by_role("button", name="保存").click()
    page.wait_for_load_state("networkidle")
    assert page.url.endswith("/staff/policy/#wage_arrears.session_weeks_ahead")
    assert policy.value("wage_arrears.session_weeks_ahead") == 6
