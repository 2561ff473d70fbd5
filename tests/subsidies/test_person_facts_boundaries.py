"""The person schemes' boundaries as the registry's rows decide them (the pure rules have their own
boundary tests): months in arrears, the injury part, the graduation month and the month before the
start, the as-of month, the same-day tie-break by USCC; UI months 11 vs 12, the personal part alone,
arrears, the issue month, a benefit period still open or ended the day before."""

import datetime as dt
from decimal import Decimal

import pytest

from persons.models import Certificate, LabourContract, Person, UnemploymentRegistration
from subsidies.person_facts import screen_job_expansion, screen_skill_upgrade
from tests.factories import EnterpriseFactory, make_resident_id, make_uscc
from tests.subsidies.test_person_screening import month, pay
from tests.subsidies.test_rule_job_expansion import P as JE
from tests.subsidies.test_rule_skill_upgrade import P as SU

pytestmark = pytest.mark.django_db
START = dt.date(2024, 7, 1)


@pytest.fixture
def hire(region_a):
    ent = EnterpriseFactory(uscc=make_uscc(6101))
    person = Person.objects.create(resident_id=make_resident_id(dt.date(2001, 3, 9), "130522", 71), name="甲", region=region_a,
                                   education="bachelor", degree_type="regular", graduation_date=dt.date(2023, 6, 30))
    LabourContract.objects.create(person=person, enterprise=ent, starts_on=START, kind="fixed")
    return person, ent


OCTOBER = month(2024, 10)


def decide(as_of=OCTOBER):
    return [(s, d) for s, _f, d in screen_job_expansion(JE, as_of_month=as_of)]


@pytest.mark.parametrize(("over", "eligible"), [({}, True), ({"in_arrears": True}, False), ({"injury_unit": Decimal("0")}, False),
                                                ({"pension_unit": Decimal("0")}, False), ({"ui_unit": Decimal("0")}, False)])
def test_a_month_counts_as_paid_only_fully_paid_with_every_unit_part(hire, over, eligible):
    person, ent = hire
    pay(person, ent, month(2024, 7), month(2024, 8))
    pay(person, ent, month(2024, 9), **over)  # the third paid month, or not
    [(_s, decision)] = decide(month(2024, 9))
    assert decision.eligible is eligible
    assert ("paid_months" in decision.failed_checks) is not eligible


def test_arrears_in_the_as_of_month_is_not_still_insured_and_the_as_of_month_moves_it(hire):
    person, ent = hire
    pay(person, ent, month(2024, 7), month(2024, 8), month(2024, 9))
    pay(person, ent, month(2024, 10), in_arrears=True)
    [(_s, october)] = decide(month(2024, 10))
    assert october.failed_checks == ["still_insured"]
    [(_s, september)] = decide(month(2024, 9))
    assert september.eligible
    [(_s, november)] = decide(month(2024, 11))  # no row at all in the as-of month
    assert november.failed_checks == ["still_insured"]


@pytest.mark.parametrize(("worked", "basis"), [
    (month(2023, 5), "graduate_within_2y"),   # before the graduation month: still at school
    (month(2023, 6), None),                   # the graduation month: employed since leaving school
    (month(2024, 6), None),                   # the month before the start
    (None, "graduate_within_2y"),
])
def test_employment_since_leaving_school_from_the_graduation_month_to_the_month_before_the_start(hire, worked, basis):
    person, ent = hire
    pay(person, ent, month(2024, 7), month(2024, 8), month(2024, 9), month(2024, 10))
    if worked:
        pay(person, EnterpriseFactory(uscc=make_uscc(6102)), worked)
    [(_s, decision)] = decide()
    assert decision.basis == basis


