"""The ranking method as pure functions: parameter validation, score rounding and the method text.

The database computes the metrics and percentiles (``rankings.services.compute``); these functions
are the single place where weights are validated and where a score is rounded (half-up, 2 places).
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from django.utils.translation import gettext as _

from rankings.models import METRICS
from xingtai_jobs.core.errors import DomainError

SCORE_PLACES = Decimal("0.01")
PERCENTILE_PLACES = Decimal("0.000001")


def parse_weights(raw: dict) -> dict[str, Decimal]:
    """Weights for the five metrics: each a non-negative decimal, together exactly 1."""
    if not isinstance(raw, dict) or set(raw) != set(METRICS):
        raise DomainError(_("Give one weight for each of: %(names)s.") % {"names": ", ".join(METRICS)}, field="weights")
    weights: dict[str, Decimal] = {}
    for name in METRICS:
        try:
            value = Decimal(str(raw[name]).strip())
        except (InvalidOperation, ValueError):
            raise DomainError(_("The weight of %(name)s is not a number.") % {"name": name}, field="weights") from None
        if not value.is_finite():
            raise DomainError(_("The weight of %(name)s is not a number.") % {"name": name}, field="weights")
        if value < 0:
            raise DomainError(_("The weight of %(name)s must not be negative.") % {"name": name}, field="weights")
        weights[name] = value
    if sum(weights.values()) != Decimal(1):
        raise DomainError(
            _("The weights must add up to 1 (they add up to %(sum)s).") % {"sum": sum(weights.values())}, field="weights"
        )
    return weights


def weights_as_json(weights: dict[str, Decimal]) -> dict[str, str]:
    return {name: str(weights[name]) for name in METRICS}


def round_score(value: Decimal) -> Decimal:
    """The one place a score is rounded: half-up to 2 decimals."""
    return Decimal(value).quantize(SCORE_PLACES, rounding=ROUND_HALF_UP)


def percentile(rank_below: int, population: int) -> Decimal:
    """``percent_rank()``: (rank - 1) / (n - 1), and 0 for a population of one."""
    if population <= 1:
        return Decimal(0)
    return (Decimal(rank_below) / Decimal(population - 1)).quantize(PERCENTILE_PLACES, rounding=ROUND_HALF_UP)


def score(ranks_below: dict[str, int], population: int, weights: dict[str, Decimal]) -> Decimal:
    """100 × Σ weight·percentile, computed exactly from the integer ranks and rounded once."""
    if population <= 1:
        return round_score(Decimal(0))
    numerator = sum(weights[m] * ranks_below[m] for m in METRICS)
    return round_score(Decimal(100) * numerator / Decimal(population - 1))


def stored_weight(weights, metric: str) -> Decimal | None:
    """A ranking's stored weight of ``metric``; None when the stored weights are not an object of
    numbers (a damaged row must not make a page fail: issue 11 item 4)."""
    value = weights.get(metric) if isinstance(weights, dict) else None
    if value is None or isinstance(value, bool):
        return None
    try:
        number = Decimal(str(value))
    except (InvalidOperation, ValueError):
        return None
    return number if number.is_finite() else None


def _percent(weights, metric: str) -> str:
    """A stored weight as a percentage; "—" for one that is not a number."""
    weight = stored_weight(weights, metric)
    return "—" if weight is None else format((weight * 100).normalize(), "f")


def method_text(*, version: int, weights: dict, top_n: int, window_days: int, year: int) -> list[str]:
    """The method in plain language (Chinese through the catalogue), with this ranking's parameters."""
    w = {k: _percent(weights, k) for k in METRICS}
    return [
        _("Method version %(version)s. Figures: the monthly social-insurance records and the labour-dispute records of %(year)s.")
        % {"version": version, "year": year},
        _("Ranked: enterprises with insured staff in all 12 months of the year, not flagged as seriously dishonest, "
          "not deregistering, and with no substantiated wage-arrears case in the year."),
        _("Five figures per enterprise: average insured headcount; headcount growth from December of the previous year "
          "(January when December is missing) to December; new hires; new unemployment-benefit claimants per insured "
          "employee (layoff rate); labour disputes per insured employee (dispute rate)."),
        _("Each figure is turned into a position among all ranked enterprises from 0 to 1: more is better for the first "
          "three, less is better for the two rates."),
        _("Score = 100 × (%(total)s%% headcount + %(growth)s%% growth + %(hires)s%% hires + %(layoff)s%% layoff rate + "
          "%(dispute)s%% dispute rate), rounded to 2 decimals; ties are broken by headcount, then by credit code.")
        % {k: w[k] for k in METRICS},
        _("The top %(top_n)s are published. Each enterprise could check its own figures and ask for corrections "
          "within %(days)s working days before publication.") % {"top_n": top_n, "days": window_days},
    ]
