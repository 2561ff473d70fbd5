import io

import pytest

from enterprises import demo as enterprises_demo
from persons import demo
from persons.models import Certificate, CitizenAccount, LabourContract, Person, PersonContribution
from subsidies.person_facts import screen_job_expansion, screen_skill_upgrade
from tests.subsidies.test_rule_job_expansion import P as JE
from tests.subsidies.test_rule_skill_upgrade import P as SU

pytestmark = pytest.mark.django_db


def test_demo_seed_is_idempotent_and_gives_the_person_schemes_something_to_decide():
    enterprises_demo.seed(io.StringIO())
    demo.seed(io.StringIO())
    counts = (Person.objects.count(), LabourContract.objects.count(), PersonContribution.objects.count(), Certificate.objects.count(),
              CitizenAccount.objects.count())
    demo.seed(io.StringIO())
    assert (Person.objects.count(), LabourContract.objects.count(), PersonContribution.objects.count(), Certificate.objects.count(),
            CitizenAccount.objects.count()) == counts
    assert counts[0] == 60 and counts[4] == 1
    assert CitizenAccount.objects.get().person is not None
    import datetime as dt

    decided = screen_job_expansion(JE, as_of_month=dt.date(2024, 10, 1))
    assert any(d.eligible for _s, _f, d in decided) and any(not d.eligible for _s, _f, d in decided)
    certs = screen_skill_upgrade(SU, claimed_on=dt.date(2024, 12, 1))
    assert any(d.eligible for _s, _f, d in certs) and any(not d.eligible for _s, _f, d in certs)
