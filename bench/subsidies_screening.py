"""Time 稳岗返还 screening and a 50,000-item payout batch on PostgreSQL (not part of the tests).

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/xt_bench_subsidies .venv/bin/python manage.py migrate
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/xt_bench_subsidies .venv/bin/python bench/synth.py load \
        --enterprises 50000 --from 2022-01 --to 2023-12
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/xt_bench_subsidies .venv/bin/python bench/subsidies_screening.py

1. Screening of assessment year 2023 for every enterprise: (a) the compute path (`--dry-run`: one
   aggregate query + the pure rule in Python per enterprise), (b) the full service writing
   candidates chunk by chunk (`screen_subsidy` without --dry-run), against (c) the reference: ONE
   hand-written SQL query computing the same eligibility and amounts from the round's parameters.
   Every enterprise's (eligible, amount) from (a) must equal (c).
2. A payout batch of 50,000 payable items: create + fill (chunked) + lock + export the bank file
   as .xlsx (xingtai_jobs.core.documents.xlsx_bytes: openpyxl write-only with lxml).

The bench DB's 2023 round window is moved to include today (bench data only) so the write path
may run; the batch uses the 2024-assessment round with 50,000 synthetic payable items.
"""

from __future__ import annotations

import datetime as dt
import os
import sys
import time
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "xingtai_jobs.settings")
os.environ.setdefault("DJANGO_DEBUG", "true")
os.environ.setdefault("XT_TESTING", "false")

import django  # noqa: E402

django.setup()

from django.db import connection  # noqa: E402
from django.utils import timezone  # noqa: E402

from subsidies import services  # noqa: E402
from subsidies.facts import blacklisted_ids  # noqa: E402
from subsidies.models import Application, BankAccount, PayoutBatch, PayoutItem, SchemeRound  # noqa: E402
from xingtai_jobs.core.models import User  # noqa: E402

REFERENCE_SQL = """
WITH agg AS (
  SELECT enterprise_id,
         count(*) FILTER (WHERE ui_premium_due > 0 AND ui_premium_paid >= ui_premium_due) AS full_months,
         count(*) FILTER (WHERE month >= %(start)s AND ui_premium_paid < ui_premium_due) AS underpaid,
         count(*) FILTER (WHERE month >= %(start)s) AS months,
         coalesce(sum(insured_count) FILTER (WHERE month >= %(start)s), 0) AS insured,
         coalesce(sum(ui_new_claimants) FILTER (WHERE month >= %(start)s), 0) AS layoffs,
         coalesce(sum(ui_premium_paid) FILTER (WHERE month >= %(start)s), 0) AS paid
  FROM enterprises_insurancemonth WHERE month <= %(end)s GROUP BY enterprise_id
), decided AS (
  SELECT e.id, e.uscc, a.paid,
         (a.full_months >= %(min_full)s AND a.underpaid = 0 AND a.months >= %(months)s
          AND NOT e.dishonest AND NOT e.deregistering AND NOT (e.id = ANY(%(black)s))
          AND CASE WHEN a.insured <= %(small_max)s * %(months)s THEN a.layoffs * %(months)s <= %(small_ratio)s * a.insured
                   ELSE a.layoffs = 0 OR a.layoffs * %(months)s <= %(ratio)s * a.insured END) AS eligible,
         CASE WHEN e.unit_type = 'enterprise' THEN CASE WHEN e.size_class = 'large' THEN %(rate_large)s ELSE %(rate_sme)s END
              ELSE CASE WHEN a.insured >= %(big_min)s * %(months)s THEN %(rate_large)s ELSE %(rate_sme)s END END AS rate
  FROM agg a JOIN enterprises_enterprise e ON e.id = a.enterprise_id
)
SELECT id, uscc, eligible, rate, CASE WHEN eligible THEN round(round(paid, 2) * rate, 2) ELSE 0.00 END AS amount
FROM decided ORDER BY id
"""


def reference(round_: SchemeRound) -> list[tuple]:
    p = round_.parameters
    year = round_.assessment_year
    args = {
        "start": dt.date(year, 1, 1), "end": dt.date(year, 12, 1), "min_full": p["min_full_payment_months"],
        "months": p["months_in_year"], "small_max": p["small_unit_max_avg_insured"], "small_ratio": Decimal(p["small_unit_max_layoff_ratio"]),
        "ratio": Decimal(p["layoff_ratio_limit"]), "big_min": p["non_enterprise_large_min_avg_insured"],
        "rate_large": Decimal(p["rate_large"]), "rate_sme": Decimal(p["rate_sme"]), "black": sorted(blacklisted_ids(timezone.localdate())),
    }
    with connection.cursor() as cur:
        cur.execute(REFERENCE_SQL, args)
        return cur.fetchall()


