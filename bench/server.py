"""Shared benchmark plumbing: run the portal under gunicorn on this machine and drive it with wrk.

    from bench.server import gunicorn_server, wrk
    with gunicorn_server(database_url, port=8765, workers=4, env={...}) as base:
        print(wrk(base + "/bench/trivial/", connections=32, seconds=10))

Only loopback addresses are used. Nothing here is part of the test suite."""

from __future__ import annotations

import contextlib
import os
import re
import shutil
import signal
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
VENV_BIN = Path(sys.executable).parent


@contextlib.contextmanager
def gunicorn_server(database_url: str, *, port: int = 8765, workers: int = 4, threads: int = 1, env: dict | None = None,
                    pidfile: str | None = None):
    """Start gunicorn (production settings, debug off) against ``database_url``; yield its base URL
    (``pidfile``: gunicorn writes the master's pid there, for reading the workers' memory)."""
    run_env = {
        **os.environ,
        "DATABASE_URL": database_url,
        "DJANGO_DEBUG": "false",
        "XT_TESTING": "false",
        "DJANGO_SECRET_KEY": "bench-" + "x" * 50,
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1,localhost",
        "DJANGO_SECURE_SSL_REDIRECT": "false",
        "DB_CONN_MAX_AGE": "600",
        **(env or {}),
    }
    subprocess.run([str(VENV_BIN / "python"), "manage.py", "collectstatic", "--noinput", "-v0"], cwd=ROOT, env=run_env, check=True)
    proc = subprocess.Popen(
        [str(VENV_BIN / "gunicorn"), "xingtai_jobs.wsgi:application", "--bind", f"127.0.0.1:{port}", "--workers", str(workers),
         "--threads", str(threads), "--log-level", "warning", *(["--pid", pidfile] if pidfile else [])],
        cwd=ROOT, env=run_env, start_new_session=True,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(100):
            try:
                urllib.request.urlopen(base + "/healthz", timeout=1)  # noqa: S310 - loopback only
                break
            except OSError:
                time.sleep(0.2)
        else:
            raise RuntimeError("gunicorn did not start")
        yield base
    finally:
        os.killpg(proc.pid, signal.SIGTERM)
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)


def wrk(url: str, *, connections: int = 32, seconds: int = 10, threads: int = 2, timeout: str = "2s") -> dict:
    """Run wrk against a loopback URL; return requests/s and latency percentiles (ms). ``timeout``:
    wrk's (raise it so slow responses are counted rather than dropped as timeouts)."""
    if not url.startswith(("http://127.0.0.1", "http://localhost")):
        raise ValueError("benchmarks only target loopback")
    if not shutil.which("wrk"):
        raise RuntimeError("wrk is not installed (apt-get install wrk)")
    out = subprocess.run(
        ["wrk", "-t", str(threads), "-c", str(connections), "-d", f"{seconds}s", "--timeout", timeout, "--latency", url],
        capture_output=True, text=True, check=True,
    ).stdout
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
    total = re.search(r"(\d+) requests in", out)
    lat = {}
    for pct in ("50", "75", "90", "99"):
        m = re.search(rf"\s{pct}%\s+([\d.]+)(us|ms|s)", out)
        if m:
            value, unit = float(m.group(1)), m.group(2)
            lat[f"p{pct}_ms"] = value / 1000 if unit == "us" else value * 1000 if unit == "s" else value
    non2xx = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", out)
    errors = re.search(r"Socket errors: (.*)", out)
    return {"rps": rps, "requests": int(total.group(1)) if total else 0, **lat, "non_2xx": int(non2xx.group(1)) if non2xx else 0, "socket_errors": errors.group(1) if errors else ""}
