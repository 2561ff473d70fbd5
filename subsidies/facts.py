"""Set-based facts for the rules: one aggregate query over InsuranceMonth for many enterprises."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.db import connections
from django.db.models import Count, F, Q, Sum

from enterprises.models import Enterprise, InsuranceMonth
from subsidies.rules.stable_job_refund import Facts


def blacklisted_ids(on_date: dt.date) -> set[int]:
    from wage_arrears.selectors import blacklisted_enterprise_ids

    return set(blacklisted_enterprise_ids(on_date))


def stable_job_refund_facts(
    year: int, *, enterprise_ids=None, id_range: tuple[int, int] | None = None, on_date: dt.date
) -> list[tuple[dict, Facts]]:
    """Facts for every enterprise with figures up to December of ``year`` (optionally limited to
    ids or an inclusive id range), as (enterprise info, Facts) pairs ordered by enterprise id."""
    start, end = dt.date(year, 1, 1), dt.date(year, 12, 1)
    in_year = Q(month__gte=start)
    qs = InsuranceMonth.objects.filter(month__lte=end)
    if enterprise_ids is not None:
        qs = qs.filter(enterprise_id__in=list(enterprise_ids))
    if id_range is not None:
        qs = qs.filter(enterprise_id__gte=id_range[0], enterprise_id__lte=id_range[1])
    rows = (
        qs.values("enterprise_id")
        .annotate(
            full=Count("id", filter=Q(ui_premium_due__gt=0, ui_premium_paid__gte=F("ui_premium_due"))),
            underpaid=Count("id", filter=in_year & Q(ui_premium_paid__lt=F("ui_premium_due"))),
            months=Count("id", filter=in_year),
            insured=Sum("insured_count", filter=in_year),
            layoffs=Sum("ui_new_claimants", filter=in_year),
            paid=Sum("ui_premium_paid", filter=in_year),
        )
        .order_by("enterprise_id")
        .values_list("enterprise_id", "full", "underpaid", "months", "insured", "layoffs", "paid")
    )
    ent_qs = Enterprise.objects.all()
    if enterprise_ids is not None:
        ent_qs = ent_qs.filter(pk__in=list(enterprise_ids))
    if id_range is not None:
        ent_qs = ent_qs.filter(pk__gte=id_range[0], pk__lte=id_range[1])
    info = {
        e["id"]: e
        for e in ent_qs.values("id", "uscc", "name", "region_id", "unit_type", "size_class", "dishonest", "deregistering")
    }
    black = blacklisted_ids(on_date)
    out = []
    zero = Decimal(0)
    # The ORM builds the SQL; the rows are read straight from the cursor (plain tuples, no per-row
    # converters: the driver already returns int and Decimal), which is most of the Python cost here.
    sql, params = rows.query.get_compiler(using=rows.db).as_sql()
    with connections[rows.db].cursor() as cursor:
        cursor.execute(sql, params)
        raw_rows = cursor.fetchall()
    for ent_id, full, underpaid, months, insured, layoffs, paid in raw_rows:
        ent = info[ent_id]
        out.append((ent, Facts(
            full_payment_months=full,
            underpaid_months_in_year=underpaid,
            months_in_year=months,
            insured_total=insured or 0,
            layoffs=layoffs or 0,
            # PostgreSQL returns Decimal; SQLite returns a float or int for the sum.
            premium_paid=paid if isinstance(paid, Decimal) else (Decimal(str(paid)) if paid is not None else zero),
            unit_type=ent["unit_type"],
            size_class=ent["size_class"],
            dishonest=ent["dishonest"],
            wage_arrears_blacklisted=ent_id in black,
            deregistering=ent["deregistering"],
        )))
    return out


def facts_as_dict(facts: Facts) -> dict:
    return {k: (str(v) if isinstance(v, Decimal) else v) for k, v in facts.__dict__.items()}
