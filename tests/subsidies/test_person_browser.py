"""Browser (Playwright driving /usr/bin/chromium on a 390 px phone screen): a citizen signs up, sees
a skills-upgrade item with its checks, confirms the social-security-card account and applies for a
certificate screening missed; county staff review and approve a job-expansion item."""

from __future__ import annotations

import datetime as dt
import importlib
import io

import pytest
from django.apps import apps as django_apps
from django.core.management import call_command

from persons.models import Certificate
from subsidies import services
from subsidies.models import Application, BankAccount
from tests.conftest import PASSWORD
from tests.factories import UserFactory
from tests.subsidies.test_person_screening import month, pay, world  # noqa: F401 - the fixture
from xingtai_jobs.core import clock

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
WIDTH = 390
SIGNUP_PASSWORD = "qiang-mima-2024"


def shipped_rounds() -> None:
    """The person schemes' rounds as the migrations ship them (transaction=True tests flush them)."""
    for name in ("0004_person_scheme_rounds", "0008_person_rounds_money_path"):
        importlib.import_module(f"subsidies.migrations.{name}").forwards(django_apps, None)


@pytest.fixture
def phone(_browser, live_server):
    context = _browser.new_context(viewport={"width": WIDTH, "height": 844}, is_mobile=True, has_touch=True, locale="zh-CN")
    page = context.new_page()
    page.base = live_server.url
    yield page
    context.close()


def no_sideways_scroll(page) -> None:
    assert page.evaluate("document.documentElement.scrollWidth") <= WIDTH + 1


def test_citizen_signs_up_sees_the_item_confirms_the_card_and_applies(phone, world, monkeypatch):  # noqa: F811
    shipped_rounds()
    monkeypatch.setattr(clock, "today", lambda: dt.date(2025, 3, 10))
    worker = world["old_grad"]
    pay(worker, world["ent2"], *[month(2023, m) for m in range(1, 11)])
    Certificate.objects.create(certificate_no="C-WELD", person=worker, kind="skill_level", occupation_code="6-18-02-04",
                               occupation_name="焊工", level=4, issued_on=dt.date(2024, 9, 20))
    call_command("screen_subsidy", "skill_upgrade", "--year", "2024", "--as-of", "2025-03-01", stdout=io.StringIO())
    item = Application.objects.get()
    Certificate.objects.create(certificate_no="C-ELEC", person=worker, kind="skill_level", occupation_code="6-31-01-03",
                               occupation_name="电工", level=5, issued_on=dt.date(2024, 10, 2))  # after the screening

    page = phone
    page.goto(page.base + "/me/signup/")
    page.fill("#id_resident_id", worker.resident_id)
    page.fill("#id_name", worker.name)
    page.fill("#id_phone", "13912340001")
    page.fill("#id_password1", SIGNUP_PASSWORD)
    page.fill("#id_password2", SIGNUP_PASSWORD)
    page.click("main form button[type=submit]")
    page.wait_for_url("**/me/")
    text = page.content()
    assert "已关联" in text and "技能提升补贴" in text and "焊工" in text and worker.resident_id not in text
    no_sideways_scroll(page)

    page.click(f"a[href='/me/subsidies/{item.pk}/']")
    page.wait_for_load_state("networkidle")
    assert "邢人社办〔2024〕84号 第二条（三）" in page.content() and "1500.00" in page.content()
    no_sideways_scroll(page)

    page.goto(page.base + "/me/")
    page.get_by_role("link", name="确认账户").click()
    page.wait_for_load_state("networkidle")
    page.fill("#id_bank_name", "中国建设银行邢台分行")
    page.fill("#id_account_number", "6217 0000 1234 5678 901")
    no_sideways_scroll(page)
    page.click("#confirm-card")
    page.wait_for_url("**/me/")
    assert page.locator("#masked-card").inner_text().endswith("8901") and "6217000012345678901" not in page.content()
    assert BankAccount.objects.get(person=worker).account_number == "6217000012345678901"

    # the certificate screening missed is offered; applying needs no JavaScript, one button
    card = page.locator("li.card", has_text="电工")
    card.get_by_role("button", name="申请").click()
    page.wait_for_load_state("networkidle")
    applied = Application.objects.get(basis_key="certificate:C-ELEC")
    assert page.url.endswith(f"/me/subsidies/{applied.pk}/")
    assert page.locator("#item-state").inner_text() == "已申请" and "1000.00" in page.content()
    assert (applied.origin, applied.facts["claimed_on"]) == ("application", "2025-03-10")
    no_sideways_scroll(page)


def login(page, username: str) -> None:
    page.goto(page.base + "/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.press("#id_password", "Enter")
    page.wait_for_load_state("networkidle")


def test_county_staff_review_a_job_expansion_item_on_a_phone(phone, world, county_officer):  # noqa: F811
    shipped_rounds()
    call_command("screen_subsidy", "job_expansion", "--year", "2024", "--as-of", "2024-10", stdout=io.StringIO())
    ent = world["ent"]
    ent_user = UserFactory(username="ent-browser", role="enterprise_user", enterprise=ent)
    services.bank_account_confirm(enterprise=ent, actor=ent_user, account_name=ent.name, bank_name="工行",
                                  account_number="6222020400001234567")
    item = Application.objects.get(subject=world["youth"])

    page = phone
    login(page, county_officer.username)
    page.goto(page.base + f"/staff/subsidies/items/{item.pk}/")
    text = page.content()
    assert "招用人员" in text and "青*" in text and world["youth"].resident_id not in text
    assert "邢人社办〔2024〕84号 第二条（四）" in text and "登记失业的16-24岁青年" in text
    page.locator("button[name=action][value=review]").click()
    page.wait_for_load_state("networkidle")
    assert page.locator("#item-state").inner_text() == "审核中"
    page.locator("button[name=action][value=approve]").click()
    page.wait_for_load_state("networkidle")
    assert page.locator("#item-state").inner_text() == "已核准"
    assert Application.objects.get(pk=item.pk).state == Application.State.APPROVED
    no_sideways_scroll(page)
