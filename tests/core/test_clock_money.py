"""One clock seam, one money rounding, one USCC look-up."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from xingtai_jobs.core import clock
from xingtai_jobs.core.money import round_money


def test_fixing_the_kernel_clock_fixes_every_apps_today(monkeypatch):
    from subsidies import services as subsidies_services
    from wage_arrears.services import common

    day = dt.date(2031, 2, 3)
    monkeypatch.setattr(clock, "today", lambda: day)
    assert common.today() == day and subsidies_services._today() == day


def test_money_is_rounded_half_up_to_the_cent_in_one_place():
    from wage_arrears.services.common import money

    assert round_money(Decimal("2.345")) == Decimal("2.35") and round_money(Decimal("2.344")) == Decimal("2.34")
    assert round_money(Decimal("-2.345")) == Decimal("-2.35") and round_money(7) == Decimal("7.00")
    assert money is round_money


@pytest.mark.django_db
def test_the_uscc_look_up_normalises_and_refuses_nothing_silently(enterprise):
    from enterprises.selectors import enterprise_by_uscc

    assert enterprise_by_uscc(enterprise.uscc) == enterprise
    assert enterprise_by_uscc(f"  {enterprise.uscc.lower()} ") == enterprise
    assert enterprise_by_uscc("") is None and enterprise_by_uscc("91130500MA0000000X") is None


DIRECT_DATE = __import__("re").compile(
    r"timezone\.localdate\(|\bdate\.today\(|\bdatetime\.(now|today|utcnow)\(|timezone\.now\(\)\.date\(|timezone\.localtime\(\)")


def test_no_date_is_read_past_the_kernel_clock():
    """A date of the portal comes from ``clock.today()`` (a test moves it for every app); a direct
    ``timezone.localdate()`` or ``date.today()`` outside core/clock.py would not move with it."""
    from pathlib import Path

    root = Path(__file__).resolve().parents[2]
    offenders = []
    for app in ["enterprises", "persons", "subsidies", "recruitment", "wage_arrears", "rankings", "measures",
                "xingtai_jobs", "scripts"]:
        for path in (root / app).rglob("*.py"):
            if "migrations" in path.parts or path.relative_to(root).as_posix() == "xingtai_jobs/core/clock.py":
                continue
            for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
                if DIRECT_DATE.search(line.split("#", 1)[0]):
                    offenders.append(f"{path.relative_to(root)}:{number}: {line.strip()}")
    assert offenders == []


def test_fixing_the_kernel_clock_moves_a_service_date_check(monkeypatch):
    """enterprises' report check refuses a month after the current one, by the kernel clock."""
    from enterprises.services import _validate_report
    from xingtai_jobs.core.errors import DomainError

    figures = {"headcount": 10, "new_hires": 0, "separations": 0, "layoffs": 0, "vacancies": 0}
    monkeypatch.setattr(clock, "today", lambda: dt.date(2031, 2, 3))
    _validate_report(month=dt.date(2031, 2, 1), **figures)
    with pytest.raises(DomainError):
        _validate_report(month=dt.date(2031, 3, 1), **figures)
    monkeypatch.setattr(clock, "today", lambda: dt.date(2031, 3, 1))
    _validate_report(month=dt.date(2031, 3, 1), **figures)
