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
