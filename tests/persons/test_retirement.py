"""Statutory retirement month under the 2025 gradual rise (issue examples, each cap, base ages)."""

import datetime as dt

import pytest

from xingtai_jobs.core.retirement import retirement_delay_months, retirement_month, retirement_month_for


@pytest.mark.parametrize(("birth", "base", "expected"), [
    (dt.date(1965, 1, 20), 60, dt.date(2025, 2, 1)),  # first month of the cohort: +1
    (dt.date(1964, 12, 31), 60, dt.date(2024, 12, 1)),  # born before the cohort: base age
    (dt.date(1967, 1, 1), 60, dt.date(2027, 8, 1)),
    (dt.date(1980, 3, 5), 50, dt.date(2032, 11, 1)),
    (dt.date(1974, 6, 1), 50, dt.date(2024, 6, 1)),
    (dt.date(1970, 1, 1), 55, dt.date(2025, 2, 1)),
    (dt.date(1969, 12, 1), 55, dt.date(2024, 12, 1)),
])
def test_examples(birth, base, expected):
    assert retirement_month_for(birth, base) == expected


@pytest.mark.parametrize(("base", "cap_birth", "cap"), [
    (60, dt.date(1976, 9, 1), 36),  # k = 140: 140//4+1 = 36
    (55, dt.date(1981, 9, 1), 36),
    (50, dt.date(1984, 11, 1), 60),  # k = 118: 118//2+1 = 60
])
def test_each_cap(base, cap_birth, cap):
    assert retirement_delay_months(cap_birth, base) == cap
    month_before = (cap_birth - dt.timedelta(days=1)).replace(day=1)
    assert retirement_delay_months(month_before, base) == cap - 1
    assert retirement_delay_months(dt.date(2000, 1, 1), base) == cap


def test_person_base_age_from_sex_unless_given(db):
    from persons.models import Person
    from tests.factories import make_resident_id
    from xingtai_jobs.core.models import Region

    region = Region.objects.get(code="130502")
    man = Person.objects.create(resident_id=make_resident_id(dt.date(1965, 1, 3), "130502", 11), name="甲", region=region)
    woman = Person.objects.create(resident_id=make_resident_id(dt.date(1980, 3, 3), "130502", 12), name="乙", region=region)
    cadre = Person.objects.create(resident_id=make_resident_id(dt.date(1970, 1, 3), "130502", 14), name="丙", region=region,
                                  retirement_base_age=55)
    assert (man.sex, woman.sex) == ("male", "female")
    assert retirement_month(man) == dt.date(2025, 2, 1)
    assert retirement_month(woman) == dt.date(2032, 11, 1)
    assert retirement_month(cadre) == dt.date(2025, 2, 1)


def test_unknown_base_age_is_refused():
    with pytest.raises(ValueError):
        retirement_month_for(dt.date(1970, 1, 1), 65)
