"""Recruitment benchmarks (not part of the test suite).

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/xt_bench_recruitment \
        .venv/bin/python bench/recruitment_load.py [--postings 100000] [--registrations 1000] [--capacity 500]

1. Fills the bench database with N synthetic job postings (deterministic; needs enterprises from
   ``bench/synth.py load``).
2. Starts gunicorn (bench.server, production settings, loopback) and fires ``--registrations``
   concurrent registrations at one event of ``--capacity`` through the public API; checks in the
   database that exactly ``capacity`` are confirmed, the rest wait-listed, and no request failed.
3. Times the public job search (/jobs/ with varied filters) one request at a time: median and p95.
4. wrk -c 32 on /jobs/ and a filtered search beside the trivial view /bench/trivial/.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import random
import statistics
import sys
import time
import urllib.parse
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "xingtai_jobs.settings")
os.environ.setdefault("XT_TESTING", "false")
os.environ.setdefault("DJANGO_DEBUG", "true")

import django  # noqa: E402

django.setup()

from django.db import connection  # noqa: E402
from django.utils import timezone  # noqa: E402

from bench.server import gunicorn_server, wrk  # noqa: E402
from enterprises.models import Enterprise  # noqa: E402
from recruitment.models import Event, JobPosting, Registration  # noqa: E402
from xingtai_jobs.core.models import Region  # noqa: E402

OCCUPATIONS = ["数控车工", "电工", "焊工", "会计", "出纳", "仓管员", "护理员", "讲解员", "软件工程师", "销售代表", "司机", "厨师",
               "保安", "运维技术员", "质检员", "装配工", "客服专员", "行政助理", "教师", "电气工程师"]
EDUCATION = ["any", "junior", "senior", "college", "bachelor", "master"]


def ensure_postings(n: int) -> None:
    have = JobPosting.objects.count()
    if have >= n:
        print(f"postings: {have} already present")
        return
    rnd = random.Random(4)
    ent_ids = list(Enterprise.objects.values_list("id", "region_id")[:20000])
    names = dict(Enterprise.objects.filter(id__in=[e for e, _r in ent_ids]).values_list("id", "name"))
    if not ent_ids:
        raise SystemExit("no enterprises: run bench/synth.py load first")
    today = timezone.localdate()
    batch = []
    started = time.perf_counter()
    for i in range(have, n):
        ent_id, region_id = ent_ids[i % len(ent_ids)]
        occ = OCCUPATIONS[rnd.randrange(len(OCCUPATIONS))]
        lo = rnd.randrange(30, 120) * 100
        start = today - dt.timedelta(days=rnd.randint(0, 60))
        batch.append(JobPosting(
            search_text=f"{occ}（{i}号） {occ} {names[ent_id]}", enterprise_id=ent_id, title=f"{occ}（{i}号）", occupation=occ, headcount=rnd.randint(1, 20), education=rnd.choice(EDUCATION),
            experience_years=rnd.randint(0, 5), pay_min=Decimal(lo), pay_max=Decimal(lo + rnd.randrange(5, 40) * 100), region_id=region_id,
            description="五险一金，包食宿。", valid_from=start,
            valid_to=max(start, today + dt.timedelta(days=rnd.randint(-10, 120))), is_active=rnd.random() > 0.05))
        if len(batch) == 10000:
            JobPosting.objects.bulk_create(batch)
            batch = []
    if batch:
        JobPosting.objects.bulk_create(batch)
    with connection.cursor() as cur:
        cur.execute("ANALYZE recruitment_jobposting")
    print(f"postings: created {n - have} in {time.perf_counter() - started:.1f}s")


def new_event(capacity: int) -> Event:
    now = timezone.now()
    return Event.objects.create(title=f"压测招聘会 {now:%H%M%S}", kind=Event.Kind.ONSITE, region=Region.objects.get(code="130502"),
                                starts_at=now + dt.timedelta(days=1), ends_at=now + dt.timedelta(days=1, hours=4), capacity=capacity,
                                status=Event.Status.PUBLISHED)


def post_json(url: str, payload: dict) -> tuple[int, float]:
    req = urllib.request.Request(url, data=json.dumps(payload).encode(), headers={"Content-Type": "application/json"}, method="POST")
    started = time.perf_counter()
    try:
        with urllib.request.urlopen(req, timeout=120) as resp:  # noqa: S310 - loopback only
            resp.read()
            code = resp.status
    except urllib.error.HTTPError as exc:
        code = exc.code
    return code, (time.perf_counter() - started) * 1000


def registrations(base: str, *, count: int, capacity: int, threads: int) -> dict:
    event = new_event(capacity)
    url = base + "/api/v1/recruitment/registrations/"
    payloads = [{"event": event.pk, "name": f"压测{i}", "phone": f"1350{i:07d}", "education": "bachelor", "wanted_occupation": "普工"}
                for i in range(count)]
    started = time.perf_counter()
    with ThreadPoolExecutor(max_workers=threads) as pool:
        results = list(pool.map(lambda p: post_json(url, p), payloads))
    wall = time.perf_counter() - started
    codes: dict[int, int] = {}
    for code, _ms in results:
        codes[code] = codes.get(code, 0) + 1
    latencies = sorted(ms for _code, ms in results)
    event.refresh_from_db()
    return {
        "requests": count, "capacity": capacity, "client_threads": threads, "http_status": codes, "wall_s": round(wall, 2),
        "registrations_per_s": round(count / wall, 1), "p50_ms": round(latencies[len(latencies) // 2], 1),
        "p99_ms": round(latencies[int(len(latencies) * 0.99)], 1),
        "confirmed": Registration.objects.filter(event=event, status="confirmed").count(),
        "waitlisted": Registration.objects.filter(event=event, status="waitlisted").count(),
        "event_confirmed_count": event.confirmed_count,
    }


def search_latency(base: str, *, rounds: int) -> dict:
    regions = list(Region.objects.values_list("id", flat=True))
    rnd = random.Random(7)
    queries = []
    for _ in range(rounds):
        q: dict = {}
        pick = rnd.random()
        if pick < 0.3:
            q["region"] = rnd.choice(regions)
        if 0.2 < pick < 0.6:
            q["occupation"] = rnd.choice(OCCUPATIONS)
        if pick > 0.5:
            q["pay"] = rnd.randrange(40, 100) * 100
        if pick > 0.8:
            q["education"] = rnd.choice(EDUCATION)
        if 0.1 < pick < 0.25:
            q["q"] = rnd.choice(OCCUPATIONS)[:2]
        queries.append(q)
    queries[0] = {}
    timings = []
    for q in queries:
        started = time.perf_counter()
        with urllib.request.urlopen(base + "/jobs/?" + urllib.parse.urlencode(q), timeout=30) as resp:  # noqa: S310
            resp.read()
        timings.append((time.perf_counter() - started) * 1000)
    timings.sort()
    return {"requests": rounds, "median_ms": round(statistics.median(timings), 1), "p95_ms": round(timings[int(rounds * 0.95)], 1),
            "max_ms": round(timings[-1], 1)}


def main() -> None:
    p = argparse.ArgumentParser()
    p.add_argument("--postings", type=int, default=100_000)
    p.add_argument("--registrations", type=int, default=1000)
    p.add_argument("--capacity", type=int, default=500)
    p.add_argument("--client-threads", type=int, default=200)
    p.add_argument("--workers", type=int, default=4)
    p.add_argument("--gthreads", type=int, default=8)
    p.add_argument("--search-rounds", type=int, default=200)
    p.add_argument("--wrk-seconds", type=int, default=10)
    args = p.parse_args()
    db = os.environ["DATABASE_URL"]
    if not db.startswith("postgres"):
        raise SystemExit("run against PostgreSQL")
    ensure_postings(args.postings)
    out: dict = {"postings_total": JobPosting.objects.count(), "postings_searchable": JobPosting.objects.filter(
        is_active=True, valid_to__gte=timezone.localdate(), valid_from__lte=timezone.localdate()).count()}
    with gunicorn_server(db, port=8794, workers=args.workers, threads=args.gthreads, env={"XT_RATELIMIT_ENABLE": "false"}) as base:
        urllib.request.urlopen(base + "/jobs/", timeout=30).read()  # noqa: S310 - warm up
        out["registration"] = registrations(base, count=args.registrations, capacity=args.capacity, threads=args.client_threads)
        out["search_sequential"] = search_latency(base, rounds=args.search_rounds)
        out["wrk"] = {
            "/bench/trivial/": wrk(base + "/bench/trivial/", connections=32, seconds=args.wrk_seconds),
            "/jobs/": wrk(base + "/jobs/", connections=32, seconds=args.wrk_seconds),
            "/jobs/?occupation=焊工&pay=6000": wrk(base + "/jobs/?occupation=%E7%84%8A%E5%B7%A5&pay=6000", connections=32,
                                                    seconds=args.wrk_seconds),
            "/api/v1/recruitment/postings/?region=1": wrk(base + "/api/v1/recruitment/postings/?region=1", connections=32,
                                                          seconds=args.wrk_seconds),
        }
    print(json.dumps(out, ensure_ascii=False, indent=2))


if __name__ == "__main__":
    main()
