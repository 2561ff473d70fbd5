"""Issue 15 at 390 px in Chromium: a lost ticket found again, a job application seen by the
employer, and the entrance checking a ticket in by its short code with the keyboard alone."""

from __future__ import annotations

import datetime as dt

import pytest

from tests.conftest import browser_login


@pytest.fixture
def new_page390(_browser, live_server):
    contexts = []

    def make():
        context = _browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True, locale="zh-CN")
        contexts.append(context)
        page = context.new_page()
        page.base = live_server.url
        return page

    yield make
    for context in contexts:
        context.close()


def _register(event, **over):
    from recruitment import services

    data = {"name": "张三", "phone": "13912345678", "education": "bachelor", "wanted_occupation": "车工", **over}
    return services.registration_create(event_id=event.pk, **data)


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_a_lost_ticket_is_found_again_on_a_phone(new_page390):
    from tests.factories import make_resident_id
    from tests.recruitment.factories import EventFactory

    event = EventFactory(title="秋季大型招聘会")
    rid = make_resident_id(dt.date(1998, 5, 6), "130502", 12)
    ticket = _register(event, resident_id=rid)
    page = new_page390()
    page.goto(page.base + f"/events/{event.pk}/")
    page.click("text=找回")
    page.fill("#id_phone", "13912345678")
    page.fill("#id_proof", rid[-4:])
    page.locator("form button[type=submit].btn").last.click()
    page.wait_for_selector("#short-code")
    assert page.inner_text("#short-code").strip() == ticket.code
    assert page.evaluate("document.documentElement.scrollWidth") <= 390


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_a_job_application_is_seen_by_the_employer(new_page390, enterprise, enterprise_user):
    from tests.recruitment.factories import PostingFactory

    posting = PostingFactory(enterprise=enterprise, title="数控车工")
    seeker = new_page390()
    seeker.goto(seeker.base + f"/jobs/{posting.pk}/")
    seeker.fill("#id_name", "李四")
    seeker.fill("#id_phone", "13912345678")
    seeker.select_option("#id_education", "bachelor")
    seeker.check("#id_consent")
    seeker.locator("form[action$='/apply/'] button[type=submit]").click()
    seeker.wait_for_selector(".messages")
    assert "已转给" in seeker.inner_text(".messages")
    assert seeker.evaluate("document.documentElement.scrollWidth") <= 390
    employer = new_page390()
    browser_login(employer, enterprise_user.username)
    employer.goto(employer.base + "/enterprise/recruitment/")
    table = employer.inner_text("#applications-h + p + div")
    assert "李四" in table and "数控车工" in table and "139****5678" in table
    employer.click("text=查看号码")
    assert "13912345678" in employer.inner_text("main")


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_the_entrance_checks_in_by_short_code_with_the_keyboard_alone(new_page390, city_officer):
    from recruitment.models import Registration
    from tests.recruitment.factories import EventFactory

    event = EventFactory(title="春季招聘会")
    ticket = _register(event)
    page = new_page390()
    browser_login(page, city_officer.username)
    page.goto(page.base + f"/staff/recruitment/events/{event.pk}/checkin/")
    for _ in range(60):  # Tab to the "check people in here" button
        if page.evaluate("document.activeElement && document.activeElement.matches('main form button.btn')"):
            break
        page.keyboard.press("Tab")
    page.keyboard.press("Enter")
    page.wait_for_selector("#id_code")
    assert page.evaluate("document.activeElement.id") == "id_code"  # the cursor is already in the code field
    page.keyboard.type(ticket.code.lower())
    page.keyboard.press("Enter")
    page.wait_for_selector(".messages")
    assert ticket.code in page.inner_text(".messages")
    assert page.evaluate("document.activeElement.id") == "id_code"  # ready for the next ticket
    assert Registration.objects.get(pk=ticket.pk).checked_in_at is not None
