"""The generalised item model (ADR 0019): a scheme's beneficiary is an enterprise or a person; an item
is unique per (round, beneficiary, basis object); a live payout line is unique per (scheme,
beneficiary, subject, period) by database constraint; persons are paid to their
social-security-card account, confirmed by themselves or recorded by staff."""

import datetime as dt
from decimal import Decimal

import pytest
from django.db import IntegrityError, transaction

from persons.models import CitizenAccount, Person
from subsidies import selectors, services
from subsidies.models import (
    Application,
    BankAccount,
    PayoutBatch,
    PayoutItem,
    Scheme,
    SchemeRound,
    payout_period,
    subject_key_for,
)
from tests.factories import UserFactory, make_resident_id
from tests.subsidies.factories import eligible_enterprise, open_round
from xingtai_jobs.core.errors import DomainError
from xingtai_jobs.core.models import AuditEvent

pytestmark = pytest.mark.django_db
S = Application.State


@pytest.fixture
def person(region_a):
    return Person.objects.create(resident_id=make_resident_id(dt.date(1999, 3, 1), "130522", 41), name="张三", region=region_a)


@pytest.fixture
def other_person(region_b):
    return Person.objects.create(resident_id=make_resident_id(dt.date(1998, 3, 1), "130528", 42), name="李四", region=region_b)


def skill_round() -> SchemeRound:
    return SchemeRound.objects.select_related("scheme").get(scheme__code="skill_upgrade", assessment_year=2024)


def job_round() -> SchemeRound:
    return SchemeRound.objects.select_related("scheme").get(scheme__code="job_expansion", assessment_year=2024)


def item(round_, **kw) -> Application:
    kw.setdefault("region", (kw.get("enterprise") or kw.get("person")).region)
    return Application.objects.create(round=round_, origin=Application.Origin.SCREENING, state=S.CANDIDATE, **kw)


def test_schemes_declare_their_beneficiary_kind_and_subject():
    kinds = {s.code: (s.beneficiary_kind, s.has_subject) for s in Scheme.objects.all()}
    assert kinds["stable_job_refund"] == ("enterprise", False)
    assert kinds["job_expansion"] == ("enterprise", True)
    assert kinds["skill_upgrade"] == ("person", True)


def test_item_has_exactly_one_beneficiary_and_its_key(enterprise, person):
    r = job_round()
    a = item(r, enterprise=enterprise, subject=person, basis_key="contract:1")
    assert a.beneficiary_key == f"E{enterprise.pk}" and a.beneficiary == enterprise
    b = item(skill_round(), person=person, subject=person, basis_key="certificate:X1")
    assert b.beneficiary_key == f"P{person.pk}" and b.beneficiary == person
    with pytest.raises(ValueError):
        item(r, enterprise=enterprise, person=person, basis_key="contract:2")
    for fields in ({"enterprise_id": enterprise.pk, "person_id": person.pk}, {"enterprise_id": None, "person_id": None}):
        with transaction.atomic(), pytest.raises(IntegrityError):  # the database refuses it too (bulk paths)
            Application.objects.filter(pk=a.pk).update(**fields)
    with transaction.atomic(), pytest.raises(IntegrityError):
        Application.objects.filter(pk=a.pk).update(beneficiary_key="")


def test_item_unique_per_round_beneficiary_and_basis(enterprise, person, other_person):
    r = job_round()
    item(r, enterprise=enterprise, subject=person, basis_key="contract:1")
    item(r, enterprise=enterprise, subject=other_person, basis_key="contract:2")  # another hire: another item
    with transaction.atomic(), pytest.raises(IntegrityError):
        item(r, enterprise=enterprise, subject=person, basis_key="contract:1")
    su = skill_round()
    item(su, person=person, subject=person, basis_key="certificate:A")
    item(su, person=person, subject=person, basis_key="certificate:B")
    with transaction.atomic(), pytest.raises(IntegrityError):
        item(su, person=person, subject=person, basis_key="certificate:A")
    item(su, person=other_person, subject=other_person, basis_key="certificate:C")


def test_stable_job_refund_item_stays_one_per_enterprise_and_round(enterprise):
    r = open_round()
    item(r, enterprise=enterprise)
    with transaction.atomic(), pytest.raises(IntegrityError):
        item(r, enterprise=enterprise)
    assert Application.objects.get(round=r).basis_key == ""


