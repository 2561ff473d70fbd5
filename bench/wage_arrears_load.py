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


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--base", default="http://127.0.0.1:8765")
    parser.add_argument("-n", type=int, default=1000)
    parser.add_argument("-c", type=int, default=100)
    parser.add_argument("--rate", type=float, default=0, help="submissions due per second (open loop); 0: closed loop")
    parser.add_argument("--check", action="store_true")
    args = parser.parse_args()
    url = urlparse(args.base)
    assert url.hostname in ("127.0.0.1", "localhost"), "load tests only against 127.0.0.1"
    run = uuid.uuid4().hex[:8]
    payloads = [body(i, run) for i in range(args.n)]
    next_index = iter(range(args.n))
    lock = threading.Lock()
    latencies: list[float] = []
    statuses: dict[int, int] = {}
    codes: list[str] = []
    start_gate = threading.Barrier(args.c + 1)
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
            if args.rate:
                due = t_start + i / args.rate
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

    threads = [threading.Thread(target=worker) for _ in range(args.c)]
    for t in threads:
        t.start()
    t_start = time.perf_counter() + 0.05
    start_gate.wait()
    for t in threads:
        t.join()
    wall = time.perf_counter() - t_start
    latencies.sort()
    p = lambda q: latencies[min(len(latencies) - 1, int(q * len(latencies)))] * 1000  # noqa: E731
    mode = f"open loop, due at {args.rate:g}/s" if args.rate else "closed loop"
    print(f"run {run}: {args.n} submissions, {args.c} concurrent clients, {mode}, wall {wall:.2f}s")
    print(f"throughput {args.n / wall:.1f} submissions/s; latency p50 {p(0.50):.0f} ms, p95 {p(0.95):.0f} ms, "
          f"p99 {p(0.99):.0f} ms, max {latencies[-1] * 1000:.0f} ms, mean {statistics.mean(latencies) * 1000:.0f} ms")
    print(f"statuses {statuses}; distinct codes returned {len(set(codes))}")
    ok = statuses.get(201, 0) == args.n and len(set(codes)) == args.n
    if args.check:
        sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
        os.environ.setdefault("DJANGO_SETTINGS_MODULE", "xingtai_jobs.settings")
        os.environ.setdefault("DJANGO_DEBUG", "true")  # a read-only count; the server has its own settings
        import django

        django.setup()
        from wage_arrears.models import Complaint

        stored = Complaint.objects.filter(description=f"bench {run}")
        n_stored, n_codes = stored.count(), stored.values("tracking_code").distinct().count()
        print(f"stored in database: {n_stored} rows, {n_codes} distinct tracking codes")
        ok = ok and n_stored == n_codes == args.n
    print("OK" if ok else "FAILED")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
