"""Wage-arrears intake benchmark (not part of the test suite).

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/xt_bench_wage \\
        .venv/bin/python bench/wage_arrears_bench.py [--workers 2] [--repeat 3]

Needs the registry from ``bench/synth.py load`` (each submission is matched against 50,000
enterprises). Starts gunicorn (``bench.server``: production settings, sync workers as in the
Dockerfile, loopback) with the rate limits raised, then measures through the public API:

1. closed loop: 1,000 submissions from 100 clients sending back to back (capacity), ``--repeat`` times;
2. open loop: 1,000 submissions due at 200/s from 100 clients (latency at the target's rate);
3. one client at a time: 300 submissions (latency without any queue);
4. wrk: the trivial reference view, the complaint form page and the status API.

Every submission run checks in the database that all were stored with distinct tracking codes.
Prints a Markdown table for bench/wage_arrears.md.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.server import gunicorn_server, wrk  # noqa: E402
from bench.wage_arrears_load import load  # noqa: E402

RAISED_LIMITS = {
    "XT_RATELIMIT_COMPLAINT_IP": "1000000/h",
    "XT_RATELIMIT_COMPLAINT_PHONE": "1000000/d",
    "XT_RATELIMIT_TRACK_IP": "1000000/h",
    "XT_PRIVATE_MEDIA_ROOT": "/tmp/wage_bench/media",
}


def loadavg() -> str:
    return Path("/proc/loadavg").read_text().split()[0]


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--workers", type=int, default=2, help="gunicorn sync workers (default: one per core)")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--port", type=int, default=8765)
    args = parser.parse_args()
    database_url = os.environ["DATABASE_URL"]
    env = {**RAISED_LIMITS, "REDIS_URL": os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/5")}
    rows, ok = [], True
    with gunicorn_server(database_url, port=args.port, workers=args.workers, env=env) as base:
        load(base, n=300, clients=50)  # warm-up: connections, imports, memos
        runs = ([("closed loop, 100 clients", {"clients": 100})] * args.repeat
                + [("open loop 200/s, 100 clients", {"clients": 100, "rate": 200})] * args.repeat
                + [("one client at a time", {"clients": 1, "n": 300})])
        for label, kwargs in runs:
            before = loadavg()
            r = load(base, **{"n": 1000, **kwargs}, check=True)
            ok = ok and r["ok"]
            errors = r["n"] - r["statuses"].get(201, 0)
            rows.append(f"| {label} | {r['stored']} / {r['stored_codes']} / {errors} | {r['throughput']:.0f} | "
                        f"{r['p50_ms']:.0f} ms | {r['p99_ms']:.0f} ms | {r['max_ms']:.0f} ms | {before} |")
            print(rows[-1], flush=True)
        pages = [("`/bench/trivial/` (reference)", "/bench/trivial/"),
                 ("`/complaints/new/?region=130502` (form page)", "/complaints/new/?region=130502"),
                 ("`GET /api/v1/wage-arrears/complaints/status/` (wrong code: 404)",
                  "/api/v1/wage-arrears/complaints/status/?code=QX-2222-2222&phone_last4=0000")]
        page_rows = []
        for label, path in pages:
            w = wrk(base + path, connections=20, seconds=10)
            page_rows.append(f"| {label} | {w['rps']:.0f} | {w.get('p50_ms', 0):.1f} ms | {w.get('p99_ms', 0):.1f} ms |")
            print(page_rows[-1], flush=True)
    print(f"\ngunicorn: {args.workers} sync workers\n")
    print("| run (1,000 submissions unless noted) | stored / distinct codes / errors | submissions/s | p50 | p99 | max "
          "| load avg before |")
    print("|---|---|---|---|---|---|---|")
    print("\n".join(rows))
    print("\n| page (wrk -t2 -c20 -d10s) | requests/s | p50 | p99 |\n|---|---|---|---|")
    print("\n".join(page_rows))
    print("\nOK" if ok else "\nFAILED")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
