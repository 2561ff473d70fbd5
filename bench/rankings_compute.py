"""Measure 1 benchmarks: the ranking computation against one hand-written SQL query, and the cached
public ranking page under wrk next to the trivial Django view.

    export DATABASE_URL=postgres://postgres@127.0.0.1:5432/xt_bench_rankings
    .venv/bin/python manage.py migrate
    .venv/bin/python bench/synth.py load --enterprises 50000 --from 2022-01 --to 2023-12
    .venv/bin/python bench/rankings_compute.py [--runs 3] [--http]

The computation is timed end to end through the service the command and the task use
(``ranking_compute``: chunked inserts, percent ranks, scores, ranks). The reference is ONE SQL
statement written by hand with ``percent_rank()``; both must give the same top 100.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "xingtai_jobs.settings")
os.environ.setdefault("XT_TESTING", "false")
os.environ.setdefault("DJANGO_DEBUG", "true")

import django  # noqa: E402

django.setup()

from django.db import connection  # noqa: E402

YEAR = 2023

REFERENCE_SQL = """
WITH m AS (
    SELECT enterprise_id,
           COUNT(*) FILTER (WHERE month >= %(y0)s AND insured_count > 0) AS months_ok,
           SUM(insured_count) FILTER (WHERE month >= %(y0)s) AS s,
           SUM(new_insured) FILTER (WHERE month >= %(y0)s) AS hires,
           SUM(ui_new_claimants) FILTER (WHERE month >= %(y0)s) AS claims,
           MAX(insured_count) FILTER (WHERE month = %(dec)s) AS dec_y,
           MAX(insured_count) FILTER (WHERE month = %(prev)s) AS dec_prev,
           MAX(insured_count) FILTER (WHERE month = %(y0)s) AS jan_y
    FROM enterprises_insurancemonth
    WHERE month BETWEEN %(prev)s AND %(dec)s
    GROUP BY enterprise_id
), d AS (
    SELECT enterprise_id, COUNT(*) AS n FROM enterprises_labourdispute
    WHERE filed_date BETWEEN %(y0)s AND %(y1)s GROUP BY enterprise_id
), p AS (
    SELECT e.uscc, m.s, m.dec_y - COALESCE(m.dec_prev, m.jan_y) AS growth, m.hires, m.claims, COALESCE(d.n, 0) AS disputes
    FROM m JOIN enterprises_enterprise e ON e.id = m.enterprise_id LEFT JOIN d ON d.enterprise_id = m.enterprise_id
    WHERE m.months_ok = 12 AND NOT e.dishonest AND NOT e.deregistering
), r AS (
    SELECT uscc, s,
           PERCENT_RANK() OVER (ORDER BY s) AS pt, PERCENT_RANK() OVER (ORDER BY growth) AS pg,
           PERCENT_RANK() OVER (ORDER BY hires) AS ph,
           PERCENT_RANK() OVER (ORDER BY claims::numeric / s DESC) AS pl,
           PERCENT_RANK() OVER (ORDER BY disputes::numeric / s DESC) AS pd
    FROM p
)
SELECT uscc, ROUND((100 * (0.30 * pt + 0.25 * pg + 0.25 * ph + 0.10 * pl + 0.10 * pd))::numeric, 2) AS score, s
FROM r ORDER BY score DESC, s DESC, uscc ASC LIMIT 100
"""


def reference(year: int) -> tuple[float, list[tuple[str, str]]]:
    import datetime as dt

    params = {"y0": dt.date(year, 1, 1), "y1": dt.date(year, 12, 31), "dec": dt.date(year, 12, 1), "prev": dt.date(year - 1, 12, 1)}
    start = time.perf_counter()
    with connection.cursor() as cur:
        cur.execute(REFERENCE_SQL, params)
        rows = cur.fetchall()
    return time.perf_counter() - start, [(u, f"{s:.2f}") for u, s, _ in rows]


def service(year: int) -> tuple[float, list[tuple[str, str]], int]:
    from rankings.models import PublishedEntry, Ranking
    from rankings.services import ranking_compute

    # bench database only: forget an earlier benchmark publication so the year can be recomputed
    PublishedEntry.objects.filter(ranking__year=year).delete()
    Ranking.objects.filter(year=year, status__in=["published", "withdrawn"]).delete()
    start = time.perf_counter()
    ranking = ranking_compute(year=year)
    elapsed = time.perf_counter() - start
    top = [(e.uscc, f"{e.score:.2f}") for e in ranking.entries.order_by("rank")[:100]]
    return elapsed, top, ranking.population_count


def http(year: int, port: int) -> dict:
    from bench.server import gunicorn_server, wrk
    from rankings.models import Ranking
    from rankings.services import ranking_publish

    ranking = Ranking.objects.get(year=year)
    if ranking.status == Ranking.Status.PREVIEW:
        ranking_publish(ranking=ranking, force=True, reason="benchmark")
    env = {"REDIS_URL": os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/6")}
    with gunicorn_server(os.environ["DATABASE_URL"], port=port, workers=4, env=env) as base:
        wrk(base + "/bench/trivial/", seconds=2)  # warm-up
        wrk(base + f"/rankings/{year}/", seconds=2)  # fills the cache
        trivial = wrk(base + "/bench/trivial/", seconds=10)
        page = wrk(base + f"/rankings/{year}/", seconds=10)
        region = wrk(base + f"/rankings/{year}/?region=130502", seconds=10)
    return {"trivial view": trivial, f"/rankings/{year}/": page, f"/rankings/{year}/?region=130502": region,
            "page / trivial": round(page["rps"] / trivial["rps"], 2)}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--year", type=int, default=YEAR)
    parser.add_argument("--http", action="store_true", help="also run the wrk comparison (publishes the ranking)")
    parser.add_argument("--port", type=int, default=8796, help="loopback port for gunicorn (8765 is the kernel bench's)")
    args = parser.parse_args()
    if connection.vendor != "postgresql":
        raise SystemExit("run on PostgreSQL (DATABASE_URL)")
    ref_times, svc_times = [], []
    out: dict = {}
    for _ in range(args.runs):
        t, ref_top = reference(args.year)
        ref_times.append(t)
        t, svc_top, population = service(args.year)
        svc_times.append(t)
    if args.runs:
        out.update(compare(ref_times, ref_top, svc_times, svc_top, population))
    if args.http:
        out["http"] = http(args.year, args.port)
    print(json.dumps(out, indent=2, ensure_ascii=False))


def compare(ref_times, ref_top, svc_times, svc_top, population) -> dict:
    same = ref_top == svc_top
    out = {
        "enterprises ranked": population,
        "service ranking_compute (s, median of runs)": round(statistics.median(svc_times), 3),
        "service runs (s)": [round(t, 3) for t in svc_times],
        "reference SQL (s, median)": round(statistics.median(ref_times), 3),
        "reference runs (s)": [round(t, 3) for t in ref_times],
        "ratio service / SQL": round(statistics.median(svc_times) / statistics.median(ref_times), 2),
        "same top 100 (uscc and score)": same,
    }
    if not same:
        diffs = [(i + 1, a, b) for i, (a, b) in enumerate(zip(ref_top, svc_top, strict=False)) if a != b]
        out["first differences"] = diffs[:5]
    return out


if __name__ == "__main__":
    main()
