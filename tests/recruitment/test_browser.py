"""Browser flows: a seeker on a phone finds an event, registers and sees the ticket QR; an
employer records an intention by opening the ticket URL."""

import subprocess

import pytest

from recruitment import services
from recruitment.models import Intention, Registration
from tests.conftest import PASSWORD
from tests.recruitment.factories import EventFactory, participate

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_seeker_on_a_phone_finds_an_event_registers_and_sees_the_ticket_qr(phone_page, tmp_path):
    event = EventFactory(title="相遇太行泉城·春季大型招聘会", capacity=50)
    page = phone_page
    page.goto(page.base + "/events/")
    page.get_by_role("link", name=event.title).click()
    page.get_by_label("姓名").fill("王小明")
    page.get_by_label("手机号").fill("13903190001")
    page.get_by_label("学历").select_option("bachelor")
    page.get_by_label("求职意向（工种）").fill("电工")
    page.get_by_role("button", name="报名并领取入场券").click()
    page.wait_for_url("**/events/t/**")
    registration = Registration.objects.get(phone="13903190001")
    assert page.locator("#short-code").inner_text().strip() == registration.code
    qr = page.locator(".qr svg")
    assert qr.is_visible()
    box = qr.bounding_box()
    assert box["width"] <= 360  # fits the phone screen
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    shot = tmp_path / "qr.png"
    qr.screenshot(path=str(shot))
    decoded = subprocess.run(["zbarimg", "-q", "--raw", str(shot)], capture_output=True, text=True, check=True).stdout.strip()
    assert decoded.endswith(f"/events/t/{registration.token}/")


def test_an_employer_records_an_intention_by_opening_the_ticket_url(browser_page, enterprise, enterprise_user):
    event = EventFactory(capacity=10)
    posting = participate(event, enterprise)[0]
    registration = services.registration_create(event_id=event.pk, name="李静", phone="13903190002", education="college",
                                                wanted_occupation="车工")
    page = browser_page
    # tests.conftest.browser_login clicks the first submit button, which is the header's language switch
    page.goto(page.base + "/accounts/login/")
    page.fill("#id_username", enterprise_user.username)
    page.fill("#id_password", PASSWORD)
    page.click("main button[type=submit]")
    page.wait_for_url(lambda url: "/accounts/login/" not in url)
    page.goto(page.base + f"/events/t/{registration.token}/")
    assert page.locator("#seeker-name").inner_text() == "李静"
    assert page.locator("#seeker-phone").inner_text() == "139****0002"
    page.get_by_label("岗位").select_option(str(posting.pk))
    page.get_by_label("备注（选填）").fill("约定下周面试")
    page.get_by_role("button", name="登记意向").click()
    page.wait_for_selector("#recorded")
    assert page.locator("#seeker-phone").inner_text() == "13903190002"
    intention = Intention.objects.get()
    assert (intention.posting_id, intention.registration_id, intention.note) == (posting.pk, registration.pk, "约定下周面试")
