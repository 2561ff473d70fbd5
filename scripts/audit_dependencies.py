#!/usr/bin/env python
"""Dependency audit of the installed set (the project's virtualenv) with pip-audit.

    python scripts/audit_dependencies.py            # CI: fails on a known vulnerability
    python scripts/audit_dependencies.py --require  # also fails when no advisory data could be had

pip-audit has no offline advisory database: it asks an advisory service (PyPI's JSON API by
default, or OSV with XT_AUDIT_SERVICE=osv) about each installed package and version. Where that
service cannot be reached - a machine whose package index is a mirror of the simple index only
answers "not found" for every package - nothing can be checked; the script then says so plainly
and exits 0 (CI must not fail for the lack of a network it does not have) unless --require.
Exit codes: 0 clean or not auditable, 1 a known vulnerability, 2 not auditable with --require.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
from dataclasses import dataclass, field


@dataclass
class Outcome:
    vulnerable: list[str] = field(default_factory=list)  # "name version: ID (fix: x.y)"
    audited: int = 0
    skipped: list[str] = field(default_factory=list)

    @property
    def auditable(self) -> bool:
        return self.audited > 0


def classify(report: dict) -> Outcome:
    """Read pip-audit's JSON report (``{"dependencies": [{name, version, vulns} | {name, skip_reason}]}``)."""
    outcome = Outcome()
    for dep in report.get("dependencies", []):
        if dep.get("skip_reason"):
            outcome.skipped.append(f"{dep['name']}: {dep['skip_reason']}")
            continue
        outcome.audited += 1
        for vuln in dep.get("vulns") or []:
            fixes = ", ".join(vuln.get("fix_versions") or []) or "none yet"
            outcome.vulnerable.append(f"{dep['name']} {dep.get('version', '?')}: {vuln.get('id')} (fixed in: {fixes})")
    return outcome


def run_pip_audit() -> tuple[dict | None, str]:
    service = os.environ.get("XT_AUDIT_SERVICE", "pypi")
    cmd = [sys.executable, "-m", "pip_audit", "--local", "--skip-editable", "--format", "json",
           "--progress-spinner", "off", "--vulnerability-service", service]
    proc = subprocess.run(cmd, capture_output=True, text=True, timeout=600)
    try:
        return json.loads(proc.stdout), proc.stderr
    except json.JSONDecodeError:
        return None, (proc.stderr or proc.stdout)[-2000:]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--require", action="store_true", help="fail when no advisory data could be had")
    args = parser.parse_args(argv)
    report, errors = run_pip_audit()
    if report is None:
        print("Dependency audit NOT done: pip-audit could not reach its advisory service:")
        print("  " + (errors.strip().splitlines() or ["(no message)"])[-1])
        return 2 if args.require else 0
    outcome = classify(report)
    if outcome.vulnerable:
        print(f"Dependency audit: {len(outcome.vulnerable)} known vulnerabilities in the installed set:")
        for line in outcome.vulnerable:
            print("  " + line)
        return 1
    if not outcome.auditable:
        print(f"Dependency audit NOT done: the advisory service knew none of the {len(outcome.skipped)} installed "
              "packages (no advisory data reachable from this machine; the package index here serves downloads "
              "only). Run it where the service is reachable, e.g. `python scripts/audit_dependencies.py --require`.")
        return 2 if args.require else 0
    print(f"Dependency audit: {outcome.audited} packages checked, no known vulnerabilities.")
    for line in outcome.skipped:
        print("  not checked: " + line)
    return 0


if __name__ == "__main__":
    sys.exit(main())
