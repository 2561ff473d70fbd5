"""Pages of the register: public ``/measures/`` (cached for visitors), ``/measures/<n>/``, the
published 工匠之星; staff ``/staff/measures/`` (every county's figures, Excel export of what is
shown), reports to approve, and the registries. Thin: parse input, call a selector or a service."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from measures import forms, selectors, services
from measures.cache import PUBLIC, public_period
from measures.imports import RegistrySpec
from measures.models import Indicator, Measure, Report
from measures.workflows import REPORT
from xingtai_jobs.core.access import bureau_staff_required
from xingtai_jobs.core.documents import xlsx_response
from xingtai_jobs.core.imports import run_import_upload
from xingtai_jobs.core.inputs import query_int, query_page
from xingtai_jobs.core.pagecache import cached_page
from xingtai_jobs.core.pages import FormCall, flash_call, form_call
from xingtai_jobs.core.workbench import region_from_query

STATUS_BADGE = {"met": "badge-ok", "on_track": "badge-ok", "behind": "badge-warn", "at_risk": "badge-err",
                "missed": "badge-err", "not_started": "", "no_data": ""}


def _decorate(measures_list: list[dict]) -> list[dict]:
    for measure in measures_list:
        for ind in measure["indicators"]:
            ind["badge"] = STATUS_BADGE.get(ind["status"], "")
            for row in ind.get("by_region") or ():
                row["badge"] = STATUS_BADGE.get(row["status"], "")
    return measures_list


def _years():
    low, high = selectors.year_bounds()
    return list(range(high - 1, low - 1, -1))


# --- public --------------------------------------------------------------------------------------


def public_index(request):
    key, period = public_period(request.GET)

    def context():
        year, as_of = period()
        register = _decorate(selectors.register_progress(year=year, as_of=as_of))
        return {"register": register, "year": year, "as_of": as_of, "counts": selectors.status_counts(register),
                "years": _years()}

    return cached_page(request, PUBLIC, f"index|{key}", "measures/public_index.html", context)


def public_detail(request, number: int):
    if not 1 <= number <= 99:
        raise Http404
    key, period = public_period(request.GET)

    def context():
        year, as_of = period()
        register = _decorate(selectors.register_progress(year=year, as_of=as_of, number=number, with_regions=True))
        if not register:
            raise Http404(_("No such measure."))
        return {"measure": register[0], "year": year, "as_of": as_of, "years": _years(),
                "craftsmen": list(selectors.public_craftsmen(year)) if number == 10 else None,
                "odd_job_url": getattr(settings, "XT_ODD_JOB_MINIPROGRAM_URL", "")}

    return cached_page(request, PUBLIC, f"detail|{number}|{key}", "measures/public_detail.html", context)


def public_craftsmen(request):
    year, _as_of = selectors.period_from_query(request.GET, strict=False)
    return cached_page(request, PUBLIC, f"craftsmen|{year}", "measures/public_craftsmen.html",
                        lambda: {"craftsmen": list(selectors.public_craftsmen(year)), "year": year, "years": _years()})


# --- staff ---------------------------------------------------------------------------------------


EXPORT_HEADERS_BASE = ["措施 measure", "指标 indicator", "单位 unit", "来源 source", "目标 target", "目标已确认 confirmed",
                       "完成 value", "完成率 share", "应完成 expected", "状态 status", "截止 deadline", "数据截至 as of"]


@bureau_staff_required
def staff_index(request):
    year, as_of = selectors.period_from_query(request.GET, strict=False)
    codes = None if request.user.is_city_staff else {request.user.region.code} if request.user.region_id else set()
    register = _decorate(selectors.register_progress(year=year, as_of=as_of, with_regions=True, region_codes=codes, trend=False))
    regions = register[0]["indicators"][0]["by_region"] if register and register[0]["indicators"] else []
    if request.GET.get("format") == "xlsx":
        headers = EXPORT_HEADERS_BASE + [f"{r['region_name']} {r['region_code']}" for r in regions]
        rows = []
        for m in register:
            for ind in m["indicators"]:
                rows.append([f"{m['number']}. {m['title']}", ind["name"], ind["unit"], ind["source"], ind["target"],
                             "是" if ind["target_confirmed"] else "否（暂定）", ind["value"], ind["share"], ind["expected_share"],
                             ind["status"], ind["deadline"], ind["as_of"],
                             *[r["value"] for r in ind["by_region"]]])
        return xlsx_response(f"23条措施-{year}-{as_of.isoformat()}.xlsx", headers, rows, sheet=str(year))
    pending = selectors.reports_for(request.user).filter(status=Report.Status.SUBMITTED)
    return render(request, "measures/staff_index.html", {
        "register": register, "regions": regions, "year": year, "as_of": as_of, "years": _years(),
        "pending": pending[:50], "pending_count": pending.count(), "registries": _registry_links(),
    })


def _registry_links():
    return [(name, model._meta.verbose_name_plural) for name, model in selectors.REGISTRIES.items()]


@bureau_staff_required
def staff_reports(request):
    form = forms.ReportForm(request.POST or None, request.FILES or None, user=request.user)
    call = form_call(request, form, lambda data: services.report_submit(
        indicator=data["indicator"], region=data["region"], actor=request.user, period_start=data["period_start"],
        period_end=data["period_end"], value=data["value"], evidence=data["evidence"], evidence_link=data["evidence_link"],
        note=data["note"], request=request),
        success=_("Report submitted for approval."), redirect_to=lambda report: redirect("measures:staff-report", report.pk))
    if call.response:
        return call.response
    qs = selectors.reports_for(request.user)
    shown = request.GET.get("status")
    if shown in Report.Status.values:
        qs = qs.filter(status=shown)
    region = region_from_query(request)  # the workbench's links carry ?region=<code>
    if region is not None:
        qs = qs.filter(region=region)
    page = Paginator(qs, 50).get_page(query_page(request.GET))
    return render(request, "measures/staff_reports.html", {"form": form, "page": page, "status": shown, "region": region,
                                                           "statuses": Report.Status.choices}, status=call.status)


@bureau_staff_required
def staff_report(request, pk: int):
    report = get_object_or_404(selectors.reports_for(request.user), pk=pk)
    decision = forms.DecisionForm(request.POST if request.POST.get("action") in ("approve", "return") else None)
    supersede = forms.SupersedeForm(request.POST if request.POST.get("action") == "supersede" else None,
                                    request.FILES if request.POST.get("action") == "supersede" else None)
    action = request.POST.get("action")
    call = FormCall(status=400 if request.method == "POST" else 200)  # an unknown action changes nothing
    if action == "approve":
        call = form_call(request, decision, lambda data: services.report_approve(
            report=report, actor=request.user, note=data["note"], request=request),
            success=_("Report approved."), redirect_to=lambda _done: redirect("measures:staff-report", report.pk))
    elif action == "return":
        call = form_call(request, decision, lambda data: services.report_return(
            report=report, actor=request.user, note=data["note"], request=request),
            success=_("Report returned."), redirect_to=lambda _done: redirect("measures:staff-report", report.pk))
    elif action == "supersede":
        call = form_call(request, supersede, lambda data: services.report_submit(
            indicator=report.indicator, region=report.region, actor=request.user, period_start=report.period_start,
            period_end=report.period_end, value=data["value"], evidence=data["evidence"], evidence_link=data["evidence_link"],
            supersedes=report, reason=data["reason"], request=request),
            success=_("Correction submitted for approval."), redirect_to=lambda new: redirect("measures:staff-report", new.pk))
    if call.response:
        return call.response
    from xingtai_jobs.core.audit import timeline_for

    return render(request, "measures/staff_report.html", {
        "report": report, "decision": decision, "supersede": supersede, "timeline": timeline_for(report),
        "steps": {step.name for step in REPORT.available(request.user, report)},
    }, status=call.status)


@bureau_staff_required
def staff_report_evidence(request, pk: int):
    report = get_object_or_404(selectors.reports_for(request.user), pk=pk)
    if not report.evidence:
        raise Http404
    return FileResponse(report.evidence.open("rb"), as_attachment=True, filename=report.evidence.name.rsplit("/", 1)[-1])


def _registry_or_404(name: str):
    model = selectors.REGISTRIES.get(name)
    if model is None:
        raise Http404
    return model


@bureau_staff_required
def staff_registry(request, name: str):
    model = _registry_or_404(name)
    instance = None
    edit = query_int(request.GET, "edit")  # "²" is no row, never a 500
    if edit is not None:
        instance = get_object_or_404(selectors.registry_rows(model, request.user), pk=edit)
    form = forms.registry_form(model, request.user, request.POST or None, instance=instance)
    call = form_call(request, form, lambda _data: services.registry_save(obj=form.save(commit=False), actor=request.user,
                                                                         request=request),
                     success=_("Saved; it counts once city staff approve it."),
                     redirect_to=lambda _done: redirect("measures:staff-registry", name))
    if call.response:
        return call.response
    rows = selectors.registry_rows(model, request.user)
    page = Paginator(rows, 50).get_page(query_page(request.GET))
    fields = [f for f in model._meta.concrete_fields if f.name not in ("id", "region", "approved", "approved_by", "approved_at", "created_by", "created_at")]
    table = [(obj, [obj._meta.get_field(f.name).value_from_object(obj) if not f.choices else getattr(obj, f"get_{f.name}_display")()
                    for f in fields]) for obj in page]
    return render(request, "measures/staff_registry.html", {
        "name": name, "opts": model._meta, "form": form, "page": page, "fields": fields, "table": table,
        "instance": instance, "import_form": forms.ImportUploadForm(),
    }, status=call.status)


@require_POST
@bureau_staff_required
def staff_registry_approve(request, name: str, pk: int):
    model = _registry_or_404(name)
    obj = get_object_or_404(selectors.registry_rows(model, request.user), pk=pk)
    flash_call(request, lambda: services.registry_approve(obj=obj, actor=request.user, request=request), _("Approved."))
    return redirect(reverse("measures:staff-registry", args=[name]))


@bureau_staff_required
def staff_registry_import(request, name: str):
    model = _registry_or_404(name)
    spec = RegistrySpec(model, actor=request.user)
    if request.method == "GET":
        response = HttpResponse(spec.template_xlsx(),
                                content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
        response["Content-Disposition"] = f'attachment; filename="{name}_template.xlsx"'
        return response
    form = forms.ImportUploadForm(request.POST, request.FILES)
    report = None
    if form.is_valid():
        report = run_import_upload(spec, form.cleaned_data["file"], actor=request.user)
        if report.ok:
            messages.success(request, report.summary())
            return redirect("measures:staff-registry", name)
    return render(request, "measures/staff_import_report.html", {"name": name, "opts": model._meta, "report": report,
                                                                  "form": form}, status=400)


__all__ = ["Indicator", "Measure"]
