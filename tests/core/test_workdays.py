import datetime as dt

import pytest

from xingtai_jobs.core.models import CalendarOverride
from xingtai_jobs.core.workdays import add_working_days, is_working_day, working_days_between

pytestmark = pytest.mark.django_db


def test_national_day_holidays_are_skipped():
    # 2024-09-30 (Mon) + 1 working day: 10-01..10-07 are the National Day holiday → 10-08.
    assert add_working_days(dt.date(2024, 9, 30), 1) == dt.date(2024, 10, 8)


def test_tiaoxiu_saturday_is_a_working_day():
    # 2024-10-12 is a Saturday worked in exchange for the National Day holiday (调休).
    assert is_working_day(dt.date(2024, 10, 12))
    assert add_working_days(dt.date(2024, 10, 11), 1) == dt.date(2024, 10, 12)


def test_five_working_days_across_spring_festival_2026():
    # Spring Festival 2026: 02-15..02-23 off; 02-14 (Sat) and 02-28 (Sat) are worked.
    assert add_working_days(dt.date(2026, 2, 13), 1) == dt.date(2026, 2, 14)
    assert add_working_days(dt.date(2026, 2, 14), 1) == dt.date(2026, 2, 24)
    assert working_days_between(dt.date(2026, 2, 13), dt.date(2026, 2, 24)) == 2


def test_zero_and_negative_counts():
    assert add_working_days(dt.date(2024, 10, 1), 0) == dt.date(2024, 10, 8)
    assert add_working_days(dt.date(2024, 10, 8), -1) == dt.date(2024, 9, 30)


@pytest.mark.django_db
def test_staff_overrides_win_and_cover_years_without_official_data():
    day = dt.date(2027, 1, 1)  # not yet in the package's data: Friday falls back to working day
    assert is_working_day(day)
    CalendarOverride.objects.create(date=day, is_working_day=False, note="元旦")
    assert not is_working_day(day)
    assert add_working_days(dt.date(2026, 12, 31), 1) == dt.date(2027, 1, 4)
