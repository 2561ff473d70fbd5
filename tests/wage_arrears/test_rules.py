"""The pure wage-arrears rules: identity of a case and date arithmetic."""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace

from wage_arrears import rules


def _c(name="宏达建筑", uscc="", project="花园三期"):
    return SimpleNamespace(employer_name_normalized=rules.normalize_name(name), employer_uscc=uscc,
                           project_normalized=rules.normalize_name(project))


def test_same_employer_and_project_by_name_or_uscc():
    assert rules.same_employer_and_project(_c("宏达 建筑（有限）"), _c("宏达建筑有限"))
    assert rules.same_employer_and_project(_c("甲", uscc="X1"), _c("乙", uscc="X1"))
    assert not rules.same_employer_and_project(_c("甲"), _c("乙"))
    assert not rules.same_employer_and_project(_c("甲", uscc=""), _c("乙", uscc=""))  # two blanks are not one USCC
    assert not rules.same_employer_and_project(_c(project="一期"), _c(project="二期"))


def test_tracking_code_normalisation():
    assert rules.normalize_tracking_code("qx 2345-abcd") == "QX-2345-ABCD"
    assert rules.normalize_tracking_code("QX-2345-ABC0") == ""  # 0 is not in the alphabet
    assert rules.normalize_tracking_code("2345ABC") == ""


def test_dates():
    assert rules.listed_until(dt.date(2024, 2, 29), 3) == dt.date(2027, 2, 28)
    assert rules.early_removal_from(dt.date(2024, 8, 31), 6) == dt.date(2025, 2, 28)
    assert rules.early_removal_from(dt.date(2024, 3, 15), 6) == dt.date(2024, 9, 15)
    assert rules.arrears_too_old(period_end=dt.date(2022, 1, 1), received_on=dt.date(2024, 6, 1), limit_days=730)
    assert not rules.arrears_too_old(period_end=dt.date(2023, 1, 1), received_on=dt.date(2024, 6, 1), limit_days=730)
