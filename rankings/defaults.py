"""Method version 1 as published in issue 6: the data the first migration loads (and that
``ensure_default_method`` restores after a database flush), read from the default data
``rankings/policy_defaults.toml``. Staff change the figures on /staff/policy/ or in the admin."""

from __future__ import annotations

import tomllib
from pathlib import Path

from rankings.models import METRICS

DEFAULTS = Path(__file__).resolve().parent / "policy_defaults.toml"


def method_v1() -> dict:
    """The fields of method version 1 (validated against the declared set)."""
    from xingtai_jobs.core import policy

    data = tomllib.loads(DEFAULTS.read_text(encoding="utf-8"))
    params = policy.set_defaults("rankings.method")
    meta = data["method"]
    return {
        "version": meta["version"], "effective_from": meta["effective_from"], "effective_to": None,
        "weights": {m: params[f"weight_{m}"] for m in METRICS}, "top_n": params["top_n"],
        "correction_window_days": params["correction_window_days"], "description": meta["description"],
        "source": meta["source"], "provisional": policy.set_provisional("rankings.method"),
    }


def ensure_default_method(model) -> None:
    """Create method v1 when no method exists at all (never overwrites staff edits)."""
    if not model.objects.exists():
        fields = {f.name for f in model._meta.get_fields()}
        model.objects.create(**{k: v for k, v in method_v1().items() if k in fields})


def on_post_migrate(sender, using="default", **kwargs) -> None:
    from django.db import DEFAULT_DB_ALIAS

    from rankings.models import RankingMethod

    if using == DEFAULT_DB_ALIAS:
        ensure_default_method(RankingMethod)
