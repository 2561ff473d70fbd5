"""Public pages and keyword search at city scale (issue 16; not part of the test suite).

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/xt_perf REDIS_URL=redis://127.0.0.1:6379/9 \
        .venv/bin/python bench/public_pages.py [--rounds 3] [--seconds 10] [--search-requests 200] [--no-readme] [--only search]

1. Loads city-scale data when the database has less: 50,000 enterprises (``bench/synth.py load``),
   100,000 job postings (COPY, deterministic; 1 % of them 光伏运维技术员), 60 events, a published
   subsidy notice, and the ranking pages' data when present.
2. Starts gunicorn with production settings (``bench.server``; debug off, sync workers).
3. Runs ``wrk`` in interleaved rounds: in each round the trivial view ``/bench/trivial/`` and then
   every public page; the ratio of each page to the trivial view of the same round, its p99 and
   its non-2xx responses (wrk's ``--timeout`` raised so slow responses are counted, not dropped).
4. Times keyword searches one request at a time (median, p95) over the 100,000 postings.
5. Prints both tables, writes them into bench/README.md (between the ``public-pages`` markers) with
   the date and the load average, and reports each gunicorn worker's RSS after the run.

``--only search``: only step 4 (about a minute instead of 13): prints the keyword table with the load
average and leaves bench/README.md alone (a partial run is not the table of record). ``--pages
measures,rankings``: only the pages whose label contains one of those parts (and the trivial view),
printed, README left alone.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import io
import json
import os
import random
import re
import resource
import statistics
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "xingtai_jobs.settings")
os.environ.setdefault("XT_TESTING", "false")
os.environ.setdefault("DJANGO_DEBUG", "true")

import django  # noqa: E402

django.setup()

from django.db import connection  # noqa: E402
from django.utils import timezone  # noqa: E402

from bench import synth  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
OCCUPATIONS = ["数控车工", "电工", "焊工", "会计", "出纳", "仓管员", "护理员", "讲解员", "软件工程师", "销售代表", "司机", "厨师",
               "保安", "质检员", "装配工", "客服专员", "行政助理", "教师", "电气工程师", "叉车司机"]
PREFIXES = ["急招", "高薪", "熟练", "资深", "初级", "储备", "长期", "夜班", "白班", "驻厂", ""]
RARE = "光伏运维技术员"  # in exactly 1 % of the postings (every 100th)
EDUCATION = ["any", "junior", "senior", "college", "bachelor", "master"]


def ensure_enterprises(n: int) -> None:
    from enterprises.models import Enterprise

    if Enterprise.objects.count() >= n:
        return
    synth.load(n, "2023-01", "2023-12")


def ensure_postings(n: int) -> None:
    """n postings by COPY: titles from a fixed vocabulary, 5 % inactive, some expired."""
    from recruitment.models import JobPosting

    if JobPosting.objects.count() >= n:
        return
    rnd = random.Random(16)
    with connection.cursor() as cur:
        cur.execute("TRUNCATE recruitment_jobposting RESTART IDENTITY CASCADE")
        cur.execute("SELECT id, region_id, name FROM enterprises_enterprise ORDER BY id")
        ents = cur.fetchall()
        today = timezone.localdate()
        now = timezone.now().isoformat()
        buf = io.StringIO()
        w = csv.writer(buf)
        for i in range(n):
            ent_id, region_id, name = ents[i % len(ents)]
            occ = RARE if i % 100 == 0 else OCCUPATIONS[rnd.randrange(len(OCCUPATIONS))]
            title = f"{rnd.choice(PREFIXES)}{occ}"
            lo = rnd.randrange(30, 120) * 100
            start = today - dt.timedelta(days=rnd.randint(0, 60))
            end = max(start, today + dt.timedelta(days=rnd.randint(-10, 120)))
            search_text = " ".join([title, occ, name])[:400]
            w.writerow([ent_id, title, occ, rnd.randint(1, 20), rnd.choice(EDUCATION), rnd.randint(0, 5), lo,
                        lo + rnd.randrange(5, 40) * 100, region_id, "五险一金，包食宿。", start, end, rnd.random() > 0.05, search_text, now])
        cols = ("enterprise_id, title, occupation, headcount, education, experience_years, pay_min, pay_max, region_id, description, "
                "valid_from, valid_to, is_active, search_text, created_at")
        with cur.copy(f"COPY recruitment_jobposting ({cols}) FROM STDIN WITH (FORMAT csv)") as copy:
            copy.write(buf.getvalue())
        cur.execute("ANALYZE recruitment_jobposting")
    print(f"loaded {n} postings")


def ensure_public_data() -> dict:
    """Events, notices and rankings come from the demo data (``seed_demo``, idempotent)."""
    from recruitment.models import Event
    from subsidies.models import PublicNotice

    if not Event.objects.exists() or not PublicNotice.objects.exists():
        subprocess.run([sys.executable, "manage.py", "seed_demo"], cwd=ROOT, check=True, stdout=subprocess.DEVNULL)
    from rankings.models import Ranking
    from recruitment.models import JobPosting

    event = Event.objects.filter(status__in=("published", "ongoing")).order_by("id").first() or Event.objects.order_by("id").first()
    today = timezone.localdate()
    posting = JobPosting.objects.filter(is_active=True, valid_from__lte=today, valid_to__gte=today).order_by("-id").first()
    ranking = Ranking.objects.filter(status="published").order_by("-year").first()
    notice = PublicNotice.objects.order_by("-id").first()
    return {"event": event.pk, "posting": posting.pk, "year": ranking.year if ranking else None, "notice": notice.pk if notice else None}


def pages(ids: dict) -> list[tuple[str, str]]:
    q = urllib.parse.quote
    rows = [
        ("/ home", "/"),
        ("/events/", "/events/"),
        ("/events/<id>/", f"/events/{ids['event']}/"),
        ("/jobs/", "/jobs/"),
        ("/jobs/?q=会计 (5 %)", "/jobs/?q=" + q("会计")),
        ("/jobs/?q=光伏 (1 %)", "/jobs/?q=" + q("光伏")),
        ("/jobs/<id>/", f"/jobs/{ids['posting']}/"),
        ("/complaints/new/?region=130502", "/complaints/new/?region=130502"),
        ("/complaints/track/", "/complaints/track/"),
        ("/notices/", "/notices/"),
        ("/rankings/", "/rankings/"),
        ("/job-demand/", "/job-demand/"),
        ("/api/v1/recruitment/postings/", "/api/v1/recruitment/postings/"),
        ("/api/v1/recruitment/events/", "/api/v1/recruitment/events/"),
        ("/api/v1/rankings/", "/api/v1/rankings/"),
    ]
    if ids["notice"]:
        rows.insert(10, ("/notices/<id>/", f"/notices/{ids['notice']}/"))
    if ids["year"]:
        rows.insert(-4, (f"/rankings/{ids['year']}/", f"/rankings/{ids['year']}/"))
        rows.append((f"/api/v1/rankings/{ids['year']}/entries/", f"/api/v1/rankings/{ids['year']}/entries/"))
    from django.urls import reverse

    rows.insert(-4, ("/measures/", reverse("measures:public-index")))
    rows.insert(-4, ("/measures/12/", reverse("measures:public-detail", args=[12])))
    rows.append(("/api/v1/measures/", "/api/v1/measures/"))
    return rows


def worker_pids(pidfile: Path) -> list[int]:
    master = pidfile.read_text().strip()
    out = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if fields[1] == master:
            out.append(int(stat.parent.name))
    return sorted(out)


def workers_cpu_seconds(pids: list[int]) -> float:
    """User + system CPU time of the gunicorn workers so far (from /proc; clock ticks)."""
    ticks = 0
    for pid in pids:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        ticks += int(fields[11]) + int(fields[12])  # utime, stime
    return ticks / os.sysconf("SC_CLK_TCK")


def machine_busy_seconds() -> float:
    """CPU time the whole machine spent busy so far (all cores; /proc/stat, idle and iowait left out)."""
    fields = [int(x) for x in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]]
    return (sum(fields[:8]) - fields[3] - fields[4]) / os.sysconf("SC_CLK_TCK")


def children_cpu_seconds() -> float:
    """CPU time of this process's finished children (wrk runs as one)."""
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def http_rounds(base: str, rows, *, rounds: int, seconds: int, pidfile: Path) -> dict:
    """Per page and round: wrk's figures, the ratio to the trivial view of the round, and the
    workers' CPU time per request (``cpu_ms``): what the page costs the server, which other work on
    a shared machine slows down but does not add to, unlike requests/s. ``other_cores``: the CPU
    the rest of the machine used meanwhile (busy time less the workers' and wrk's, per second of the
    run: PostgreSQL, Redis, other people's jobs), which tells a slow round on a busy machine from a
    slow page (a tail latency with ``other_cores`` near 0 is the portal's)."""
    from bench.server import wrk

    pids = worker_pids(pidfile)

    def measured(url: str) -> dict:
        before, busy, wrk_cpu, started = workers_cpu_seconds(pids), machine_busy_seconds(), children_cpu_seconds(), time.monotonic()
        result = wrk(url, seconds=seconds, timeout="10s")
        workers = workers_cpu_seconds(pids) - before
        result["cpu_ms"] = workers * 1000 / result["requests"] if result["requests"] else 0.0
        other = (machine_busy_seconds() - busy) - workers - (children_cpu_seconds() - wrk_cpu)
        result["other_cores"] = max(0.0, other) / (time.monotonic() - started)
        return result

    out: dict = {label: [] for label, _ in rows}
    out["trivial"] = []
    for r in range(rounds):
        trivial = measured(base + "/bench/trivial/")
        out["trivial"].append(trivial)
        for label, path in rows:
            result = measured(base + path)
            result["ratio"] = result["rps"] / trivial["rps"] if trivial["rps"] else 0.0
            result["cpu_ratio"] = trivial["cpu_ms"] / result["cpu_ms"] if result["cpu_ms"] else 0.0
            out[label].append(result)
        print(f"round {r + 1}: trivial {trivial['rps']:.0f}/s, {trivial['cpu_ms']:.2f} ms CPU per request", flush=True)
    return out


