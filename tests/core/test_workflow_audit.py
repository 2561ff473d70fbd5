"""Every state change is audited (issue 10): ``workflow.Machine.move`` writes the step's entry on
every move and has no way to skip it; a service that wants to choose what the entry records passes
``record=`` instead of writing a second entry of its own."""

from __future__ import annotations

import ast
import inspect
from pathlib import Path

from xingtai_jobs.core import workflow

ROOT = Path(__file__).resolve().parents[2]
APPS = ["xingtai_jobs", "enterprises", "persons", "subsidies", "recruitment", "wage_arrears", "rankings", "measures",
        "entitlements"]


def _sources():
    for app in APPS:
        for path in (ROOT / app).rglob("*.py"):
            if "migrations" not in path.parts:
                yield path.relative_to(ROOT), path.read_text(encoding="utf-8")


def _call(stmt) -> ast.Call | None:
    value = getattr(stmt, "value", None)
    return value if isinstance(value, ast.Call) and value.args and isinstance(value.args[0], ast.Constant) else None


def test_a_move_cannot_skip_its_audit_entry():
    assert "audited" not in inspect.signature(workflow.Machine.move).parameters
    assert [str(path) for path, text in _sources() if "audited=" in text] == []


def test_no_service_writes_a_second_entry_after_a_move():
    """A ``MACHINE.move("step", …)`` followed in the same block by ``audit(<that step's action>, …)``
    writes the entry twice: the detail goes in the move's ``record=``."""
    actions = {s.name: set() for m in workflow.machines() for s in m.steps}
    for m in workflow.machines():
        for s in m.steps:
            actions[s.name].add(s.audit_action)
    doubled, moves = [], 0
    for path, text in _sources():
        for node in ast.walk(ast.parse(text)):
            for field in ("body", "orelse", "finalbody"):
                block = getattr(node, field, None)
                if not isinstance(block, list):
                    continue
                for i, stmt in enumerate(block):
                    call = _call(stmt)
                    if not (call and isinstance(call.func, ast.Attribute) and call.func.attr == "move"):
                        continue
                    moves += 1
                    for later in block[i + 1:]:
                        other = _call(later)
                        if (other and isinstance(other.func, ast.Name) and other.func.id == "audit"
                                and other.args[0].value in actions.get(call.args[0].value, ())):
                            doubled.append(f"{path}:{later.lineno}")
    assert moves >= 20  # the scan really finds the services' moves
    assert doubled == []
