"""The yearly targets of the 23 measures as kernel policy figures (xingtai_jobs.core.policy): one
figure per indicator, ``measures.<indicator code>``, with a window per year (a 2025 target is a new
period added on /staff/policy/, no code), and ``measures.<code>_per_county`` where the policy gives
each county its share. Defaults with their clauses: ``measures/policy_defaults.toml``."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from measures.catalogue import INDICATORS
from xingtai_jobs.core import policy
from xingtai_jobs.core.policy import Figure

KINDS = {"count": (policy.INT, 1, 100_000_000), "yuan": (policy.MONEY, 1, 100_000_000_000), "percent": (policy.DECIMAL, 1, 100)}


def _figures():
    for spec in INDICATORS:
        kind, low, high = KINDS[spec["kind"]]
        label = f"{spec['measure']}·{spec['name']}"
        yield Figure(spec["code"], label, kind, spec["unit"], min=low, max=high, help=_("Yearly target (window: the year)."))
        if spec["per_county"]:
            yield Figure(f"{spec['code']}_per_county", f"{label}（{_('each county')}）", kind, spec["unit"], min=low, max=high,
                         help=_("Yearly target of each county."))


FIGURES = policy.declare("measures", _("23 measures: yearly targets"), list(_figures()), order=200)
