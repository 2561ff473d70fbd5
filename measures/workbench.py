"""The 23-measures register on the staff workbench: county reports waiting for the city's decision."""

from __future__ import annotations

from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from xingtai_jobs.core import workbench

from .models import Report
from .selectors import reports_for


@workbench.work("measures.reports", _("Measures reports"), order=60)
def reports(user, region) -> list[workbench.Line]:
    qs = workbench.in_region(reports_for(user), "region", region)
    n = workbench.counts(qs, submitted=Q(status=Report.Status.SUBMITTED))
    # city staff decide; county staff see their own county's reports waiting for that decision
    label = _("Reports to approve") if user.is_city_staff else _("Reports waiting for the city's approval")
    return [workbench.Line(label, n["submitted"], workbench.link("measures:staff-reports", region, status=Report.Status.SUBMITTED),
                           always=True)]
