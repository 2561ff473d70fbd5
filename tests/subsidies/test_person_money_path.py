"""The money path for person-scheme items on the same pages and services as 稳岗返还: county staff
review with the check-by-check explanation, public notice (job expansion: enterprise, masked USCC,
number of hires, amount; skills upgrade: masked name, occupation, level, amount), objections, payout
batch, bank file, reconciliation, letters; citizens see their own items on /me/ and confirm their
social-security-card account."""

import datetime as dt
import io

import pytest
from django.core.management import call_command
from django.urls import reverse

from persons.models import Certificate, CitizenAccount
from subsidies import services
from subsidies.models import Application, BankAccount, PayoutItem, SchemeRound
from tests.factories import UserFactory
from tests.subsidies.test_person_screening import month, pay, world  # noqa: F401 - the fixture

pytestmark = pytest.mark.django_db
S = Application.State
LATER = dt.date(2027, 3, 1)


def screen(*args):
    call_command("screen_subsidy", *args, stdout=io.StringIO())


def _through_notice(round_, staff, city, day=LATER):
    notice = services.notice_publish(round_=round_, actor=staff)
    services.notices_close_due(on_date=notice.closes_on + dt.timedelta(days=1))
    batch = services.payout_batch_create(round_=round_, actor=city)
    services.payout_batch_fill(batch_id=batch.pk, actor=city)
    return notice, batch


@pytest.fixture
def job_items(world, county_officer):  # noqa: F811
    screen("job_expansion", "--year", "2024", "--as-of", "2024-10")
    for ent in (world["ent"], world["ent2"]):
        user = UserFactory(username=f"ent-{ent.pk}", role="enterprise_user", enterprise=ent)
        services.bank_account_confirm(enterprise=ent, actor=user, account_name=ent.name, bank_name="工行",
                                      account_number=f"62220204{ent.pk:011d}")
    return list(Application.objects.filter(round__scheme__code="job_expansion").order_by("pk"))


def test_county_staff_review_and_pay_job_expansion_items(world, job_items, county_officer, city_officer, login,  # noqa: F811
                                                          other_county_officer, client):
    round_ = job_items[0].round
    assert {a.region_id for a in job_items} == {county_officer.region_id}
    page = login(other_county_officer).get(reverse("subsidies:staff_item", args=[job_items[0].pk]))
    assert page.status_code == 404  # another county: not visible
    staff = login(county_officer)
    page = staff.get(reverse("subsidies:staff_item", args=[job_items[0].pk])).content.decode()
    assert "邢人社办〔2024〕84号 第二条（四）" in page and "本单位为其足额缴纳" in page  # check by check, clause cited
    assert world["grad"].resident_id not in page and world["youth"].resident_id not in page
    for a in job_items:
        staff.post(reverse("subsidies:staff_item_action", args=[a.pk]), {"action": "review"})
        staff.post(reverse("subsidies:staff_item_action", args=[a.pk]), {"action": "approve"})
    assert set(Application.objects.filter(pk__in=[a.pk for a in job_items]).values_list("state", flat=True)) == {S.APPROVED}
    notice = services.notice_publish(round_=round_, actor=county_officer)
    text = client.get(reverse("subsidies:notice_detail", args=[notice.pk])).content.decode()
    for p in ("grad", "youth"):
        assert world[p].resident_id not in text and world[p].name[0] + "*" not in text  # no hire's name, not even masked
    assert world["ent"].uscc not in text and world["ent"].uscc[:8] in text and "3000.00" not in text
    # objection on an enterprise's row holds its items; dismissed, they go back to the notice
    objection = services.objection_file(notice=notice, app_id=job_items[0].pk, name="群众", phone="13800001111",
                                        text="该单位招用人员情况与公示不符，请核查。", on_date=notice.published_on)
    assert Application.objects.get(pk=job_items[0].pk).state == S.HELD
    services.objection_resolve(objection=objection, actor=county_officer, upheld=False, resolution="经核查属实，无误。")
    assert Application.objects.get(pk=job_items[0].pk).state == S.NOTICED
    services.notices_close_due(on_date=notice.closes_on + dt.timedelta(days=1))
    batch = services.payout_batch_create(round_=round_, actor=city_officer)
    services.payout_batch_fill(batch_id=batch.pk, actor=city_officer)
    lines = {line.subject_id: line for line in PayoutItem.objects.filter(batch=batch)}
    assert set(lines) == {world["grad"].pk, world["youth"].pk}
    line = lines[world["youth"].pk]
    assert (line.beneficiary_key, line.subject_key, line.period, line.payee_name) == (
        f"E{world['ent'].pk}", f"P{world['youth'].pk}", 2024, world["ent"].name)
    services.payout_batch_lock(batch=batch, actor=city_officer)
    rows = list(services.payout_batch_export_rows(batch=batch, actor=city_officer))
    assert len(rows) == 2
    services.payout_items_reconcile(batch=batch, rows=[{"reference": r[4], "paid": True} for r in rows], actor=city_officer)
    assert set(Application.objects.filter(pk__in=[a.pk for a in job_items]).values_list("state", flat=True)) == {S.PAID}
    letter = staff.get(reverse("subsidies:staff_letter", args=[job_items[0].pk]))
    assert letter.status_code == 200 and letter["Content-Type"] == "application/pdf"


