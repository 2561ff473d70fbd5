"""Statutory retirement month under the gradual rise of the retirement age.

Source: 全国人民代表大会常务委员会关于实施渐进式延迟法定退休年龄的决定 (2024-09-13), in force
2025-01-01, with its annexed tables: for a base age of 60 (men) and 55 (women cadres) the age rises
by one month every four months of birth, up to 36 months; for a base age of 50 (women workers) by
one month every two months of birth, up to 60 months. The cohorts start with birth months
1965-01, 1970-01 and 1975-01 respectively (the first people whose original retirement month is
2025-01 or later).

The parameters are the statute's own numbers, fixed by law rather than by the bureau, and are
kept here as one table; the person supplies the base age.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass


@dataclass(frozen=True)
class ReformCohort:
    base_age: int
    first_birth_month: dt.date  # first birth month whose retirement is delayed
    months_per_step: int  # one month of delay per this many birth months
    max_delay_months: int


REFORM_2025 = {
    60: ReformCohort(60, dt.date(1965, 1, 1), 4, 36),
    55: ReformCohort(55, dt.date(1970, 1, 1), 4, 36),
    50: ReformCohort(50, dt.date(1975, 1, 1), 2, 60),
}


def add_months(month: dt.date, n: int) -> dt.date:
    index = month.year * 12 + (month.month - 1) + n
    return dt.date(index // 12, index % 12 + 1, 1)


def months_between(start: dt.date, end: dt.date) -> int:
    """Whole months from ``start``'s month to ``end``'s month (negative when end is earlier)."""
    return (end.year - start.year) * 12 + (end.month - start.month)


def retirement_delay_months(birth_date: dt.date, base_age: int) -> int:
    cohort = REFORM_2025.get(base_age)
    if cohort is None:
        raise ValueError(f"unknown statutory base retirement age {base_age}")
    birth_month = birth_date.replace(day=1)
    if birth_month < cohort.first_birth_month:
        return 0
    k = months_between(cohort.first_birth_month, birth_month)
    return min(cohort.max_delay_months, k // cohort.months_per_step + 1)


def retirement_age_months(birth_date: dt.date, base_age: int) -> int:
    return base_age * 12 + retirement_delay_months(birth_date, base_age)


def retirement_month_for(birth_date: dt.date, base_age: int) -> dt.date:
    """First day of the month in which a person born on ``birth_date`` reaches retirement."""
    return add_months(birth_date.replace(day=1), retirement_age_months(birth_date, base_age))


def retirement_month(person) -> dt.date:
    """The statutory retirement month of a person (anything with ``birth_date`` and
    ``base_retirement_age``, e.g. ``persons.models.Person``)."""
    return retirement_month_for(person.birth_date, person.base_retirement_age)
