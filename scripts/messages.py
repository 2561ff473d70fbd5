#!/usr/bin/env python
"""Update and compile each app's zh_Hans message catalogue.

    python scripts/messages.py            # makemessages + compilemessages for every app
    python scripts/messages.py --check    # also fail when any msgid has no Chinese translation
    python scripts/messages.py --app enterprises   # one app only

The English msgids are the source; Simplified Chinese is the default UI language, so an
untranslated string would show English to a Chinese user: --check (run by CI) refuses that.
"""

from __future__ import annotations

import argparse
import os
import re
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# Folders outside an app whose strings an app's catalogue carries: the site-wide templates
# (base layout, error pages, admin overrides) are the core app's.
EXTRA_DIRS = {"xingtai_jobs/core": ["templates"]}
APPS = ["xingtai_jobs/core", "enterprises", "persons", "subsidies", "recruitment", "wage_arrears", "rankings", "measures", "entitlements"]


def untranslated(po: Path) -> list[str]:
    text = po.read_text(encoding="utf-8")
    missing = []
    for block in text.split("\n\n"):
        if "#, fuzzy" in block and 'msgid ""\nmsgstr ""\n"Project' not in block:
            missing.append("fuzzy: " + block.strip().splitlines()[-2][:80])
            continue
        m = re.search(r'^msgid ((?:".*"\n?)+)', block, re.M)
        if not m:
            continue
        msgid = "".join(re.findall(r'"(.*)"', m.group(1)))
        if not msgid:
            continue
        strs = re.findall(r'^msgstr(?:\[\d\])? ((?:".*"\n?)+)', block, re.M)
        if not strs or any(not "".join(re.findall(r'"(.*)"', s)) for s in strs):
            missing.append(msgid[:100])
    return missing


def _without_creation_date(content: bytes) -> bytes:
    return b"\n".join(line for line in content.split(b"\n") if not line.startswith(b'"POT-Creation-Date:'))


def update(app: str) -> list[str]:
    """makemessages + msgcat + compilemessages for one app; the msgids still without Chinese."""
    cwd = ROOT / app
    (cwd / "locale" / "zh_Hans" / "LC_MESSAGES").mkdir(parents=True, exist_ok=True)
    manage = ROOT / "manage.py"
    po = cwd / "locale" / "zh_Hans" / "LC_MESSAGES" / "django.po"
    before = po.read_bytes() if po.exists() else b""
    links = []
    try:
        for extra in EXTRA_DIRS.get(app, []):  # seen through a symlink makemessages follows (-s)
            link = cwd / f"_extra_{extra.replace('/', '_')}"
            if link.is_symlink():
                link.unlink()
            link.symlink_to(ROOT / extra, target_is_directory=True)
            links.append(link)
        subprocess.run(
            [sys.executable, str(manage), "makemessages", "-l", "zh_Hans", "-d", "django", "--no-obsolete",
             "--no-location", "--ignore", "locale/*", *(["--symlinks"] if links else [])],
            cwd=cwd, check=True, stdout=subprocess.DEVNULL,
        )
    finally:
        for link in links:
            link.unlink()
    if po.exists():  # msgids in sorted order: the catalogue does not depend on the order files are found in
        subprocess.run(["msgcat", "--sort-output", "--no-location", "-o", str(po), str(po)], check=True)
        if _without_creation_date(po.read_bytes()) == _without_creation_date(before):
            po.write_bytes(before)  # nothing but the date changed: leave the file as it was
    missing = untranslated(po) if po.exists() else []
    if po.exists():  # what compilemessages runs, without starting Django once more
        subprocess.run(["msgfmt", "--check-format", "-o", str(po.with_suffix(".mo")), str(po)], check=True)
    return missing


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--check", action="store_true")
    parser.add_argument("--app", action="append")
    args = parser.parse_args()
    apps = args.app or APPS
    # the apps' catalogues are independent: one process per app at a time, as many as there are CPUs
    with ThreadPoolExecutor(max_workers=max(1, os.cpu_count() or 1)) as pool:
        results = dict(zip(apps, pool.map(update, apps), strict=True))
    failures = 0
    for app, missing in results.items():
        if missing:
            print(f"{app}: {len(missing)} untranslated:")
            for m in missing:
                print("   ", m)
            failures += len(missing)
    if args.check and failures:
        print(f"{failures} strings have no Chinese translation.")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
