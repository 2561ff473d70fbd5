"""Ranking corrections on the staff workbench: enterprises' correction requests not yet resolved."""

from __future__ import annotations

from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from xingtai_jobs.core import workbench

from .models import CorrectionRequest
from .selectors import corrections_for


@workbench.work("rankings.corrections", _("Ranking corrections"), order=40)
def corrections(user, region) -> list[workbench.Line]:
    qs = workbench.in_region(corrections_for(user), "region", region)
    n = workbench.counts(qs, open=Q(status=CorrectionRequest.Status.OPEN))
    return [workbench.Line(_("Correction requests to resolve"), n["open"],
                           workbench.link("rankings:staff-corrections", region, status=CorrectionRequest.Status.OPEN),
                           always=True)]
