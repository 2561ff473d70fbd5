"""The enterprise portal names the next report due and shows the gaps in the report history as
missing months (ADR 0021)."""

from __future__ import annotations

import datetime as dt

import pytest

from enterprises import rules
from enterprises.forms import default_report_month
from enterprises.services import employment_report_submit

D = dt.date


@pytest.mark.parametrize(("reported", "latest", "next_due", "missing"), [
    ([], D(2024, 6, 1), D(2024, 6, 1), [D(2024, 6, 1)]),  # nothing yet: only the last month is asked for
    ([D(2024, 4, 1), D(2024, 6, 1)], D(2024, 6, 1), D(2024, 5, 1), [D(2024, 5, 1)]),  # a gap comes first
    ([D(2024, 4, 1)], D(2024, 6, 1), D(2024, 5, 1), [D(2024, 5, 1), D(2024, 6, 1)]),
    ([D(2024, 5, 1), D(2024, 6, 1)], D(2024, 6, 1), D(2024, 7, 1), []),  # all in: the current month is next
    ([D(2023, 11, 1), D(2024, 1, 1)], D(2024, 1, 1), D(2023, 12, 1), [D(2023, 12, 1)]),  # across a year
])
def test_next_report_and_missing_months(reported, latest, next_due, missing):
    assert rules.report_calendar(reported, latest) == (next_due, missing)


def test_missing_months_look_back_at_most_36_months():
    _next, missing = rules.report_calendar([D(2015, 1, 1)], D(2024, 6, 1))
    assert len(missing) == 36 and missing[0] == D(2021, 7, 1)


def _months_back(month: dt.date, n: int) -> dt.date:
    for _ in range(n):
        month = rules.previous_month(month)
    return month


@pytest.mark.django_db
def test_the_portal_names_the_next_month_and_shows_the_gaps(enterprise, enterprise_user, other_enterprise, login):
    latest = default_report_month()
    for n in (3, 1):  # reported three months ago and last-but-one month; two months are missing
        employment_report_submit(enterprise=enterprise, month=_months_back(latest, n), headcount=10, new_hires=0,
                                 separations=0, layoffs=0, vacancies=0, actor=enterprise_user)
    html = login(enterprise_user).get("/enterprise/").content.decode()
    gap = _months_back(latest, 2)
    block = html.split('id="next-report"')[1].split("</p>")[0]
    assert f"?month={gap:%Y-%m}" in block and f"{gap:%Y-%m}" in block.split("</a>")[0]  # the button names it
    assert html.count('class="missing-month"') == 2  # the gap and the last month
    assert "未报送" in html


@pytest.mark.django_db
def test_when_everything_is_in_the_portal_says_which_month_comes_next(enterprise, enterprise_user, login):
    latest = default_report_month()
    employment_report_submit(enterprise=enterprise, month=latest, headcount=10, new_hires=0, separations=0, layoffs=0,
                             vacancies=0, actor=enterprise_user)
    html = login(enterprise_user).get("/enterprise/").content.decode()
    following = rules.next_month(latest)
    block = html.split('id="next-report"')[1].split("</p>")[0]
    assert f"{following:%Y-%m}" in block and "各月报表均已报送" in block and "<a " not in block
    assert 'class="missing-month"' not in html
