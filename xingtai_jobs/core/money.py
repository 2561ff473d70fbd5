"""The one place money is rounded: yuan with 2 places, half-up (``round_money``). Input is never
rounded: ``xingtai_jobs.core.inputs.check_money`` refuses a third decimal place instead."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

CENT = Decimal("0.01")


def round_money(value: Decimal | int | str) -> Decimal:
    return Decimal(value).quantize(CENT, rounding=ROUND_HALF_UP)