def _line(app, batch, *, attempt=1, status=PayoutItem.Status.PENDING, **over) -> PayoutItem:
    fields = {
        "batch": batch, "application": app, "enterprise_id": app.enterprise_id, "person_id": app.person_id,
        "subject_id": app.subject_id, "beneficiary_key": app.beneficiary_key, "subject_key": app.payout_subject_key,
        "scheme_id": app.round.scheme_id, "period": app.payout_period, "attempt": attempt,
        "reference": f"R-{app.pk}-{attempt}-{over.get('period', '')}", "amount": Decimal("1500.00"), "payee_name": "x",
        "bank_name": "工行", "account_number": "6222020400001234567", "status": status}
    fields.update(over)
    return PayoutItem.objects.create(**fields)


def test_payout_line_once_per_scheme_beneficiary_subject_period(enterprise, person, other_person):
    r = job_round()
    batch = PayoutBatch.objects.create(round=r, reference="B-T1")
    hire1 = item(r, enterprise=enterprise, subject=person, basis_key="contract:1")
    hire2 = item(r, enterprise=enterprise, subject=other_person, basis_key="contract:2")
    again = item(r, enterprise=enterprise, subject=person, basis_key="contract:3")  # a second contract of the same hire
    _line(hire1, batch)
    _line(hire2, batch)  # another subject: another line
    with transaction.atomic(), pytest.raises(IntegrityError):
        _line(again, batch, reference="R-again")  # the same enterprise, hire and period: never twice
    failed = PayoutItem.objects.get(application=hire1)
    failed.status = PayoutItem.Status.FAILED
    failed.save()
    _line(hire1, batch, attempt=2)  # a failed line may be retried as a new attempt
    with transaction.atomic(), pytest.raises(IntegrityError):
        _line(hire1, batch, attempt=2, reference="R-dup-attempt", status=PayoutItem.Status.FAILED)


def test_payout_lines_of_certificates_and_monthly_periods(person):
    su = skill_round()
    batch = PayoutBatch.objects.create(round=su, reference="B-T2")
    a = item(su, person=person, subject=person, basis_key="certificate:A")
    b = item(su, person=person, subject=person, basis_key="certificate:B")
    assert (a.payout_subject_key, a.payout_period) == ("CA", 2024)
    _line(a, batch)
    _line(b, batch)  # up to three certificates a year, each paid once
    with transaction.atomic(), pytest.raises(IntegrityError):
        _line(a, batch, reference="R-a-again")
    assert payout_period("period:2025-03", 2025) == 202503
    assert subject_key_for(subject_id=7, basis_key="period:2025-03") == "P7"
    assert subject_key_for(subject_id=None, basis_key="") == ""


def test_payout_line_has_exactly_one_beneficiary(enterprise, person):
    r = job_round()
    batch = PayoutBatch.objects.create(round=r, reference="B-T3")
    app = item(r, enterprise=enterprise, subject=person, basis_key="contract:1")
    with transaction.atomic(), pytest.raises(IntegrityError):
        _line(app, batch, person_id=person.pk)
    with transaction.atomic(), pytest.raises(IntegrityError):
        _line(app, batch, beneficiary_key="")


# --- social-security-card accounts -----------------------------------------------------------------


@pytest.fixture
def citizen(person):
    user = UserFactory(username="citizen-zs", role="citizen")
    CitizenAccount.objects.create(user=user, resident_id=person.resident_id, name=person.name, phone="13900001111", person=person)
    return user


def test_person_confirms_card_account_masked_and_audited(person, citizen):
    account = services.card_account_confirm(person=person, actor=citizen, bank_name="中国建设银行邢台分行",
                                            account_number="6217 0000 1234 5678 901")
    assert account.person == person and account.enterprise is None and account.account_name == "张三"
    assert "5678901" not in str(account) and str(account).endswith("8901")
    event = AuditEvent.objects.get(action="subsidies.card_account.confirmed")
    assert "62170000123456789" not in str(event.after) and event.after["account_last4"] == "8901"
    second = services.card_account_confirm(person=person, actor=citizen, bank_name="工行", account_number="6222020400001234567")
    assert list(BankAccount.objects.filter(person=person, active=True)) == [second]
    assert selectors.card_account_for(person.pk) == second


