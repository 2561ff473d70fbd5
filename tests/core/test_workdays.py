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


def test_years_without_a_holiday_schedule_are_named_until_staff_enter_one():
    from xingtai_jobs.core.workdays import years_without_schedule

    assert years_without_schedule(dt.date(2024, 11, 1), 140) == []  # 2024 and 2025 are in chinese-calendar
    assert years_without_schedule(dt.date(2099, 10, 1), 140) == [2099, 2100]
    CalendarOverride.objects.create(date=dt.date(2100, 1, 1), is_working_day=False, note="元旦")
    assert years_without_schedule(dt.date(2099, 10, 1), 140) == [2099]


def test_an_override_changed_behind_the_orm_is_seen_after_the_time_to_live(settings, monkeypatch):
    import time

    from xingtai_jobs.core import refcache

    settings.XT_REFCACHE_SECONDS = 30
    override = CalendarOverride.objects.create(date=dt.date(2099, 1, 5), is_working_day=False, note="")
    assert not is_working_day(dt.date(2099, 1, 5))
    CalendarOverride.objects.filter(pk=override.pk).update(is_working_day=True)  # no signal, like another process
    assert not is_working_day(dt.date(2099, 1, 5))  # still served from the memo
    later = time.monotonic() + 31
    monkeypatch.setattr(refcache, "_clock", lambda: later)
    assert is_working_day(dt.date(2099, 1, 5))


def test_staff_pages_and_the_admin_warn_about_a_missing_holiday_schedule(login, city_officer, county_officer,
                                                                         monkeypatch):
    from django.test import Client

    from xingtai_jobs.core import context_processors

    monkeypatch.setattr(context_processors, "_today", lambda: dt.date(2099, 10, 1))
    admin_page = login(city_officer).get("/admin/").content.decode()
    assert 'id="calendar-notice"' in admin_page and "2099, 2100" in admin_page
    assert "/admin/core/calendaroverride/" in admin_page
    staff_page = login(county_officer).get("/staff/wage-arrears/").content.decode()
    assert 'id="calendar-notice"' in staff_page
    assert 'id="calendar-notice"' not in Client().get("/").content.decode()  # not for the public
    for year in (2099, 2100):
        CalendarOverride.objects.create(date=dt.date(year, 1, 1), is_working_day=False, note="元旦")
    assert 'id="calendar-notice"' not in login(city_officer).get("/admin/").content.decode()
