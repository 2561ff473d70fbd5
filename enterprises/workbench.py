"""Monthly employment reports on the staff workbench: enterprises that have not reported the last
month, and that month's reports inconsistent with the insurance figures (one query)."""

from __future__ import annotations

from django.db.models import Exists, OuterRef, Q
from django.utils.translation import gettext_lazy as _

from xingtai_jobs.core import workbench

from .forms import default_report_month
from .models import EmploymentReport
from .selectors import enterprises_visible_to


@workbench.work("enterprises.reports", _("Monthly employment reports"), order=30,
                description=_("Enterprises that have not reported last month, and inconsistent reports."))
def reports(user, region) -> list[workbench.Line]:
    month = default_report_month()
    qs = workbench.in_region(enterprises_visible_to(user), "region", region)
    for_month = EmploymentReport.objects.filter(enterprise=OuterRef("pk"), month=month)
    n = workbench.counts(
        qs,
        missing=Q(deregistering=False) & ~Q(Exists(for_month)),
        inconsistent=Q(Exists(for_month.filter(consistency=EmploymentReport.Consistency.INCONSISTENT))),
    )
    url = workbench.link("enterprises-staff-report-status", region, month=f"{month:%Y-%m}",
                         region_value=lambda r: r.pk)
    return [
        workbench.Line(_("Reports missing for %(month)s") % {"month": f"{month:%Y-%m}"}, n["missing"], url + "#missing",
                       always=True),
        workbench.Line(_("Inconsistent reports for %(month)s") % {"month": f"{month:%Y-%m}"}, n["inconsistent"],
                       url + "#inconsistent", tone="warn"),
    ]