def test_card_account_refused_to_others_and_on_bad_input(person, other_person, citizen, county_officer, other_county_officer,
                                                         enterprise_user):
    for actor, who in ((citizen, other_person), (other_county_officer, person), (enterprise_user, person)):
        with pytest.raises(DomainError) as exc:
            services.card_account_confirm(person=who, actor=actor, bank_name="工行", account_number="6222020400001234567")
        assert exc.value.code in ("forbidden", "not_found")
    with pytest.raises(DomainError) as exc:
        services.card_account_confirm(person=person, actor=citizen, bank_name="工行", account_number="12ab")
    assert exc.value.field == "account_number"
    with pytest.raises(DomainError) as exc:
        services.card_account_confirm(person=person, actor=county_officer, bank_name="工行", account_number="6222020400001234567",
                                      account_name="别人")
    assert exc.value.field == "account_name"
    assert not BankAccount.objects.exists()
    services.card_account_confirm(person=person, actor=county_officer, bank_name="工行", account_number="6222020400001234567")
    assert BankAccount.objects.filter(person=person, active=True, confirmed_by=county_officer).count() == 1


def test_account_holder_constraints(enterprise, person):
    now = dt.datetime(2025, 1, 1, tzinfo=dt.UTC)
    BankAccount.objects.create(person=person, account_name="张三", bank_name="工行", account_number="1" * 19, confirmed_at=now)
    with transaction.atomic(), pytest.raises(IntegrityError):  # one active account per person
        BankAccount.objects.create(person=person, account_name="张三", bank_name="工行", account_number="2" * 19, confirmed_at=now)
    with transaction.atomic(), pytest.raises(IntegrityError):  # exactly one holder
        BankAccount.objects.create(person=person, enterprise=enterprise, account_name="x", bank_name="工行",
                                   account_number="3" * 19, confirmed_at=now)
    with transaction.atomic(), pytest.raises(IntegrityError):
        BankAccount.objects.create(account_name="x", bank_name="工行", account_number="3" * 19, confirmed_at=now)


def test_accounts_and_items_visible_by_role(enterprise, other_enterprise, person, other_person, citizen, county_officer,
                                            other_county_officer, enterprise_user):
    services.card_account_confirm(person=person, actor=citizen, bank_name="工行", account_number="6222020400001234567")
    services.card_account_confirm(person=other_person, actor=other_county_officer, bank_name="工行",
                                  account_number="6222020400007654321")
    su = skill_round()
    mine = item(su, person=person, subject=person, basis_key="certificate:A")
    theirs = item(su, person=other_person, subject=other_person, basis_key="certificate:B")
    hire = item(job_round(), enterprise=enterprise, subject=other_person, basis_key="contract:1")  # region of the employer
    assert set(selectors.applications_for(citizen)) == {mine}
    assert set(selectors.applications_for(county_officer)) == {mine, hire}
    assert set(selectors.applications_for(other_county_officer)) == {theirs}
    assert set(selectors.applications_for(enterprise_user)) == {hire}
    assert set(selectors.bank_accounts_for(citizen).values_list("person", flat=True)) == {person.pk}
    assert set(selectors.bank_accounts_for(county_officer).values_list("person", flat=True)) == {person.pk}
    assert not selectors.bank_accounts_for(enterprise_user).filter(person__isnull=False).exists()


def test_stable_job_refund_items_and_payout_lines_carry_enterprise_keys(enterprise, enterprise_user, county_officer, city_officer):
    r = open_round()
    eligible_enterprise(enterprise=enterprise)
    services.screening_run(round_=r)
    app = Application.objects.get(round=r, enterprise=enterprise)
    assert (app.beneficiary_key, app.basis_key, app.person_id, app.subject_id) == (f"E{enterprise.pk}", "", None, None)
    services.bank_account_confirm(enterprise=enterprise, actor=enterprise_user, account_name=enterprise.name, bank_name="工行",
                                  account_number="6222020400001234567")
    services.application_review_start(app=app, actor=county_officer)
    services.application_approve(app=app, actor=county_officer)
    services.notice_publish(round_=r, actor=county_officer)
    services.notices_close_due(on_date=dt.date.today() + dt.timedelta(days=60))
    batch = services.payout_batch_create(round_=r, actor=city_officer)
    services.payout_batch_fill(batch_id=batch.pk, actor=city_officer)
    line = PayoutItem.objects.get(application=app)
    assert (line.beneficiary_key, line.subject_key, line.period, line.enterprise_id, line.person_id) == (
        f"E{enterprise.pk}", "", r.assessment_year, enterprise.pk, None)
