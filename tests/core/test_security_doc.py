"""docs/security.md stays true about its tests: every test file it names exists and has tests."""

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_every_test_file_named_by_the_security_page_exists():
    text = (ROOT / "docs" / "security.md").read_text(encoding="utf-8")
    named = sorted(set(re.findall(r"`(tests/[\w/]+\.py)`", text)))
    assert len(named) >= 15
    missing = [p for p in named if not (ROOT / p).is_file() or "def test_" not in (ROOT / p).read_text(encoding="utf-8")]
    assert missing == []
