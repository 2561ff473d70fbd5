"""Reference figures for every HTTP benchmark: the trivial Django view and the home page.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/xt_bench_main python bench/kernel_http.py
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.server import gunicorn_server, wrk  # noqa: E402


def main() -> None:
    db = os.environ.get("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/xt_bench_main")
    with gunicorn_server(db, workers=4) as base:
        wrk(base + "/bench/trivial/", seconds=2)  # warm-up
        results = {
            "trivial view": wrk(base + "/bench/trivial/", seconds=10),
            "home page": wrk(base + "/", seconds=10),
            "healthz": wrk(base + "/healthz", seconds=10),
        }
    print(json.dumps(results, indent=2))


if __name__ == "__main__":
    main()
