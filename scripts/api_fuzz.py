#!/usr/bin/env python
"""Fuzz the REST API from its own description with schemathesis (issue 11, item 9).

    python scripts/api_fuzz.py [--examples N] [--port P]

Migrates the configured database (DATABASE_URL), loads the demo data, gives a county officer an
API token, starts the portal as in production (gunicorn, DEBUG off) on 127.0.0.1:PORT and runs
``schemathesis run /api/schema/ --checks all`` twice — anonymous and with the staff token — with a
small example budget. Fails on any server error or schema/response-conformance failure.

Excluded checks, and why:
- ``positive_data_acceptance``: a request valid by the schema may still be refused by the
  business rules (a resident ID's check digit, an event that does not exist): 400/404 are right.
- ``ignored_auth`` on the staff run only: schemathesis adds a made-up session cookie next to the
  valid token, which rightly still authenticates (the anonymous run keeps the check).
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent


def manage(*args: str, env: dict) -> str:
    return subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, env=env, check=True, capture_output=True,
                          text=True).stdout


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--examples", type=int, default=3)
    parser.add_argument("--port", type=int, default=8765)
    opts = parser.parse_args()
    env = {**os.environ, "DJANGO_DEBUG": "true"}
    manage("migrate", "--noinput", "-v0", env=env)
    manage("seed_demo", env=env)
    token = manage("shell", "-c", (
        "from rest_framework.authtoken.models import Token\n"
        "from xingtai_jobs.core.models import User\n"
        "u = User.objects.filter(role='county_staff', is_active=True).order_by('pk').first()\n"
        "print(Token.objects.get_or_create(user=u)[0].key)"), env=env).strip().splitlines()[-1]
    # the server runs as in production (DEBUG off: the real error pages, the production CSP)
    import secrets

    served = {**env, "DJANGO_DEBUG": "false", "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
              "DJANGO_ALLOWED_HOSTS": "127.0.0.1", "DJANGO_SECURE_SSL_REDIRECT": "false", "DJANGO_HSTS_SECONDS": "0"}
    manage("collectstatic", "--noinput", "-v0", env=served)
    base = f"http://127.0.0.1:{opts.port}"
    server = subprocess.Popen([str(BIN / "gunicorn"), "xingtai_jobs.wsgi", "-b", f"127.0.0.1:{opts.port}", "-w", "3",
                               "--log-level", "warning"], cwd=ROOT, env=served)
    try:
        for _ in range(60):
            try:
                urllib.request.urlopen(base + "/api/schema/", timeout=2)  # noqa: S310 - our own local server
                break
            except OSError:
                time.sleep(0.5)
        common = [str(BIN / "schemathesis"), "run", base + "/api/schema/", "--checks", "all", "-n", str(opts.examples),
                  "--generation-deterministic", "--no-color"]
        runs = {
            "anonymous": [*common, "--exclude-checks", "positive_data_acceptance"],
            "staff": [*common, "--exclude-checks", "positive_data_acceptance,ignored_auth", "-H", f"Authorization: Token {token}"],
        }
        procs = {name: subprocess.Popen(cmd, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
                 for name, cmd in runs.items()}
        failed = False
        for name, proc in procs.items():
            out, _ = proc.communicate()
            summary = [line for line in out.splitlines() if "failures" in line or "passed" in line or "===" in line]
            print(f"--- schemathesis ({name}): exit {proc.returncode}")
            if proc.returncode != 0:
                print(out[-20000:])
                failed = True
            else:
                print("\n".join(summary[-2:]))
        return 1 if failed else 0
    finally:
        server.terminate()
        server.wait(timeout=20)


if __name__ == "__main__":
    sys.exit(main())