SEARCHES = [
    ("keyword in 1 % (光伏)", {"q": "光伏"}),
    ("keyword in 5 % (会计)", {"q": "会计"}),
    ("matching nothing (潜水员)", {"q": "潜水员"}),
    ("1 character (焊)", {"q": "焊"}),
    ("1 character, in most postings (工)", {"q": "工"}),
    ("6 characters (光伏运维技术)", {"q": "光伏运维技术"}),
    ("6 characters, employer names only (邢台合成企业)", {"q": "邢台合成企业"}),
    ("keyword + region", {"q": "会计", "region": "REGION"}),
    ("keyword + occupation + pay", {"q": "焊", "occupation": "焊工", "pay": "6000"}),
    ("no filter", {}),
]


def search_latency(base: str, *, requests: int) -> list[dict]:
    """Per keyword: the search itself in-process (selector: the capped id list and the page's rows)
    and the whole page over HTTP uncached (a session cookie keeps it out of the page cache)."""
    from recruitment import selectors
    from xingtai_jobs.core.models import Region

    region = str(Region.objects.order_by("code").values_list("id", flat=True)[2])
    rows = []
    for label, params in SEARCHES:
        params = {k: (region if v == "REGION" else v) for k, v in params.items()}
        kw = {"keyword": params.get("q", ""), "region_id": int(params["region"]) if "region" in params else None,
              "occupation": params.get("occupation", ""), "pay_at_least": int(params["pay"]) if "pay" in params else None}
        sql, http = [], []
        for _ in range(requests):
            started = time.perf_counter()
            results = selectors.job_search(**kw)
            count = results.count() if hasattr(results, "capped_count") else results[:1001].count()
            list(results[0:20])
            sql.append((time.perf_counter() - started) * 1000)
        req = urllib.request.Request(base + "/jobs/?" + urllib.parse.urlencode(params), headers={"Cookie": "sessionid=bench"})
        for _ in range(max(20, requests // 4)):
            started = time.perf_counter()
            with urllib.request.urlopen(req, timeout=30) as resp:  # noqa: S310 - loopback only
                resp.read()
            http.append((time.perf_counter() - started) * 1000)
        sql.sort()
        http.sort()
        rows.append({"search": label, "matches (capped 1001)": count, "median_ms": statistics.median(sql),
                     "p95_ms": sql[int(len(sql) * 0.95) - 1], "page_median_ms": statistics.median(http),
                     "page_p95_ms": http[int(len(http) * 0.95) - 1]})
    return rows


def worker_rss(pidfile: Path) -> list[float]:
    out = []
    for pid in worker_pids(pidfile):
        status = Path(f"/proc/{pid}/status").read_text()
        out.append(int(re.search(r"VmRSS:\s+(\d+)", status).group(1)) / 1024)
    return sorted(out)


def tables(http: dict, searches: list[dict], *, rounds: int, seconds: int, workers: int, rss: list[float], load: str) -> str:
    lines = [f"Measured {dt.datetime.now(dt.UTC):%Y-%m-%d %H:%M} UTC, load average at the start {load}; gunicorn {workers} sync "
             f"workers, production settings, Redis cache; `wrk -t2 -c32 -d{seconds}s --timeout 10s`, {rounds} interleaved rounds "
             "(the trivial view, then every page, per round); ratio = page req/s ÷ trivial req/s of the same round.", "",
             "Worker CPU = the gunicorn workers' CPU time per request (median of the rounds); CPU ratio = trivial's ÷ the page's.", "",
             "Other CPU = the cores the rest of the machine (PostgreSQL, Redis, other jobs) kept busy during the page's run, "
             "per round: a p99 over 100 ms beside a high figure there is the machine's, beside ~0 the portal's.", "",
             "| page | ratio per round | median ratio | req/s (median) | p99 ms (worst round) | worker CPU ms/request | CPU ratio | "
             "other CPU, cores per round | non-2xx | socket errors |",
             "|---|---|---|---|---|---|---|---|---|---|"]
    triv = http["trivial"]
    lines.append(f"| `/bench/trivial/` (reference) | — | 1 | {statistics.median(r['rps'] for r in triv):.0f} | "
                 f"{max(r.get('p99_ms', 0) for r in triv):.1f} | {statistics.median(r['cpu_ms'] for r in triv):.2f} | 1 | "
                 f"{other_cores(triv)} | {sum(r['non_2xx'] for r in triv)} | {'; '.join(filter(None, (r['socket_errors'] for r in triv))) or '—'} |")
    for label, results in http.items():
        if label == "trivial":
            continue
        ratios = [r["ratio"] for r in results]
        lines.append(f"| `{label}` | {' / '.join(f'{x:.2f}' for x in ratios)} | {statistics.median(ratios):.2f} | "
                     f"{statistics.median(r['rps'] for r in results):.0f} | {max(r.get('p99_ms', 0) for r in results):.1f} | "
                     f"{statistics.median(r['cpu_ms'] for r in results):.2f} | {statistics.median(r['cpu_ratio'] for r in results):.2f} | "
                     f"{other_cores(results)} | {sum(r['non_2xx'] for r in results)} | {'; '.join(filter(None, (r['socket_errors'] for r in results))) or '—'} |")
    if searches:
        lines += ["", *search_table(searches)]
    lines += ["", f"Gunicorn worker RSS after the run: {', '.join(f'{x:.0f}' for x in rss)} MB."]
    return "\n".join(lines)


def other_cores(results: list[dict]) -> str:
    return " / ".join(f"{r['other_cores']:.2f}" for r in results)


def search_table(searches: list[dict]) -> list[str]:
    lines = ["Keyword search over 100,000 postings, one request at a time: the search itself (capped id list + the "
             "page's 20 rows, in-process) and the whole `/jobs/?…` page uncached over HTTP (a session cookie keeps it out of "
             "the page cache).", "",
             "| search | matches (capped) | search median ms | search p95 ms | page median ms | page p95 ms |", "|---|---|---|---|---|---|"]
    for row in searches:
        lines.append(f"| {row['search']} | {row['matches (capped 1001)']} | {row['median_ms']:.1f} | {row['p95_ms']:.1f} | "
                     f"{row['page_median_ms']:.1f} | {row['page_p95_ms']:.1f} |")
    return lines


def write_readme(text: str) -> None:
    readme = ROOT / "bench" / "README.md"
    start, end = "<!-- public-pages:start -->", "<!-- public-pages:end -->"
    body = readme.read_text()
    block = f"{start}\n{text}\n{end}"
    if start in body:
        body = re.sub(re.escape(start) + ".*?" + re.escape(end), lambda _m: block, body, flags=re.S)
    else:
        body = body.rstrip() + ("\n\n## Issue 16: public pages and keyword search (`bench/public_pages.py`)\n\n"
                                "    DATABASE_URL=postgres://postgres@127.0.0.1:5432/xt_perf REDIS_URL=redis://127.0.0.1:6379/9 "
                                ".venv/bin/python bench/public_pages.py\n\n" + block + "\n")
    readme.write_text(body)


def main() -> None:
    p = argparse.ArgumentParser()
    p.add_argument("--enterprises", type=int, default=50_000)
    p.add_argument("--postings", type=int, default=100_000)
    p.add_argument("--rounds", type=int, default=3)
    p.add_argument("--seconds", type=int, default=10)
    p.add_argument("--workers", type=int, default=2)
    p.add_argument("--search-requests", type=int, default=200)
    p.add_argument("--no-readme", action="store_true")
    p.add_argument("--only", choices=("search",), help="search: only the keyword table (printed; README untouched)")
    p.add_argument("--pages", default="", help="comma-separated parts of page labels: only those pages (and the trivial "
                   "view), no keyword table; printed, README untouched")
    args = p.parse_args()
    db = os.environ["DATABASE_URL"]
    if not db.startswith("postgres"):
        raise SystemExit("run against PostgreSQL")
    ensure_enterprises(args.enterprises)
    ensure_postings(args.postings)
    ids = ensure_public_data()
    load = " ".join(Path("/proc/loadavg").read_text().split()[:3])
    from bench.server import gunicorn_server

    pidfile = Path("/tmp") / f"xt-bench-public-{os.getpid()}.pid"
    env = {"XT_RATELIMIT_ENABLE": "false"}
    if os.environ.get("REDIS_URL"):
        env["REDIS_URL"] = os.environ["REDIS_URL"]
    rows = pages(ids)
    if args.pages:
        rows = [(label, path) for label, path in rows if any(part in label for part in args.pages.split(","))]
    with gunicorn_server(db, port=8796, workers=args.workers, env=env, pidfile=str(pidfile)) as base:
        for _label, path in rows:  # warm up and check every page answers
            with urllib.request.urlopen(base + path, timeout=30) as resp:  # noqa: S310 - loopback only
                assert resp.status == 200, path
        if args.only == "search":
            searches = search_latency(base, requests=args.search_requests)
            load += ", at the end " + " ".join(Path("/proc/loadavg").read_text().split()[:3])
            print(f"Keyword search only, {dt.datetime.now(dt.UTC):%Y-%m-%d %H:%M} UTC, load average at the start {load}\n")
            print("\n".join(search_table(searches)))
            return
        http = http_rounds(base, rows, rounds=args.rounds, seconds=args.seconds, pidfile=pidfile)
        if args.pages:
            load += ", at the end " + " ".join(Path("/proc/loadavg").read_text().split()[:3])
            print(tables(http, [], rounds=args.rounds, seconds=args.seconds, workers=args.workers, rss=worker_rss(pidfile), load=load))
            return
        searches = search_latency(base, requests=args.search_requests)
        rss = worker_rss(pidfile)
    load += ", at the end " + " ".join(Path("/proc/loadavg").read_text().split()[:3])
    text = tables(http, searches, rounds=args.rounds, seconds=args.seconds, workers=args.workers, rss=rss, load=load)
    print(text)
    (ROOT / "bench" / "out").mkdir(exist_ok=True)
    (ROOT / "bench" / "out" / "public_pages.json").write_text(json.dumps({"http": http, "search": searches, "rss_mb": rss}, ensure_ascii=False, indent=1))
    if not args.no_readme:
        write_readme(text)


if __name__ == "__main__":
    main()
