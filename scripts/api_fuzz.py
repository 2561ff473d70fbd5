#!/usr/bin/env python
"""Fuzz the REST API from its own description with schemathesis (issue 11, item 9).

    python scripts/api_fuzz.py [--examples N] [--port P]

Migrates the configured database (DATABASE_URL), loads the demo data, gives a county officer an
API token, starts the portal as in production (gunicorn, DEBUG off) on 127.0.0.1:PORT and runs
``schemathesis run /api/schema/ --checks all`` twice — anonymous and with the staff token — with a
small example budget. Fails on any server error or schema/response-conformance failure.

Every check runs (``--checks all``), ``positive_data_acceptance`` and ``ignored_auth`` included:

- the staff token is handed to schemathesis as the credentials of the ``tokenAuth`` scheme (in a
  generated ``schemathesis.toml``, not as a bare header), so ``ignored_auth`` knows them and
  probes each operation without them and with made-up ones (each must answer 401/403);
- ``positive_data_acceptance`` (a request valid by the description must not be refused with
  400/422) runs on every operation. Where a schema-valid value can still be refused for a reason the
  description cannot state — a resident ID's or USCC's check digit, an id that names no row the
  caller may see, a business rule across fields — the operation is listed in ``REFUSED_BY_RULES``
  with the reason, and 400 is accepted there as well (still never a 5xx, never 422).
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent


# Operations where a request valid by the description may still be refused with 400, and why (the
# description cannot state it). Everything else must accept every schema-valid request.
REFUSED_BY_RULES = {
    "POST /api/v1/recruitment/registrations/": "the resident ID's GB 11643 check digit and birth date",
    "POST /api/v1/wage-arrears/complaints/": "the resident ID's and USCC's check digits; the period's end not "
                                             "before its start; the captcha once asked for",
    "GET /api/v1/subsidies/items/": "?round= must name a round the caller may see (an unknown id is a 400)",
}


def write_config(path: Path, *, token: str | None) -> Path:
    """schemathesis.toml for one run: the token as the tokenAuth scheme's credentials, and 400
    accepted as a refusal of valid-looking data on the operations of REFUSED_BY_RULES only."""
    lines = []
    if token:
        lines += ["[auth.openapi.tokenAuth]", f'api_key = "Token {token}"', ""]
    for name in REFUSED_BY_RULES:
        lines += ["[[operations]]", f'include-name = "{name}"',
                  "checks.positive_data_acceptance.expected-statuses = "
                  '["2XX", "3XX", "400", "401", "403", "404", "409", "429"]', ""]
    path.write_text("\n".join(lines), encoding="utf-8")
    return path


def manage(*args: str, env: dict) -> str:
    return subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, env=env, check=True, capture_output=True,
                          text=True).stdout


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--examples", type=int, default=3)
    parser.add_argument("--port", type=int, default=8765)
    parser.add_argument("--only", help="a regular expression: fuzz only the paths it matches (for debugging)")
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
        args = ["run", base + "/api/schema/", "--checks", "all", "-n", str(opts.examples), "--generation-deterministic",
                "--no-color"]
        if opts.only:
            args += ["--include-path-regex", opts.only]
        work = Path(tempfile.mkdtemp(prefix="api-fuzz-"))
        runs = {name: [str(BIN / "schemathesis"), "--config-file", str(write_config(work / f"{name}.toml", token=key)), *args]
                for name, key in (("anonymous", None), ("staff", token))}
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