def test_registration_ending_the_day_before_the_start_gives_no_youth_basis(region_a):
    ent = EnterpriseFactory(uscc=make_uscc(6103))
    youth = Person.objects.create(resident_id=make_resident_id(dt.date(2004, 1, 1), "130582", 73), name="乙", region=region_a)
    LabourContract.objects.create(person=youth, enterprise=ent, starts_on=START, kind="fixed")
    pay(youth, ent, month(2024, 7), month(2024, 8), month(2024, 9))
    reg = UnemploymentRegistration.objects.create(person=youth, region=region_a, registered_on=dt.date(2024, 1, 1),
                                                  ended_on=dt.date(2024, 6, 30))
    [(_s, decision)] = decide(month(2024, 9))
    assert decision.failed_checks == ["basis"]
    reg.ended_on = START
    reg.save()
    [(_s, decision)] = decide(month(2024, 9))
    assert decision.eligible and decision.basis == "youth_16_24"


def test_same_day_contracts_of_one_person_the_lowest_uscc_wins(hire):
    person, ent = hire
    low = EnterpriseFactory(uscc=make_uscc(6000))
    assert low.uscc < ent.uscc
    LabourContract.objects.create(person=person, enterprise=low, starts_on=START, kind="fixed")
    for e in (ent, low):
        pay(person, e, month(2024, 7), month(2024, 8), month(2024, 9), month(2024, 10))
    verdict = {s.uscc: d for s, d in decide()}
    assert verdict[low.uscc].eligible and verdict[ent.uscc].failed_checks == ["once_per_person"]


# --- 技能提升补贴 ---------------------------------------------------------------------------------


@pytest.fixture
def worker(region_a):
    ent = EnterpriseFactory(uscc=make_uscc(6201))
    person = Person.objects.create(resident_id=make_resident_id(dt.date(1990, 5, 5), "130532", 75), name="丙", region=region_a)
    Certificate.objects.create(certificate_no="C-BND", person=person, kind="skill_level", occupation_code="X", occupation_name="焊工",
                               level=5, issued_on=dt.date(2024, 6, 15))
    return person, ent


def skill():
    [(_s, facts, decision)] = screen_skill_upgrade(SU, claimed_on=dt.date(2024, 12, 1))
    return facts, decision


@pytest.mark.parametrize(("months", "eligible"), [(11, False), (12, True)])
def test_eleven_or_twelve_ui_months_up_to_the_issue_month(worker, months, eligible):
    person, ent = worker
    pay(person, ent, *[month(2024, 6) if i == 0 else month(2023 - (i - 1) // 12, 12 - (i - 1) % 12) for i in range(months)])
    pay(person, ent, month(2024, 7), month(2024, 8))  # after the issue month: never counted
    facts, decision = skill()
    assert facts.ui_months == months and decision.eligible is eligible


def test_the_personal_part_alone_counts_arrears_do_not_and_the_issue_month_is_needed(worker):
    person, ent = worker
    pay(person, ent, *[month(2023, m) for m in range(1, 12)], ui_unit=Decimal("0"))  # 11 months, personal part only
    pay(person, ent, month(2024, 6), in_arrears=True)
    facts, decision = skill()
    assert (facts.ui_months, facts.ui_in_issue_month, decision.failed_checks) == (11, False, ["insured_or_benefit"])
    pay(person, ent, month(2023, 12))
    facts, decision = skill()
    assert (facts.ui_months, facts.ui_in_issue_month) == (12, False) and not decision.eligible  # none in the issue month


@pytest.mark.parametrize(("to", "eligible"), [(None, True), (dt.date(2024, 6, 15), True), (dt.date(2024, 6, 14), False)])
def test_benefit_route_open_or_ending_around_the_issue_date(worker, region_a, to, eligible):
    person, _ent = worker
    UnemploymentRegistration.objects.create(person=person, region=region_a, registered_on=dt.date(2024, 1, 1),
                                            ui_benefit_from=dt.date(2024, 2, 1), ui_benefit_to=to)
    _facts, decision = skill()
    assert decision.eligible is eligible
