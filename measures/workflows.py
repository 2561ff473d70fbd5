"""The reported figure's state machine, declared once (docs/workflows/measures.report.md): a county
(or the city) submits a figure with evidence, city staff other than the submitter approve or return
it, and an approved figure is never edited — a correction is submitted against it and, once that is
approved, the old one is superseded. The services (measures.services) guard with this table and the
report's page (/staff/measures/reports/<pk>/) shows a step's button exactly when it is allowed.

Submitting creates the report in ``submitted`` (the initial state); a returned report stays returned
(the county submits a new figure for the period)."""

from __future__ import annotations

from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from xingtai_jobs.core.workflow import Machine, Step, city_staff, register

from .models import Report

S = Report.Status


def decider(user, report) -> bool:
    """City staff, other than the officer who submitted the report (four eyes)."""
    return city_staff(user, report) and report.submitted_by_id != user.pk


def staff_of_the_report(user, report) -> bool:
    """Bureau staff who may see the report: city staff, or county staff of its county."""
    if user is None or not getattr(user, "is_bureau_staff", False):
        return False
    return bool(user.is_city_staff or (report.region_id is not None and report.region_id == user.region_id))


def _correction_still_valid(user, report) -> bool:
    return report.supersedes_id is None or report.supersedes.status == S.APPROVED


def _no_open_correction(user, report) -> bool:
    return not Report.objects.filter(supersedes=report).exclude(status=S.RETURNED).exists()


def _not_decidable(report) -> str:
    return gettext("Only a submitted report can be decided; this one is %(status)s.") % {"status": report.get_status_display()}


NOT_APPROVED = _("Only an approved report can be superseded.")
DECIDER_ONLY = _("Another officer must decide on a report you submitted.")


def _svc(name: str) -> str:
    return f"measures.services.{name}"


REPORT = register(Machine(
    "measures.report", model="measures.Report", title=_("Reported figure"), states=S, initial=(S.SUBMITTED,),
    steps=[
        Step("approve", _("Approve"), [S.SUBMITTED], S.APPROVED, who=decider,
             who_label="city staff other than the submitter", who_message=DECIDER_ONLY,
             when=_correction_still_valid, when_label="a correction: the figure it corrects is still approved",
             when_message=_("The report this one corrects is no longer approved."),
             refusals={S.APPROVED: _not_decidable, S.RETURNED: _not_decidable, S.SUPERSEDED: _not_decidable},
             service=_svc("report_approve"), audit_action="measures.report.approved"),
        Step("return", _("Return"), [S.SUBMITTED], S.RETURNED, who=decider,
             who_label="city staff other than the submitter", who_message=DECIDER_ONLY,
             refusals={S.APPROVED: _not_decidable, S.RETURNED: _not_decidable, S.SUPERSEDED: _not_decidable},
             service=_svc("report_return"), audit_action="measures.report.returned"),
        Step("correct", _("Submit the correction"), [S.APPROVED], None, who=staff_of_the_report,
             who_label="staff of the county or the city", who_message=_("County staff report only for their own county."),
             when=_no_open_correction, when_label="no correction waiting or approved",
             when_message=_("A correction of this report is already waiting or approved."),
             refusals={S.SUBMITTED: NOT_APPROVED, S.RETURNED: NOT_APPROVED, S.SUPERSEDED: NOT_APPROVED},
             service=_svc("report_submit"), audit_action="measures.report.submitted"),
        Step("supersede", _("Supersede by the approved correction"), [S.APPROVED], S.SUPERSEDED, who=city_staff,
             who_label="city staff approving the correction", button=False,
             refusals={S.SUBMITTED: NOT_APPROVED, S.RETURNED: NOT_APPROVED,
                       S.SUPERSEDED: _("The report this one corrects is no longer approved.")},
             service=_svc("report_approve"), audit_action="measures.report.superseded"),
    ],
))
