"""No policy number is a literal in the code that applies the policy.

For every project app, the values of its policy figures (its ``policy_defaults.toml``: figures and
scheme parameter sets) are collected; the app's rules, services and selectors are parsed, and a
number equal to one of those values is refused where policy numbers hide: compared with something
(``months >= 12``), as a default of a parameter or field (``referrals: int = 3``), or as
``Decimal("0.30")``. 0 and 1 are not checked (they are counting, not policy). A hit that is not a
policy figure (a calendar's 12 months, a page size) is listed below with the reason, so a new
literal fails until someone decides which it is."""

from __future__ import annotations

import ast
import tomllib
from decimal import Decimal, InvalidOperation
from pathlib import Path

from django.apps import apps
from django.conf import settings

# (path, value): why this number is not a policy figure.
NOT_POLICY = {
    ("enterprises/services.py", "2000"): "rows per chunk of a recomputation (memory), not a figure",
    ("subsidies/services.py", "30"): "input length bound of a bank account number (IBAN-like), not a figure",
    ("subsidies/services.py", "2000"): "length bound of a free-text reason, not a figure",
    ("subsidies/rules/stable_job_refund.py", "2"): "decimal places of a money figure's text, not a figure",
    ("wage_arrears/services/groups.py", "2"): "a group case needs at least two complaints (its definition)",
    ("wage_arrears/selectors.py", "4"): "the last 4 digits of the phone number asked by the tracking page",
}


def _project_apps():
    base = Path(settings.BASE_DIR).resolve()
    return [c for c in apps.get_app_configs() if Path(c.path).resolve().is_relative_to(base)]


def _policy_values(path: Path) -> set[Decimal]:
    if not path.exists():
        return set()
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    raw = [row.get("value") for row in data.get("figure", [])]
    raw += [v for params in data.get("set", {}).values() for v in params.values()]
    out = set()
    for value in raw:
        try:
            number = Decimal(str(value))
        except (InvalidOperation, ValueError):
            continue
        if number not in (0, 1):
            out.add(number)
    return out


def _number(node) -> Decimal | None:
    if isinstance(node, ast.Constant) and isinstance(node.value, int | float) and not isinstance(node.value, bool):
        return Decimal(str(node.value))
    if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.USub):
        inner = _number(node.operand)
        return -inner if inner is not None else None
    return None


def _suspects(tree):
    """Numbers where a policy figure could hide: compared, defaulted or wrapped in Decimal()."""
    for node in ast.walk(tree):
        if isinstance(node, ast.Compare):
            for operand in (node.left, *node.comparators):
                yield operand
                if isinstance(operand, ast.Tuple | ast.List | ast.Set):
                    yield from operand.elts
        elif isinstance(node, ast.arguments):
            yield from node.defaults
            yield from (d for d in node.kw_defaults if d is not None)
        elif isinstance(node, ast.AnnAssign) and node.value is not None:
            yield node.value
        elif isinstance(node, ast.Call) and getattr(node.func, "id", None) == "Decimal" and node.args:
            arg = node.args[0]
            if isinstance(arg, ast.Constant) and isinstance(arg.value, str):
                try:
                    yield ast.Constant(float(Decimal(arg.value)) if "." in arg.value else int(arg.value))
                except (InvalidOperation, ValueError):
                    pass


def _modules(app_path: Path):
    for pattern in ("rules.py", "rules/*.py", "services.py", "services/*.py", "selectors.py"):
        yield from sorted(app_path.glob(pattern))


def test_no_policy_figure_is_a_literal_in_rules_services_or_selectors():
    base = Path(settings.BASE_DIR).resolve()
    hits = []
    used = set()
    checked = 0
    for config in _project_apps():
        app_path = Path(config.path)
        values = _policy_values(app_path / "policy_defaults.toml")
        if not values:
            continue
        for module in _modules(app_path):
            checked += 1
            rel = module.resolve().relative_to(base).as_posix()
            for node in _suspects(ast.parse(module.read_text(encoding="utf-8"))):
                number = _number(node)
                if number is None or number not in values:
                    continue
                if (rel, f"{number.normalize():f}") in NOT_POLICY:
                    used.add((rel, f"{number.normalize():f}"))
                    continue
                hits.append(f"{rel}:{getattr(node, 'lineno', '?')}: {number}")
    assert checked >= 8  # the scan really reads the apps' rules and services
    assert set(NOT_POLICY) == used, f"stale entries: {set(NOT_POLICY) - used}"
    assert not hits, "policy numbers written in code (make them figures, or list why not):\n" + "\n".join(hits)


def test_the_scan_catches_a_policy_literal():
    """The check can fail: a rule comparing with a figure's value is caught."""
    tree = ast.parse("def ok(months, referrals: int = 3):\n    return months >= 12 and rate == Decimal('0.30')\n")
    found = {_number(n) for n in _suspects(tree)} - {None}
    assert {Decimal(12), Decimal(3), Decimal("0.3")} <= found


def test_the_internship_form_states_the_duration_the_policy_sets(db):
    """The internship post form's hint read "3 to 12 months." (a copy of two policy figures); it now
    says what the figures in force say."""
    from django.utils import translation

    from recruitment.forms import InternshipPostForm
    from tests.factories import set_policy_figure

    set_policy_figure("recruitment.internship_max_months", 18)
    with translation.override("en"):
        assert InternshipPostForm().fields["duration_months"].help_text == "An internship lasts 3 to 18 months."
    with translation.override("zh-hans"):
        assert "18" in str(InternshipPostForm().fields["duration_months"].help_text)
