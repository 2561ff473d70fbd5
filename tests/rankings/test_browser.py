"""A person opens the public ranking page and downloads the PDF (Playwright + Debian's Chromium)."""

from __future__ import annotations

import subprocess

import pytest

from rankings import services
from tests.rankings.factories import three_enterprises

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def published(region_b):
    three_enterprises(2023, region_b)
    return services.ranking_publish(ranking=services.ranking_compute(year=2023), force=True, reason="浏览器测试")


def test_public_ranking_page_and_pdf_download(browser_page, published, tmp_path):
    page = browser_page
    page.goto(page.base + "/rankings/")
    page.click("text=2023")
    page.wait_for_url("**/rankings/2023/")
    assert page.locator("h1").inner_text().startswith("2023")
    first_row = page.locator("table.data").first.locator("tbody tr").first
    assert "甲公司" in first_row.inner_text()
    with page.expect_download() as info:
        page.click("#pdf-link")
    target = tmp_path / "ranking.pdf"
    info.value.save_as(target)
    text = subprocess.run(["pdftotext", str(target), "-"], capture_output=True, text=True, check=True).stdout
    assert "最具就业带动力" in text and "甲公司" in text


def test_public_ranking_page_on_a_phone_filters_by_region_without_javascript(phone_page, published):
    page = phone_page
    page.goto(page.base + "/rankings/2023/")
    page.select_option("#region", "130503")
    page.click("form.filters button[type=submit]")
    page.wait_for_url("**region=130503**")
    assert "乙公司" in page.locator("#by-region ~ .table-scroll").inner_text()
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 362  # nothing wider than the 360 px screen (tables scroll inside their box)
