"""A worker on a 360 x 740 phone: scan the QR (open its URL), fill the form, attach a photo, submit,
get the code and look the status up."""

from __future__ import annotations

import pytest

from tests.wage_arrears.conftest import png_bytes


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_worker_files_a_complaint_on_a_phone(phone_page, tmp_path):
    page = phone_page
    photo = tmp_path / "工资条.png"
    photo.write_bytes(png_bytes(64, 64))
    page.goto(page.base + "/complaints/new/?region=130502")
    assert page.locator("#id_region_code").input_value() == "130502"
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
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
    page.fill("#id_amount_owed", "18600")
    page.set_input_files("#id_evidence", str(photo))
    box = page.locator("button[type=submit].btn").last.bounding_box()
    assert box["height"] >= 44
    page.locator("button[type=submit].btn").last.click()
    page.wait_for_selector("#tracking-code")
    code = page.inner_text("#tracking-code").strip()
    assert code.startswith("QX-")
    page.goto(page.base + "/complaints/track/")
    page.fill("#id_code", code)
    page.fill("#id_phone_last4", "5678")
    page.locator("button[type=submit].btn").last.click()
    page.wait_for_selector("#status-result")
    assert code in page.inner_text("#status-result")
    from wage_arrears.models import Complaint

    complaint = Complaint.objects.get(tracking_code=code)
    assert complaint.evidence.count() == 1 and complaint.region.code == "130502"
