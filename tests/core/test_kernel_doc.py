"""docs/kernel.md stays true of the code: every file it names exists, and every function, class or
setting it names in backticks is defined somewhere in the repository (a renamed or removed kernel
part fails here, not in a newcomer's hands)."""

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
CODE_DIRS = ["xingtai_jobs", "enterprises", "persons", "subsidies", "recruitment", "wage_arrears", "rankings",
             "measures", "entitlements", "scripts", "tests", "bench"]
NAME = re.compile(r"^@?([A-Za-z_][\w]*(?:\.[A-Za-z_]\w*)*)(\(.*\))?$")
PATH = re.compile(r"^[\w./-]+\.(py|html|md|toml|txt|sh|yml)$")
# words in backticks that are values, options or third-party names, not the portal's own code
NOT_CODE = {"true", "false", "None", "conflict", "invalid", "forbidden", "not_found", "rate_limited"}


def _source() -> str:
    parts = []
    for d in CODE_DIRS:
        for path in (ROOT / d).rglob("*.py"):
            if "migrations" not in path.parts:
                parts.append(path.read_text(encoding="utf-8"))
    parts.append((ROOT / "Makefile").read_text(encoding="utf-8"))
    parts.append((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    return "\n".join(parts)


def _defined(name: str, source: str, cache: dict) -> bool:
    if name not in cache:
        cache[name] = bool(re.search(rf"(def |class |\b){re.escape(name)}\b", source))
    return cache[name]


def test_every_file_the_kernel_doc_names_exists():
    text = (ROOT / "docs" / "kernel.md").read_text(encoding="utf-8")
    named = {t for t in re.findall(r"`([^`\s]+)`", text) if PATH.match(t) and "<" not in t and "*" not in t}
    bases = [ROOT, ROOT / "xingtai_jobs", ROOT / "xingtai_jobs" / "core", ROOT / "templates",
             *(p for p in ROOT.glob("*/templates")), *(p for p in ROOT.glob("xingtai_jobs/*/templates"))]
    missing = sorted(t for t in named if not any((base / t).exists() for base in bases))
    assert len(named) > 20
    assert missing == []


def test_every_name_the_kernel_doc_gives_is_defined_in_the_code():
    text = (ROOT / "docs" / "kernel.md").read_text(encoding="utf-8")
    source, cache, missing, checked = _source(), {}, [], 0
    for token in sorted(set(re.findall(r"`([^`]+)`", text))):
        match = NAME.match(token.strip())
        if not match or PATH.match(token) or token in NOT_CODE or token.startswith("django."):
            continue
        parts = [p for p in match.group(1).split(".") if p not in ("xingtai_jobs", "core")]
        for part in parts:
            checked += 1
            if not _defined(part, source, cache):
                missing.append(f"{token}: {part}")
    assert checked > 150
    assert missing == []
