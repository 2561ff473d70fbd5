"""The status rules at their boundaries (pure functions)."""

import datetime as dt
from decimal import Decimal
from fractions import Fraction

import pytest

from measures import rules
from measures.rules import Series

D = dt.date


def test_pro_rata_expected_share_is_day_of_year_over_days_in_year():
    share = rules.expected_share(2024, D(2024, 9, 30), "pro_rata")
    assert share == Fraction(274, 366) and rules.share_text(share) == "0.749"
    assert rules.share_text(rules.expected_share(2023, D(2023, 9, 30), "pro_rata")) == "0.748"  # 273/365
    assert rules.expected_share(2024, D(2023, 12, 31), "pro_rata") == 0
    assert rules.expected_share(2024, D(2024, 12, 31), "pro_rata") == 1
    assert rules.expected_share(2024, D(2025, 2, 1), "pro_rata") == 1
    assert rules.expected_share(2024, D(2024, 1, 1), "pro_rata") == Fraction(1, 366)


def test_fixed_months_count_a_month_once_it_has_ended():
    months = [3, 5, 7, 9, 12]
    assert rules.expected_share(2024, D(2024, 3, 30), "fixed_months", months) == 0
    assert rules.expected_share(2024, D(2024, 3, 31), "fixed_months", months) == Fraction(1, 5)
    assert rules.expected_share(2024, D(2024, 9, 30), "fixed_months", months) == Fraction(4, 5)
    assert rules.share_text(rules.expected_share(2024, D(2024, 9, 30), "fixed_months", months)) == "0.800"
    assert rules.deadline(2024, "fixed_months", [3, 5, 7]) == D(2024, 7, 31)
    assert rules.deadline(2024, "pro_rata") == D(2024, 12, 31)


SEP_30 = D(2024, 9, 30)


def _status(value, target=100, as_of=SEP_30, schedule="pro_rata", months=()):
    expected = rules.expected_share(2024, as_of, schedule, months)
    return rules.status(value=None if value is None else Decimal(value), target=Decimal(target), expected=expected, as_of=as_of,
                        due=rules.deadline(2024, schedule, months))


def test_behind_below_ninety_and_at_risk_below_seventy_percent_of_the_exact_expected_share():
    # target 366 on 2024-09-30: expected 274 exactly; 90 % = 246.6, 70 % = 191.8
    assert _status(274, 366) == "on_track"
    assert _status(247, 366) == "on_track"
    assert _status(246, 366) == "behind"
    assert _status(192, 366) == "behind"
    assert _status(191, 366) == "at_risk"
    assert _status(366, 366) == "met"
    assert _status(400, 366) == "met"
    # exactly at 90 % / 70 % of expected: not below, so the better status
    assert _status("246.6", 366) == "on_track" and _status("191.8", 366) == "behind"


def test_after_the_deadline_short_of_the_target_is_missed_and_met_stays_met():
    assert _status(99, as_of=D(2025, 1, 1)) == "missed"
    assert _status(100, as_of=D(2025, 1, 1)) == "met"
    assert _status(99, as_of=D(2024, 12, 31)) == "on_track"  # on the deadline it is still open
    assert _status(0, as_of=D(2024, 8, 1), schedule="fixed_months", months=[3, 5, 7]) == "missed"


def test_not_started_only_while_nothing_was_due_and_no_data_when_the_source_holds_nothing():
    assert _status(0, as_of=D(2024, 2, 15), schedule="fixed_months", months=[3, 5, 7, 9, 12]) == "not_started"
    assert _status(0, as_of=D(2024, 3, 31), schedule="fixed_months", months=[3, 5, 7, 9, 12]) == "at_risk"
    assert _status(0, as_of=D(2023, 12, 31)) == "not_started"
    assert _status(0, as_of=D(2024, 1, 1)) == "at_risk"
    assert _status(None) == "no_data"
    assert _status(None, as_of=D(2025, 3, 1)) == "no_data"


@pytest.mark.parametrize("kind, rows, expected", [
    ("sum", [(D(2024, 3, 1), 1, 5), (D(2024, 9, 30), 2, 7), (D(2024, 10, 1), 1, 100)], Decimal(12)),
    ("distinct", [(D(2024, 3, 1), 1, "a"), (D(2024, 4, 1), 2, "a"), (D(2024, 5, 1), 2, "b"), (D(2024, 11, 1), 2, "c")], Decimal(2)),
    ("share", [(D(2024, 1, 1), D(2024, 5, 1), 1, 3), (D(2024, 2, 1), None, 1, 1), (D(2024, 6, 1), D(2024, 12, 1), 2, 4)],
     Decimal("37.5")),  # 3 met of 8 entered by 09-30 (the 4 of county 2 are met only in December)
    ("cleared", [(D(2024, 8, 31), 1, 0), (D(2024, 8, 31), 2, 3), (D(2024, 9, 30), 2, 0), (D(2024, 10, 31), 1, 2)], Decimal(2)),
])
def test_a_series_value_stands_on_its_rows_dates(kind, rows, expected):
    assert rules.value_at(Series(kind, rows), D(2024, 9, 30)) == expected


def test_by_county_and_empty_series():
    s = Series("sum", [(D(2024, 3, 1), 1, 5), (D(2024, 4, 1), 2, 7)])
    assert rules.value_at(s, D(2024, 9, 30), 2) == 7
    assert rules.value_at(Series("sum", [], empty_is_no_data=True), D(2024, 9, 30)) is None
    assert rules.value_at(Series("sum", []), D(2024, 9, 30)) == 0
    assert rules.value_at(Series("sum", [(D(2024, 3, 1), 1, 5)], available=False), D(2024, 9, 30)) is None
    assert rules.value_at(Series("share", []), D(2024, 9, 30)) is None
    assert rules.month_ends(2024, D(2024, 3, 15)) == [D(2024, 1, 31), D(2024, 2, 29), D(2024, 3, 15)]
