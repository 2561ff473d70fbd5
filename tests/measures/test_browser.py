"""Browser: the register on a phone (charts drawn by the shipped ECharts, nothing off-screen, no
CSP violation), measure 12 with its county table, and a county officer's report approved by the city."""

import datetime as dt
from decimal import Decimal

import pytest

from measures.models import Report
from recruitment.models import InternshipPost
from tests.conftest import browser_login
from tests.factories import EnterpriseFactory
from tests.measures.helpers import at

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_register_on_a_phone_and_measure_12_with_its_county_table(phone_page, region_a):
    InternshipPost.objects.create(host=EnterpriseFactory(region=region_a), title="见习", positions=120, duration_months=6,
                                  stipend=Decimal("1900"), region=region_a, status=InternshipPost.Status.APPROVED,
                                  approved_at=at(2024, 4, 2))
    page = phone_page
    problems = []
    page.on("console", lambda msg: problems.append(msg.text) if msg.type == "error" and "404" not in msg.text else None)
    page.on("response", lambda r: problems.append(r.url) if r.status >= 400 and not r.url.endswith("favicon.ico") else None)
    page.goto(page.base + "/measures/?year=2024&as_of=2024-09-30")
    assert page.locator("section.measure").count() == 23
    page.wait_for_function("document.querySelectorAll('.trend-chart-on svg').length >= 39")
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    assert page.locator("#ind-internship_posts").get_by_text("120").is_visible()
    page.get_by_role("link", name="12. 实施就业见习岗位募集计划").click()
    page.wait_for_url("**/measures/12/**")
    table = page.locator("#counties-internship_posts")
    assert table.locator("tr", has_text="襄都区").locator("td").first.inner_text().strip() == "120"
    assert table.locator("tbody tr").count() == 20
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    assert not problems, problems  # no CSP violation, no script error


def test_a_county_officer_submits_a_report_that_city_staff_approve(browser_page, county_officer, city_officer, tmp_path):
    page = browser_page
    browser_login(page, county_officer.username)
    page.goto(page.base + "/staff/measures/reports/")
    page.select_option("#id_indicator", label="16·失业人员再就业")
    page.fill("#id_period_start", "2024-07-01")
    page.fill("#id_period_end", "2024-09-30")
    page.fill("#id_value", "321")
    page.fill("#id_evidence_link", "https://example.org/ledger.xlsx")
    page.click("#report-form button[type=submit]")
    page.wait_for_url("**/staff/measures/reports/*/")
    report = Report.objects.get()
    assert report.region_id == county_officer.region_id and report.status == Report.Status.SUBMITTED
    page.context.clear_cookies()
    browser_login(page, city_officer.username)
    page.goto(page.base + "/staff/measures/")
    page.locator(f"a[href='/staff/measures/reports/{report.pk}/']").click()
    page.wait_for_url(f"**/staff/measures/reports/{report.pk}/")
    page.get_by_role("button", name="核准").click()  # the kernel catalogue translates "Approve"
    page.wait_for_load_state("networkidle")
    assert page.locator("#report-status").inner_text().strip() == "已批准"
    report.refresh_from_db()
    assert report.status == Report.Status.APPROVED and report.decided_by_id == city_officer.pk
    page.goto(page.base + f"/measures/16/?year=2024&as_of={dt.date(2024, 9, 30)}")
    assert page.locator("#counties-reemployed_unemployed tr", has_text="襄都区").locator("td").first.inner_text().strip() == "321"
