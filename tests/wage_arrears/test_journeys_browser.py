"""Issue 15 at 390 px in Chromium: a complaint with a validation error keeps its photo; the done
page's "查询进度" fills in the code; the whole form can be completed with the keyboard alone."""

from __future__ import annotations

import pytest

from tests.wage_arrears.conftest import png_bytes


@pytest.fixture
def page390(_browser, live_server):
    context = _browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True, locale="zh-CN")
    page = context.new_page()
    page.base = live_server.url
    yield page
    context.close()


def _fill_all_but_amount(page):
    page.fill("#id_complainant_name", "李建国")
    page.fill("#id_complainant_phone", "13812345678")
    page.fill("#id_workers_affected", "3")
    page.fill("#id_employer_name", "邢台宏达建筑工程有限公司")
    page.fill("#id_project_name", "襄都花园三期")
    page.fill("#id_address", "襄都区中华大街100号")
    page.fill("#id_description", "三个月工资未发")
    page.select_option("#id_sector", "construction")
    page.fill("#id_period_start", "2024-05")
    page.fill("#id_period_end", "2024-07")


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_a_validation_error_keeps_the_photo_and_the_status_button_fills_in_the_code(page390, tmp_path):
    from wage_arrears.models import Complaint

    page = page390
    photo = tmp_path / "工资条.png"
    photo.write_bytes(png_bytes(64, 64))
    page.goto(page.base + "/complaints/new/?region=130502")
    _fill_all_but_amount(page)
    page.fill("#id_amount_owed", "一万八")  # not a number
    page.set_input_files("#id_evidence", str(photo))
    page.locator("form button[type=submit].btn").last.click()
    page.wait_for_selector("#id_amount_owed_errors")
    kept = page.inner_text("#kept-evidence")
    assert "工资条.png" in kept and "无需重新上传" in kept
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    page.fill("#id_amount_owed", "18600")
    page.locator("form button[type=submit].btn").last.click()
    page.wait_for_selector("#tracking-code")
    code = page.inner_text("#tracking-code").strip()
    page.click("text=查询进度")
    page.wait_for_selector("#id_code")
    assert page.input_value("#id_code") == code
    assert page.evaluate("document.activeElement.id") == "id_phone_last4"
    page.keyboard.type("5678")
    page.keyboard.press("Enter")
    page.wait_for_selector("#status-result")
    assert code in page.inner_text("#status-result")
    complaint = Complaint.objects.get(tracking_code=code)
    assert [e.original_name for e in complaint.evidence.all()] == ["工资条.png"]


def tab_to(page, element_id: str, limit: int = 80) -> None:
    """Press Tab until ``element_id`` has the focus (fails if the tab order never reaches it)."""
    for _ in range(limit):
        if page.evaluate("document.activeElement && document.activeElement.id") == element_id:
            return
        page.keyboard.press("Tab")
    raise AssertionError(f"#{element_id} is not reachable with Tab")


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_the_complaint_form_is_completed_with_the_keyboard_alone(page390):
    from wage_arrears.models import Complaint

    page = page390
    page.goto(page.base + "/complaints/new/?region=130502")
    steps = [("id_complainant_name", "王师傅"), ("id_complainant_phone", "13812345678"),
             ("id_employer_name", "邢台宏达建筑工程有限公司"), ("id_project_name", "襄都花园三期"),
             ("id_address", "襄都区中华大街100号"), ("id_period_start", ("05", "2024")), ("id_period_end", ("07", "2024")),
             ("id_amount_owed", "18600"), ("id_description", "三个月工资未发")]
    for element_id, text in steps:  # in the page's order: Tab only moves forward
        tab_to(page, element_id)
        if isinstance(text, tuple):  # Chromium's month field (zh-CN): the month segment, Tab, the year segment
            page.keyboard.type(text[0])
            page.keyboard.press("Tab")
            page.keyboard.type(text[1])
        else:
            page.keyboard.type(text)
    assert page.input_value("#id_period_start") == "2024-05" and page.input_value("#id_period_end") == "2024-07"
    submit = "main form button[type=submit].btn"
    for _ in range(20):
        page.keyboard.press("Tab")
        if page.evaluate(f"document.activeElement === document.querySelector('{submit}')"):
            break
    page.keyboard.press("Enter")
    page.wait_for_load_state("load")
    assert not page.locator(".errorlist").count(), page.locator(".errorlist").all_inner_texts()
    page.wait_for_selector("#tracking-code")
    assert Complaint.objects.get().complainant_name == "王师傅"
