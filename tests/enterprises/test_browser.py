import datetime as dt

import pytest

from enterprises.models import EmploymentReport
from tests.conftest import PASSWORD
from tests.factories import EnterpriseFactory, UserFactory
from xingtai_jobs.core.models import Region, User


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_enterprise_user_logs_in_and_submits_a_monthly_report(phone_page):
    region = Region.objects.get(code="130502")
    enterprise = EnterpriseFactory(name="邢台浏览器测试有限公司", region=region)
    UserFactory(username="ent_browser", role=User.Role.ENTERPRISE_USER, enterprise=enterprise)
    EmploymentReport.objects.create(enterprise=enterprise, month=dt.date(2024, 1, 1), headcount=100, new_hires=0, separations=0,
                                    layoffs=0, vacancies=0)
    page = phone_page
    # tests.conftest.browser_login clicks the first submit button on the page, which is the header's language
    # switch, so it never logs in (reported to the lead); log in through the main form instead.
    page.goto(page.base + "/accounts/login/?next=/enterprise/")
    page.fill("#id_username", "ent_browser")
    page.fill("#id_password", PASSWORD)
    page.click("main form button[type=submit]")
    page.wait_for_load_state("networkidle")
    page.goto(page.base + "/enterprise/")
    assert "邢台浏览器测试有限公司" in page.content()
    page.goto(page.base + "/enterprise/reports/submit/?month=2024-02")
    page.fill("#id_headcount", "110")
    page.fill("#id_new_hires", "12")
    page.fill("#id_separations", "4")
    page.fill("#id_layoffs", "1")
    page.fill("#id_vacancies", "6")
    page.click("main form button[type=submit]")
    page.wait_for_load_state("networkidle")
    # 100 + 12 - 4 = 108, not 110: the warning is shown and the enterprise explains
    assert page.locator("#consistency-warning").is_visible(), page.locator("main").inner_text()
    page.fill("#id_explanation", "2 人由分公司调入")
    page.click("main form button[type=submit]")
    page.wait_for_load_state("networkidle")
    assert page.url.rstrip("/").endswith("/enterprise")
    report = EmploymentReport.objects.get(enterprise=enterprise, month=dt.date(2024, 2, 1))
    assert (report.headcount, report.consistency, report.explanation) == (110, "inconsistent", "2 人由分公司调入")
    assert "2024-02" in page.content()
