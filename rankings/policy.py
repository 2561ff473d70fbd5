"""The figures of the ranking method (measure 1: 最具就业带动力), declared for the kernel's policy
register as a parameter set kept on each ``RankingMethod`` version; the default data is
``policy_defaults.toml`` (``[set.method]``). City staff see and change them on /staff/policy/ (the
five weights together in one form, as they must add up to 1)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from rankings.models import METRICS
from xingtai_jobs.core import policy
from xingtai_jobs.core.policy import INT, RATE, Figure, Unit

WEIGHT_LABELS = {
    "total": _("Weight of the total insured headcount"),
    "growth": _("Weight of the headcount growth"),
    "hires": _("Weight of the new hires"),
    "layoff": _("Weight of the layoff rate (lower is better)"),
    "dispute": _("Weight of the labour-dispute rate (lower is better)"),
}

METHOD = policy.declare_set("rankings.method", _("Employment-driving ranking method (最具就业带动力)"), [
    *(Figure(f"weight_{m}", WEIGHT_LABELS[m], RATE, Unit.SHARE) for m in METRICS),
    Figure("top_n", _("Size of the published top list"), INT, pgettext_lazy("unit", "enterprises"), min=1, max=100000),
    Figure("correction_window_days", _("Correction window after the preview"), INT, Unit.WORKING_DAYS, min=0, max=60),
])


def method_values(method) -> dict:
    weights = method.weights if isinstance(method.weights, dict) else {}
    return {**{f"weight_{m}": weights.get(m) for m in METRICS}, "top_n": method.top_n,
            "correction_window_days": method.correction_window_days}


def _owners():
    from rankings.models import RankingMethod

    return [
        policy.SetOwner(pk=m.pk, label=_("Method version %(v)s") % {"v": m.version}, valid_from=m.effective_from,
                        valid_to=m.effective_to, source=m.source, values=method_values(m), provisional=set(m.provisional or ()),
                        changed_by=m.changed_by, changed_at=m.changed_at)
        for m in RankingMethod.objects.select_related("changed_by").order_by("-effective_from")
    ]


def _change(**kwargs):
    from rankings.services import method_set_parameter

    return method_set_parameter(method_id=kwargs.pop("owner_id"), **kwargs)


def _change_weights(**kwargs):
    from rankings.services import method_set_weights

    return method_set_weights(method_id=kwargs.pop("owner_id"), **kwargs)


METHOD.owners = _owners
METHOD.change = _change
METHOD.together = tuple(f"weight_{m}" for m in METRICS)  # they must add up to 1: one form for the five
METHOD.change_together = _change_weights
