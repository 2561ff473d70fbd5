#!/usr/bin/env python
"""Screenshots of the portal on a 390 px phone, for docs/screenshots/ (issue 15).

    python scripts/screenshots.py                 # own server: a fresh SQLite file with demo data
    python scripts/screenshots.py --base http://127.0.0.1:8000   # a running `make run` instead

Pages: the home page, the complaint form, the ranking year page and, when the portal has it, the
staff workbench (/staff/, signed in as the demo city officer). Playwright drives Debian's Chromium
(XT_CHROMIUM overrides the path). Full-page PNGs (at most 3000 px tall)."""

from __future__ import annotations

import argparse
import os
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "docs" / "screenshots"
CHROMIUM = os.environ.get("XT_CHROMIUM", "/usr/bin/chromium")
VIEWPORT = {"width": 390, "height": 844}


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _serve(tmp: Path) -> tuple[subprocess.Popen, str]:
    env = dict(os.environ, DJANGO_DEBUG="true", DATABASE_URL=f"sqlite:///{tmp / 'screens.sqlite3'}")
    manage = [sys.executable, str(ROOT / "manage.py")]
    subprocess.run([*manage, "migrate", "--noinput"], env=env, check=True, stdout=subprocess.DEVNULL)
    subprocess.run([*manage, "seed_demo"], env=env, check=True, stdout=subprocess.DEVNULL)
    port = _free_port()
    server = subprocess.Popen([*manage, "runserver", "--noreload", f"127.0.0.1:{port}"], env=env,
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}"
    for _ in range(120):
        try:
            urllib.request.urlopen(base + "/healthz", timeout=2)  # noqa: S310 - our own http:// server
            return server, base
        except OSError:
            time.sleep(0.5)
    server.terminate()
    raise SystemExit("the server did not start")


def _ranking_year(base: str) -> int | None:
    import re

    html = urllib.request.urlopen(base + "/rankings/", timeout=10).read().decode()  # noqa: S310 - http(s) base only
    years = [int(y) for y in re.findall(r'href="/rankings/(\d{4})/"', html)]
    return max(years) if years else None


MAX_HEIGHT = 3000  # px: a long list is shown by its first screens, not all its rows


def _shot(page, path: Path) -> None:
    height = min(page.evaluate("document.documentElement.scrollHeight"), MAX_HEIGHT)
    page.screenshot(path=str(path), full_page=True, clip={"x": 0, "y": 0, "width": VIEWPORT["width"], "height": height})


def shoot(base: str) -> list[Path]:
    from playwright.sync_api import sync_playwright

    from xingtai_jobs.core.demo import DEMO_PASSWORD

    OUT.mkdir(parents=True, exist_ok=True)
    written = []
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu"])
        context = browser.new_context(viewport=VIEWPORT, is_mobile=True, has_touch=True, locale="zh-CN", device_scale_factor=1)
        page = context.new_page()
        shots = [("home.png", "/"), ("complaint-form.png", "/complaints/new/")]
        year = _ranking_year(base)
        if year:
            shots.append(("ranking-year.png", f"/rankings/{year}/"))
        for name, path in shots:
            page.goto(base + path)
            _shot(page, OUT / name)
            written.append(OUT / name)
        page.goto(base + "/accounts/login/")
        page.fill("#id_username", "city")
        page.fill("#id_password", DEMO_PASSWORD)
        page.click("main form button[type=submit]")
        page.wait_for_load_state("load")
        response = page.goto(base + "/staff/")
        if response is not None and response.status == 200:  # the workbench, where the portal has it
            _shot(page, OUT / "workbench.png")
            written.append(OUT / "workbench.png")
        browser.close()
    return written


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--base", help="URL of a running portal with demo data (default: start one)")
    args = parser.parse_args()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "xingtai_jobs.settings")
    os.environ.setdefault("DJANGO_DEBUG", "true")
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()  # for the demo password (xingtai_jobs.core.demo)
    if args.base:
        written = shoot(args.base.rstrip("/"))
    else:
        with tempfile.TemporaryDirectory() as tmp:
            server, base = _serve(Path(tmp))
            try:
                written = shoot(base)
            finally:
                server.terminate()
                server.wait(timeout=20)
    for path in written:
        print(path.relative_to(ROOT))
    return 0


if __name__ == "__main__":
    sys.exit(main())