def timed(fn):
    start = time.perf_counter()
    result = fn()
    return time.perf_counter() - start, result


def bench_screening() -> dict:
    round_ = SchemeRound.objects.select_related("scheme").get(scheme__code="stable_job_refund", assessment_year=2023)
    SchemeRound.objects.filter(pk=round_.pk).update(closes_on=timezone.localdate() + dt.timedelta(days=1))  # bench data only
    round_.refresh_from_db()
    Application.objects.filter(round=round_).delete()
    t_sql, ref = timed(lambda: reference(round_))
    t_compute, results = timed(lambda: services.screening_compute(round_=round_))
    ours = {r["enterprise"]["id"]: (r["decision"].eligible, r["decision"].amount) for r in results}
    theirs = {row[0]: (row[2], Decimal(row[4]).quantize(Decimal("0.01"))) for row in ref}
    mismatches = [k for k in theirs if ours.get(k) != theirs[k]]
    assert len(ours) == len(theirs) and not mismatches, f"{len(mismatches)} mismatches, e.g. {mismatches[:5]}"
    t_write, totals = timed(lambda: services.screening_run(round_=round_))
    t_sql2, _ = timed(lambda: reference(round_))
    eligible = sum(1 for v in ours.values() if v[0])
    return {"enterprises": len(ours), "eligible": eligible, "total": sum(v[1] for v in ours.values()),
            "sql": min(t_sql, t_sql2), "compute": t_compute, "write": t_write, "candidates": totals["candidates"]}


def bench_batch(n: int = 50000) -> dict:
    round_ = SchemeRound.objects.get(scheme__code="stable_job_refund", assessment_year=2024)
    PayoutItem.objects.filter(batch__round=round_).delete()
    PayoutBatch.objects.filter(round=round_).delete()
    Application.objects.filter(round=round_).delete()
    BankAccount.objects.all().delete()
    ents = list(connection.cursor().execute("SELECT id, name, region_id FROM enterprises_enterprise ORDER BY id LIMIT %s", [n]).fetchall())
    now = timezone.now()
    accounts = BankAccount.objects.bulk_create(
        [BankAccount(enterprise_id=i, account_name=name, bank_name="中国工商银行邢台分行", account_number=f"62220204{i:011d}", confirmed_at=now)
         for i, name, _r in ents], batch_size=5000)
    Application.objects.bulk_create(
        [Application(round=round_, enterprise_id=i, region_id=r, origin="screening", state="payable", eligible=True, rate=Decimal("0.60"),
                     base=Decimal("12000.00"), amount=Decimal("7200.00"), bank_account=acc)
         for (i, _n, r), acc in zip(ents, accounts, strict=True)], batch_size=5000)
    officer, _ = User.objects.get_or_create(username="bench_city", defaults={"role": User.Role.CITY_STAFF})

    def build():
        batch = services.payout_batch_create(round_=round_, actor=officer)
        services.payout_batch_fill(batch_id=batch.pk, actor=officer)
        return services.payout_batch_lock(batch=PayoutBatch.objects.get(pk=batch.pk), actor=officer)

    def export(batch):
        from xingtai_jobs.core.documents import xlsx_bytes

        return len(xlsx_bytes(services.BANK_EXPORT_HEADERS, services.payout_batch_export_rows(batch=batch, actor=officer)))

    t_build, batch = timed(build)
    t_export, size = timed(lambda: export(batch))
    return {"items": batch.item_count, "total": batch.total, "build": t_build, "export": t_export, "xlsx_bytes": size}


def main() -> None:
    if connection.vendor != "postgresql":
        raise SystemExit("needs PostgreSQL (DATABASE_URL)")
    s = bench_screening()
    print(f"screening {s['enterprises']} enterprises (2023): {s['eligible']} eligible, total {s['total']} yuan; "
          f"all (eligible, amount) equal to the SQL reference")
    print(f"  reference SQL query     {s['sql']:6.2f} s")
    print(f"  compute (--dry-run)     {s['compute']:6.2f} s  = {s['compute'] / s['sql']:.1f} x SQL")
    print(f"  screening with writes   {s['write']:6.2f} s  = {s['write'] / s['sql']:.1f} x SQL ({s['candidates']} candidates written)")
    b = bench_batch()
    print(f"payout batch of {b['items']} items, total {b['total']} yuan")
    print(f"  create + fill + lock    {b['build']:6.2f} s")
    print(f"  export bank file xlsx   {b['export']:6.2f} s ({b['xlsx_bytes'] / 1e6:.1f} MB)")
    print(f"  build + export          {b['build'] + b['export']:6.2f} s")


if __name__ == "__main__":
    main()
