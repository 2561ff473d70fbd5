"""Browser: an enterprise confirms its bank account on a phone; a county officer approves and publishes."""

from __future__ import annotations

import pytest

from subsidies import services
from subsidies.models import Application
from tests.conftest import PASSWORD
from tests.subsidies.factories import eligible_enterprise, open_round

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def login(page, username: str) -> None:
    """Like tests.conftest.browser_login, but submits the login form itself (on a phone-sized page the
    shared helper's first ``button[type=submit]`` is the header's language switch)."""
    page.goto(page.base + "/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.press("#id_password", "Enter")
    page.wait_for_load_state("networkidle")


def test_enterprise_confirms_bank_account_and_staff_approve_and_publish(phone_page, browser_page, enterprise, enterprise_user, county_officer):
    round_ = open_round()
    eligible_enterprise(enterprise=enterprise)
    services.screening_run(round_=round_)
    app = Application.objects.get()

    page = phone_page
    login(page, enterprise_user.username)
    page.goto(page.base + "/enterprise/subsidies/")
    assert "7200.00" in page.content()
    page.get_by_role("link", name="确认银行账户").click()
    page.get_by_label("开户银行及网点").fill("中国工商银行邢台分行")
    page.get_by_label("账号").fill("6222 0204 0000 1234 567")
    page.get_by_role("button", name="确认").click()
    page.wait_for_load_state("networkidle")
    assert page.locator("#masked-account").inner_text() == "**** **** 4567"
    assert "6222020400001234567" not in page.content()
    assert page.evaluate("document.documentElement.scrollWidth") <= 360 + 1  # no sideways scrolling on a phone

    page = browser_page
    login(page, county_officer.username)
    page.goto(page.base + f"/staff/subsidies/items/{app.pk}/")
    page.locator("button[name=action][value=review]").click()
    page.wait_for_load_state("networkidle")
    page.locator("button[name=action][value=approve]").click()
    page.wait_for_load_state("networkidle")
    assert page.locator("#item-state").inner_text() == "已核准"
    page.goto(page.base + f"/staff/subsidies/rounds/{round_.pk}/")
    page.locator("#publish").click()
    page.wait_for_load_state("networkidle")
    assert "/notices/" in page.url
    masked = enterprise.uscc[:8] + "********" + enterprise.uscc[-2:]
    assert masked in page.content() and enterprise.uscc not in page.content()
    assert Application.objects.get().state == Application.State.NOTICED
