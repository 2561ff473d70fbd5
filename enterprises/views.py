"""Enterprise portal (/enterprise/) and the staff page of missing, late and inconsistent reports."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from xingtai_jobs.core.access import enterprise_required, staff_required
from xingtai_jobs.core.inputs import query_page
from xingtai_jobs.core.masking import mask_phone
from xingtai_jobs.core.pages import form_call

from . import rules, selectors, services
from .forms import EmploymentReportForm, MonthField, ReportStatusFilterForm, default_report_month
from .models import EmploymentReport


@enterprise_required
def portal_home(request):
    enterprise = selectors.enterprises_visible_to(request.user).get(pk=request.user.enterprise_id)
    history = list(selectors.enterprise_report_history(enterprise))
    latest = default_report_month()
    next_month, missing = rules.report_calendar([r.month for r in history], latest)
    # the history with its gaps: one row per month, newest first; a missing month is a row of its own
    rows = sorted([{"month": r.month, "report": r} for r in history] + [{"month": m, "report": None} for m in missing],
                  key=lambda row: row["month"], reverse=True)
    return render(request, "enterprises/portal_home.html", {
        "enterprise": enterprise,
        "contact_phone": mask_phone(enterprise.contact_phone) if enterprise.contact_phone else "",
        "history": history, "rows": rows, "missing": missing,
        "inconsistent": [r for r in history if r.consistency == EmploymentReport.Consistency.INCONSISTENT and not r.reviewed_at],
        "suggested_month": next_month, "next_open": next_month <= latest,
        "next_due": rules.report_due_date(next_month),
    })


def _month_or_none(text):
    try:
        return MonthField().to_python(text or "")
    except ValidationError:
        return None


@enterprise_required
def report_submit(request):
    enterprise = selectors.enterprises_visible_to(request.user).get(pk=request.user.enterprise_id)
    status = 200
    if request.method == "POST":
        form = EmploymentReportForm(request.POST)
        call = form_call(request, form, lambda data: services.employment_report_submit(
            enterprise=enterprise, month=data["month"], headcount=data["headcount"], new_hires=data["new_hires"],
            separations=data["separations"], layoffs=data["layoffs"], vacancies=data["vacancies"],
            explanation=data["explanation"], actor=request.user, request=request,
        ), redirect_to=lambda submitted: _report_saved(request, *submitted))
        if call.response:
            return call.response
        status = call.status
    else:
        month = _month_or_none(request.GET.get("month")) or default_report_month()
        initial = {"month": f"{month:%Y-%m}"}
        existing = EmploymentReport.objects.filter(enterprise=enterprise, month=month).first()
        if existing:
            initial.update({f: getattr(existing, f) for f in services.REPORT_FIELDS})
        form = EmploymentReportForm(initial=initial)
    shown_month = _month_or_none(str(form["month"].value() or ""))
    current = EmploymentReport.objects.filter(enterprise=enterprise, month=shown_month).first() if shown_month else None
    return render(request, "enterprises/report_form.html", {"form": form, "enterprise": enterprise, "current": current},
                  status=status)


def _report_saved(request, report, created: bool):
    """Where a saved report leads: a report that does not add up, without an explanation, back to
    its form with the reason; otherwise home with a note."""
    month = f"{report.month:%Y-%m}"
    if report.consistency == EmploymentReport.Consistency.INCONSISTENT and report.explanation:
        messages.info(request, _("Report for %(month)s saved with your explanation; bureau staff will review it.") % {"month": month})
        return redirect("enterprise-home")
    if report.consistency == EmploymentReport.Consistency.INCONSISTENT:
        messages.warning(request, _("Report saved, but it does not add up with the previous month: %(note)s "
                                    "Please check the figures or add an explanation.") % {"note": report.consistency_note})
        return redirect(f"{request.path}?month={month}")
    messages.success(request, _("Report for %(month)s saved.") % {"month": month}
                     if created else _("Report for %(month)s updated.") % {"month": month})
    return redirect("enterprise-home")


@staff_required
def staff_report_status(request):
    form = ReportStatusFilterForm(request.GET or None, user=request.user)
    month = default_report_month()
    region = None
    if form.is_valid():
        month = form.cleaned_data.get("month") or month
        region = form.cleaned_data.get("region")
    missing = selectors.missing_reports(request.user, month, region=region)
    page = Paginator(missing, 100).get_page(query_page(request.GET))
    return render(request, "enterprises/staff_report_status.html", {
        "form": form,
        "month": month,
        "due": rules.report_due_date(month),
        "missing_page": page,
        "late": list(selectors.late_reports(request.user, month, region=region)[:500]),
        "inconsistent": list(selectors.inconsistent_reports(request.user, month, region=region)[:500]),
    })