@pytest.fixture
def skill_item(world, region_a):  # noqa: F811
    worker = world["old_grad"]
    pay(worker, world["ent2"], *[month(2023, m) for m in range(1, 11)])
    Certificate.objects.create(certificate_no="C-A", person=worker, kind="skill_level", occupation_code="X",
                               occupation_name="焊工", level=4, issued_on=dt.date(2024, 9, 20))
    screen("skill_upgrade", "--year", "2024", "--as-of", "2025-03-01")
    return Application.objects.get(round__scheme__code="skill_upgrade")


@pytest.fixture
def citizen(world):  # noqa: F811
    person = world["old_grad"]
    user = UserFactory(username="citizen-w", role="citizen")
    CitizenAccount.objects.create(user=user, resident_id=person.resident_id, name=person.name, phone="13900002222", person=person)
    return user


def test_citizen_sees_item_confirms_card_and_is_paid(world, skill_item, citizen, county_officer, city_officer, login, client):  # noqa: F811
    me = login(citizen)
    page = me.get(reverse("persons-me")).content.decode()
    assert "技能提升补贴" in page and "焊工" in page
    detail = me.get(reverse("persons-me-item", args=[skill_item.pk])).content.decode()
    assert "邢人社办〔2024〕84号 第二条（三）" in detail
    services.application_review_start(app=skill_item, actor=county_officer)
    with pytest.raises(services.DomainError):  # no card account yet
        services.application_approve(app=skill_item, actor=county_officer)
    bad = me.post(reverse("persons-me-card-account"), {"bank_name": "建行", "account_number": "12ab"})
    assert bad.status_code == 400 and not BankAccount.objects.exists()
    me.post(reverse("persons-me-card-account"), {"bank_name": "中国建设银行邢台分行", "account_number": "6217000012345678901"})
    card = BankAccount.objects.get(person=world["old_grad"])
    page = me.get(reverse("persons-me")).content.decode()
    assert "6217000012345678901" not in page and "8901" in page
    services.application_approve(app=skill_item, actor=county_officer)
    notice, batch = _through_notice(skill_item.round, county_officer, city_officer)
    text = client.get(reverse("subsidies:notice_detail", args=[notice.pk])).content.decode()
    assert world["old_grad"].name not in text and world["old_grad"].resident_id not in text
    assert world["old_grad"].name[0] + "*" in text and "焊工" in text and "四级" in text and "1500.00" in text
    line = PayoutItem.objects.get(batch=batch)
    assert (line.person_id, line.enterprise_id, line.beneficiary_key, line.subject_key, line.account_number) == (
        world["old_grad"].pk, None, f"P{world['old_grad'].pk}", "CC-A", card.account_number)
    letter = me.get(reverse("persons-me-letter", args=[skill_item.pk]))
    assert letter.status_code == 200 and letter["Content-Type"] == "application/pdf"


def test_other_citizens_and_counties_see_nothing(world, skill_item, citizen, other_county_officer, enterprise_user, login):  # noqa: F811
    other = UserFactory(username="citizen-other", role="citizen")
    assert login(other).get(reverse("persons-me-item", args=[skill_item.pk])).status_code == 404
    assert login(other).get(reverse("persons-me-letter", args=[skill_item.pk])).status_code == 404
    assert login(other).get(reverse("persons-me-card-account")).status_code == 404  # not linked to a person
    assert login(other_county_officer).get(reverse("subsidies:staff_item", args=[skill_item.pk])).status_code == 404
    with pytest.raises(services.DomainError):
        services.application_review_start(app=skill_item, actor=other_county_officer)
    assert login(citizen).get(reverse("persons-me-letter", args=[skill_item.pk])).status_code == 404  # no decision yet


def test_rounds_of_person_schemes_carry_the_money_path_figures():
    for r in SchemeRound.objects.filter(scheme__code__in=["job_expansion", "skill_upgrade"]):
        assert {"notice_working_days", "max_payment_attempts", "batch_max_items"} <= set(r.parameters)
        assert "max_payment_attempts" in r.provisional


def test_the_items_api_answers_a_person_paid_item_with_the_masked_name_only(world, skill_item, county_officer, login):  # noqa: F811
    """A 技能提升补贴 item has no enterprise: the API listed it by reading one and failed (500)."""
    response = login(county_officer).get("/api/v1/subsidies/items/")
    assert response.status_code == 200
    row = next(r for r in response.json()["results"] if r["id"] == skill_item.pk)
    assert row["enterprise_name"] == "" and row["uscc"] == ""
    assert row["beneficiary_name"] == skill_item.beneficiary_name and skill_item.person.name not in response.content.decode()
