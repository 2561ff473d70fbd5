"""The enterprise's schedule page: 2,000 entitlements in at most 10 queries, its own rows only."""

import datetime as dt
from decimal import Decimal

import pytest

from entitlements.models import Entitlement, EntitlementLine
from entitlements.services import round_for
from persons.models import LabourContract, Person
from tests.factories import EnterpriseFactory, UserFactory, make_resident_id, make_uscc
from xingtai_jobs.core.models import User

pytestmark = pytest.mark.django_db


def test_schedule_page_of_2000_entitlements_in_at_most_10_queries(region_a, login, django_assert_max_num_queries):
    employer = EnterpriseFactory(uscc=make_uscc(7601), region=region_a)
    other = EnterpriseFactory(uscc=make_uscc(7602), region=region_a)
    round_ = round_for("si_hardship", 2024)
    people = Person.objects.bulk_create([
        Person(resident_id=make_resident_id(dt.date(1980, 1, 1) + dt.timedelta(days=i), "130502", 101), name=f"人员{i}", region=region_a,
               sex="male", birth_date=dt.date(1980, 1, 1) + dt.timedelta(days=i)) for i in range(2001)])
    contracts = LabourContract.objects.bulk_create([
        LabourContract(person=p, enterprise=employer if i < 2000 else other, starts_on=dt.date(2024, 1, 1), kind="open_ended")
        for i, p in enumerate(people)])
    ents = Entitlement.objects.bulk_create([
        Entitlement(round=round_, scheme_code="si_hardship", enterprise_id=c.enterprise_id, region=region_a, person_id=c.person_id,
                    contract=c, basis_key=f"contract:{c.pk}", start_month=dt.date(2024, 1, 1), max_months=36, eligible=True,
                    state="running", schedule={"skipped": [{"month": "2024-02", "reason": "arrears", "text": "当月欠缴（未足额缴费）"}],
                                               "months_left": 34, "end_month": "2027-01", "end_text": "享受期限届满"})
        for c in contracts])
    EntitlementLine.objects.bulk_create([
        EntitlementLine(entitlement=e, scheme_code="si_hardship", person_id=e.person_id, month=m, amount=Decimal("616.00"),
                        state="paid" if m.month == 1 else "computed")
        for e in ents for m in (dt.date(2024, 1, 1), dt.date(2024, 3, 1))])
    user = UserFactory(role=User.Role.ENTERPRISE_USER, enterprise=employer)
    client = login(user)
    client.get("/enterprise/subsidies/")  # warm the per-process memos (regions, navigation)
    with django_assert_max_num_queries(10):
        response = client.get("/enterprise/subsidies/")
    body = response.content.decode()
    assert response.status_code == 200
    assert body.count('class="card entitlement"') == 2000 and f"entitlement-{ents[-1].pk}" not in body
    assert "2027-01" in body and "当月欠缴" in body and people[0].resident_id not in body
