"""Screening facts of the person schemes read from the person layer, against a hand count."""

import datetime as dt
from decimal import Decimal

import pytest

from persons.models import Certificate, LabourContract, Person, PersonContribution, UnemploymentRegistration
from subsidies.person_facts import latest_contribution_month, screen_job_expansion, screen_skill_upgrade
from subsidies.rules import skill_upgrade as su
from tests.factories import EnterpriseFactory, make_resident_id, make_uscc
from tests.subsidies.test_rule_job_expansion import P as JE
from tests.subsidies.test_rule_skill_upgrade import P as SU

pytestmark = pytest.mark.django_db


def month(y, m):
    return dt.date(y, m, 1)


def pay(person, ent, *months, **over):
    values = {"pension_unit": Decimal("640"), "pension_personal": Decimal("320"), "medical_unit": Decimal("320"),
              "medical_personal": Decimal("80"), "ui_unit": Decimal("28"), "ui_personal": Decimal("12"),
              "injury_unit": Decimal("16"), "in_arrears": False}
    values.update(over)
    for m in months:
        PersonContribution.objects.create(person=person, enterprise=ent, month=m, **values)


@pytest.fixture
def world(region_a):
    ent = EnterpriseFactory(uscc=make_uscc(5101))
    ent2 = EnterpriseFactory(uscc=make_uscc(5102))
    grad = Person.objects.create(resident_id=make_resident_id(dt.date(2001, 3, 9), "130502", 41), name="应届生", region=region_a,
                                 education="bachelor", degree_type="regular", graduation_date=dt.date(2024, 6, 30))
    old_grad = Person.objects.create(resident_id=make_resident_id(dt.date(1999, 1, 9), "130502", 43), name="往届生", region=region_a,
                                     education="master", degree_type="regular", graduation_date=dt.date(2023, 6, 30))
    youth = Person.objects.create(resident_id=make_resident_id(dt.date(2005, 1, 1), "130502", 45), name="青年", region=region_a,
                                  education="senior_secondary")
    UnemploymentRegistration.objects.create(person=youth, region=region_a, registered_on=dt.date(2024, 2, 1))
    LabourContract.objects.create(person=grad, enterprise=ent, starts_on=dt.date(2024, 7, 1), kind="fixed")
    LabourContract.objects.create(person=grad, enterprise=ent2, starts_on=dt.date(2024, 8, 1), kind="fixed")
    LabourContract.objects.create(person=old_grad, enterprise=ent, starts_on=dt.date(2024, 7, 15), kind="fixed")
    LabourContract.objects.create(person=youth, enterprise=ent, starts_on=dt.date(2024, 7, 1), kind="task")
    LabourContract.objects.create(person=youth, enterprise=ent, starts_on=dt.date(2023, 7, 1), kind="task")  # outside the window
    pay(grad, ent, month(2024, 7), month(2024, 8), month(2024, 9))
    pay(grad, ent2, month(2024, 8), month(2024, 9), month(2024, 10))
    pay(old_grad, ent2, month(2023, 11))  # employed after graduating: not "within 2 years unemployed"
    pay(old_grad, ent, month(2024, 7), month(2024, 8), month(2024, 9), month(2024, 10))
    pay(youth, ent, month(2024, 7), month(2024, 9), month(2024, 10))
    pay(youth, ent, month(2024, 8), injury_unit=Decimal("0"))  # injury part missing: does not count
    return {"ent": ent, "ent2": ent2, "grad": grad, "old_grad": old_grad, "youth": youth}


def test_job_expansion_screening_from_the_registry(world):
    assert latest_contribution_month() == month(2024, 10)
    out = screen_job_expansion(JE, as_of_month=month(2024, 10))
    table = {(s.resident_id, s.uscc): d for s, _f, d in out}
    assert len(out) == 4  # the 2023 contract is outside the hire window
    grad, old, youth = world["grad"].resident_id, world["old_grad"].resident_id, world["youth"].resident_id
    # graduate: the July contract stays insured? its employer paid up to 2024-09 only: not insured in 2024-10
    assert table[(grad, world["ent"].uscc)].failed_checks == ["still_insured"]
    # the August contract with ent2 passes, and is the person's only eligible one
    assert table[(grad, world["ent2"].uscc)].eligible and table[(grad, world["ent2"].uscc)].basis == "graduate_in_year"
    assert table[(old, world["ent"].uscc)].failed_checks == ["basis"]
    assert table[(youth, world["ent"].uscc)].eligible and table[(youth, world["ent"].uscc)].basis == "youth_16_24"
    facts = next(f for s, f, _d in out if s.resident_id == youth)
    assert facts.paid_months == 3  # July, September, October; August lacks the injury part


def test_as_of_month_and_confirmed_persons(world):
    out = screen_job_expansion(JE, as_of_month=month(2024, 9), confirmed_person_ids=[world["youth"].pk])
    table = {(s.resident_id, s.uscc): d for s, _f, d in out}
    grad = world["grad"].resident_id
    assert table[(grad, world["ent"].uscc)].eligible  # as of September the July contract is insured, 3 months paid
    assert table[(grad, world["ent2"].uscc)].failed_checks == ["paid_months"]  # August and September only
    assert table[(world["youth"].resident_id, world["ent"].uscc)].failed_checks == ["paid_months", "once_per_person"]


def test_skill_upgrade_screening_from_the_registry(world, region_a):
    worker = world["old_grad"]
    pay(worker, world["ent2"], *[month(2023, m) for m in range(1, 11)])  # with Nov 2023 and Jul–Oct 2024: 15 months
    Certificate.objects.create(certificate_no="C-A", person=worker, kind="skill_level", occupation_code="X", occupation_name="焊工",
                               level=4, issued_on=dt.date(2024, 9, 20))
    Certificate.objects.create(certificate_no="C-B", person=worker, kind="skill_level", occupation_code="X", occupation_name="焊工",
                               level=4, issued_on=dt.date(2024, 10, 2))
    Certificate.objects.create(certificate_no="C-C", person=world["youth"], kind="skill_level", occupation_code="Y",
                               occupation_name="电工", level=5, issued_on=dt.date(2024, 9, 1))
    out = screen_skill_upgrade(SU, claimed_on=dt.date(2024, 12, 1))
    table = {f.certificate_no: (f, d) for _s, f, d in out}
    facts_a, decision_a = table["C-A"]
    assert facts_a.ui_months == 14 and facts_a.ui_in_issue_month  # Jan–Oct 2023, Nov 2023, Jul–Sep 2024 (up to the issue month)
    assert decision_a.eligible and decision_a.amount == Decimal("1500.00")
    assert table["C-B"][1].failed_checks == ["same_level_once"]
    assert table["C-C"][1].failed_checks == ["insured_or_benefit"]
    again = screen_skill_upgrade(SU, claimed_on=dt.date(2024, 12, 1), granted={worker.pk: [su.Grant("X", 4, 2023, "C-0")]},
                                 person_ids=[worker.pk])
    assert [d.failed_checks for _s, _f, d in again] == [["same_level_once"], ["same_level_once"]]
    # a certificate's own confirmed grant (its item decided again) does not count against it
    again = screen_skill_upgrade(SU, claimed_on=dt.date(2024, 12, 1), granted={worker.pk: [su.Grant("X", 4, 2024, "C-A")]},
                                 person_ids=[worker.pk])
    assert [d.failed_checks for _s, _f, d in again] == [[], ["same_level_once"]]
