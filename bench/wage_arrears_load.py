"""Load test of the complaint API: N submissions from C concurrent clients (threads, keep-alive).

    python bench/wage_arrears_load.py --base http://127.0.0.1:8765 -n 1000 -c 100 [--check]
    python bench/wage_arrears_load.py --base http://127.0.0.1:8765 -n 1000 -c 100 --rate 200 [--check]

Without --rate the clients send back to back (closed loop): the throughput is the server's capacity,
and by Little's law the mean latency is C / throughput. With --rate R the submissions are due at
R per second (open loop, start times fixed in advance) and each latency is measured from the moment
the submission was due, so a server that falls behind is charged for the queue it builds.

Each submission has its own phone number and submission key. With --check (DATABASE_URL set to the
same database as the server) it verifies that every submission is stored with a distinct tracking
code. Only for 127.0.0.1. Not part of the test suite.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import statistics
import sys
import threading
import time
import uuid
from urllib.parse import urlparse


def body(i: int, run: str) -> bytes:
    return json.dumps({
        "complainant_name": "压测工人", "complainant_phone": f"139{(hash(run) + i) % 10**8:08d}",
        "employer_name": f"压测建筑公司{i % 97}", "project_name": f"压测项目{i % 31}", "address": "邢台市襄都区",
        "region_code": "130502", "sector": "construction", "workers_affected": 1 + i % 5, "period_start": "2024-01",
        "period_end": "2024-03", "amount_owed": f"{3000 + i}.50", "description": f"bench {run}",
        "submission_key": str(uuid.uuid4()),
    }).encode()


def load(base: str, *, n: int = 1000, clients: int = 100, rate: float = 0, check: bool = False) -> dict:
    """Send ``n`` submissions from ``clients`` threads (open loop at ``rate``/s when given); the figures.

    With ``check``, count the stored rows and distinct codes in the database (DATABASE_URL)."""
    url = urlparse(base)
    assert url.hostname in ("127.0.0.1", "localhost"), "load tests only against 127.0.0.1"
    run = uuid.uuid4().hex[:8]
    payloads = [body(i, run) for i in range(n)]
    next_index = iter(range(n))
    lock = threading.Lock()
    latencies: list[float] = []
    statuses: dict[int, int] = {}
    codes: list[str] = []
    start_gate = threading.Barrier(clients + 1)
    t_start = 0.0

    def worker():
        conn = http.client.HTTPConnection(url.hostname, url.port, timeout=30)
        start_gate.wait()
        while True:
            with lock:
                i = next(next_index, None)
            if i is None:
                break
            due = time.perf_counter()
            if rate:
                due = t_start + i / rate
                pause = due - time.perf_counter()
                if pause > 0:
                    time.sleep(pause)
            try:
                conn.request("POST", "/api/v1/wage-arrears/complaints/", payloads[i],
                             {"Content-Type": "application/json"})
                resp = conn.getresponse()
                data = resp.read()
                status = resp.status
            except (OSError, http.client.HTTPException):
                conn.close()
                conn = http.client.HTTPConnection(url.hostname, url.port, timeout=30)
                status, data = 0, b""
            elapsed = time.perf_counter() - due
            with lock:
                latencies.append(elapsed)
                statuses[status] = statuses.get(status, 0) + 1
                if status == 201:
                    codes.append(json.loads(data)["tracking_code"])
        conn.close()

    threads = [threading.Thread(target=worker) for _ in range(clients)]
    for t in threads:
        t.start()
    t_start = time.perf_counter() + 0.05
    start_gate.wait()
    for t in threads:
        t.join()
    wall = time.perf_counter() - t_start
    latencies.sort()

    def pct(q: float) -> float:
        return latencies[min(len(latencies) - 1, int(q * len(latencies)))] * 1000

    result = {
        "run": run, "n": n, "clients": clients, "rate": rate, "wall_s": wall, "throughput": n / wall,
        "p50_ms": pct(0.50), "p95_ms": pct(0.95), "p99_ms": pct(0.99), "max_ms": latencies[-1] * 1000,
        "mean_ms": statistics.mean(latencies) * 1000, "statuses": statuses, "distinct_codes": len(set(codes)),
    }
    ok = statuses.get(201, 0) == n and len(set(codes)) == n
    if check:
        sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
        os.environ.setdefault("DJANGO_SETTINGS_MODULE", "xingtai_jobs.settings")
        os.environ.setdefault("DJANGO_DEBUG", "true")  # a read-only count; the server has its own settings
        import django

        django.setup()
        from wage_arrears.models import Complaint

        stored = Complaint.objects.filter(description=f"bench {run}")
        result["stored"], result["stored_codes"] = stored.count(), stored.values("tracking_code").distinct().count()
        ok = ok and result["stored"] == result["stored_codes"] == n
    result["ok"] = ok
    return result


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--base", default="http://127.0.0.1:8765")
    parser.add_argument("-n", type=int, default=1000)
    parser.add_argument("-c", type=int, default=100)
    parser.add_argument("--rate", type=float, default=0, help="submissions due per second (open loop); 0: closed loop")
    parser.add_argument("--check", action="store_true")
    args = parser.parse_args()
    r = load(args.base, n=args.n, clients=args.c, rate=args.rate, check=args.check)
    mode = f"open loop, due at {args.rate:g}/s" if args.rate else "closed loop"
    print(f"run {r['run']}: {args.n} submissions, {args.c} concurrent clients, {mode}, wall {r['wall_s']:.2f}s")
    print(f"throughput {r['throughput']:.1f} submissions/s; latency p50 {r['p50_ms']:.0f} ms, p95 {r['p95_ms']:.0f} ms, "
          f"p99 {r['p99_ms']:.0f} ms, max {r['max_ms']:.0f} ms, mean {r['mean_ms']:.0f} ms")
    print(f"statuses {r['statuses']}; distinct codes returned {r['distinct_codes']}")
    if args.check:
        print(f"stored in database: {r['stored']} rows, {r['stored_codes']} distinct tracking codes")
    print("OK" if r["ok"] else "FAILED")
    return 0 if r["ok"] else 1


if __name__ == "__main__":
    sys.exit(main())
