"""The employment report's review, declared once (docs/workflows/enterprises.report_review.md). The
report has no state column: its state is whether staff have reviewed it (``reviewed_at``)."""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from xingtai_jobs.core.workflow import Machine, Step, anyone, bureau_staff, register


class ReviewState(models.TextChoices):
    UNREVIEWED = "unreviewed", _("Not reviewed yet")
    REVIEWED = "reviewed", _("Reviewed")


R = ReviewState

REPORT_REVIEW = register(Machine(
    "enterprises.report_review", model="enterprises.EmploymentReport", title=_("Employment report review"),
    states=R, field="review", initial=(R.UNREVIEWED,),
    state_of=lambda report: R.REVIEWED if report.reviewed_at is not None else R.UNREVIEWED,
    state_filters={R.UNREVIEWED: Q(reviewed_at__isnull=True), R.REVIEWED: Q(reviewed_at__isnull=False)},
    steps=[
        Step("replace", _("Replace the month's report"), [R.UNREVIEWED], None, who=anyone,
             who_label="the enterprise or staff", button=False,
             refusals={R.REVIEWED: _("The report for this month has already been reviewed; contact the bureau to "
                                     "correct it.")},
             service="enterprises.services.employment_report_submit",
             audit_action="enterprises.report.resubmitted"),
        Step("review", _("Mark as reviewed"), [R.UNREVIEWED], R.REVIEWED, who=bureau_staff, who_label="bureau staff",
             who_message=_("Only bureau staff can review reports."), button=False,
             refusals={R.REVIEWED: _("This report has already been reviewed.")},
             service="enterprises.services.employment_report_review", audit_action="enterprises.report.reviewed"),
    ],
))
