"""Entitlement work on the staff workbench: adjustments of paid months waiting for a decision (one
query, through the app's selector)."""

from __future__ import annotations

from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from xingtai_jobs.core import workbench

from .models import LineAdjustment
from .selectors import adjustments_for


@workbench.work("entitlements.adjustments", _("Adjustments of paid months"), order=25,
                description=_("Paid months whose contributions were corrected afterwards: recover, pay the shortfall or no change."))
def adjustments(user, region) -> list[workbench.Line]:
    qs = workbench.in_region(adjustments_for(user), "region", region)
    n = workbench.counts(qs, open=Q(state=LineAdjustment.State.OPEN))
    return [workbench.Line(_("Adjustments to decide"), n["open"],
                           workbench.link("entitlements:staff_adjustments", region, state=LineAdjustment.State.OPEN), always=True)]
