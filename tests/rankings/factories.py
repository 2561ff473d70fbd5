"""Helpers for the ranking tests: enterprises with hand-chosen monthly figures."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from enterprises.models import InsuranceMonth, LabourDispute
from tests.factories import EnterpriseFactory, make_uscc


def months(enterprise, year: int, insured, *, new_insured=0, claims=0, prev_dec=None, skip=()):
    """12 months of ``year`` (``insured`` an int or a list of 12), and December of year-1 if given."""
    counts = insured if isinstance(insured, list) else [insured] * 12
    hires = new_insured if isinstance(new_insured, list) else [new_insured] * 12
    rows = [
        InsuranceMonth(enterprise=enterprise, month=dt.date(year, m, 1), insured_count=counts[m - 1], new_insured=hires[m - 1],
                       ui_new_claimants=claims if m == 1 else 0, ui_premium_due=Decimal("100.00"), ui_premium_paid=Decimal("100.00"))
        for m in range(1, 13) if m not in skip
    ]
    if prev_dec is not None:
        rows.append(InsuranceMonth(enterprise=enterprise, month=dt.date(year - 1, 12, 1), insured_count=prev_dec,
                                   ui_premium_due=Decimal("100.00"), ui_premium_paid=Decimal("100.00")))
    InsuranceMonth.objects.bulk_create(rows)


def disputes(enterprise, year: int, n: int):
    for i in range(n):
        LabourDispute.objects.create(enterprise=enterprise, case_number=f"邢劳仲{year}-{enterprise.pk}-{i}", filed_date=dt.date(year, 3, 1 + i))


def enterprise(n: int, name: str, region=None, **kw):
    extra = {"region": region} if region is not None else {}
    return EnterpriseFactory(uscc=make_uscc(n, region.code if region is not None else "130502"), name=name, **extra, **kw)


def three_enterprises(year: int = 2023, region_b=None):
    """The hand-computed case of test_method (A first, C second, B third)."""
    a = enterprise(101, "甲公司")
    months(a, year, 100, new_insured=10, prev_dec=90)
    b = enterprise(102, "乙公司", region=region_b, size_class="medium")
    months(b, year, [40] + [50] * 11, new_insured=1, claims=12)  # no December of year-1: growth from January
    c = enterprise(103, "丙公司", size_class="large")
    months(c, year, 200, prev_dec=210)
    disputes(c, year, 2)
    return a, b, c
