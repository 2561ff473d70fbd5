"""Pages of measure 1: public ranking and job-demand pages (cached), the enterprise's own preview
row and correction requests, and the staff pages (compute, review, publish, key enterprises,
job-demand table). Thin: parse input, call one service or selector, render."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from enterprises.models import SizeClass
from enterprises.selectors import enterprise_by_uscc
from rankings import cache as rcache
from rankings import forms, rules, selectors, services
from rankings.exports import key_enterprises_xlsx
from rankings.models import CorrectionRequest, Ranking
from rankings.workflows import RANKING
from xingtai_jobs.core import clock, pagecache
from xingtai_jobs.core.access import enterprise_required, staff_required
from xingtai_jobs.core.documents import pdf_response, render_pdf, xlsx_response
from xingtai_jobs.core.errors import DomainError
from xingtai_jobs.core.inputs import query_int, query_page
from xingtai_jobs.core.pages import flash_error, form_call
from xingtai_jobs.core.reference import regions_by_code
from xingtai_jobs.core.workbench import region_from_query


def _method_lines(ranking: Ranking) -> list[str]:
    return rules.method_text(version=ranking.method_version, weights=ranking.weights, top_n=ranking.top_n,
                             window_days=ranking.correction_window_days, year=ranking.year)


def _cached_html(request, key: str, template: str, build_context):
    """Anonymous visitors get the whole page from the kernel page cache (rankings.cache); their CSRF
    token is put in on the way out. Signed-in users get a fresh page."""
    return pagecache.cached_page(request, rcache.PUBLIC, key, template, build_context)


# --- public --------------------------------------------------------------------------------------


def public_index(request):
    return _cached_html(request, "index", "rankings/public_index.html", lambda: {"rankings": list(selectors.public_rankings())})


def _ranking_or_404(year: int) -> Ranking:
    ranking = selectors.published_ranking(year)
    if ranking is None:
        raise Http404(_("No published ranking for %(year)s.") % {"year": year})
    return ranking


LISTS = ("overall", "large", "sme")


def public_detail(request, year: int):
    """One list per page (overall, large, small/medium/micro, or one region): small pages that
    read well on a phone and come from the cache."""
    regions = list(regions_by_code().values())  # the kernel's cached region list
    region_code = request.GET.get("region") or ""
    if region_code not in {r.code for r in regions}:
        region_code = ""  # unknown codes share the page without a region (no cache pollution)
    which = request.GET.get("list") if request.GET.get("list") in LISTS else "overall"
    if region_code:
        which = "region"

    def context():
        ranking = _ranking_or_404(year)
        size = {"large": SizeClass.LARGE, "sme": "sme"}.get(which)
        rows = selectors.published_entries(ranking, size=size, region_code=region_code or None)[: ranking.top_n]
        return {"ranking": ranking, "method": _method_lines(ranking), "rows": list(rows), "which": which,
                "regions": regions, "region_code": region_code,
                "region_name": next((r.name for r in regions if r.code == region_code), "")}

    return _cached_html(request, f"detail:{year}:{which}:{region_code}", "rankings/public_detail.html", context)


def public_pdf(request, year: int):
    ranking = _ranking_or_404(year)
    if ranking.status != Ranking.Status.PUBLISHED:
        raise Http404(_("This ranking has been withdrawn."))
    key = rcache.public_key("pdf", year, get_language())
    pdf = rcache.cache.get(key)
    if pdf is None:
        pdf = render_pdf("rankings/ranking_pdf.html", {
            "ranking": ranking, "method": _method_lines(ranking), "overall": list(selectors.published_entries(ranking)[: ranking.top_n]),
        })
        rcache.cache.set(key, pdf, rcache.TIMEOUT)
    return pdf_response(pdf, f"最具就业带动力企业排行榜-{year}.pdf")


def public_xlsx(request, year: int):
    ranking = _ranking_or_404(year)
    if ranking.status != Ranking.Status.PUBLISHED:
        raise Http404(_("This ranking has been withdrawn."))
    headers = [_("Rank"), _("Unified social credit code"), _("Enterprise"), _("Region"), _("Size class"), _("Score"),
               _("Average insured headcount"), _("Headcount growth"), _("New hires"), _("Layoff rate"), _("Dispute rate")]
    sizes = dict(SizeClass.choices)
    rows = (
        [e.rank, e.uscc, e.name, e.region_name, str(sizes.get(e.size_class, e.size_class)), e.score, e.total, e.growth,
         e.hires, e.layoff_rate, e.dispute_rate]
        for e in selectors.published_entries(ranking).iterator()
    )
    return xlsx_response(f"最具就业带动力企业排行榜-{year}.xlsx", headers, rows, sheet=str(year))


def public_job_demand(request):
    # The form is built only when the query names a filter or the page is rendered (building one
    # costs as much as serving the cached page); other parameters (a poster's tracking tag) are ignored.
    data = {name: request.GET[name] for name in ("year", "quarter") if request.GET.get(name)}
    form = forms.DemandFilterForm(data) if data else None
    year = quarter = None
    if form is not None and form.is_valid():
        year, quarter = form.cleaned_data["year"], form.cleaned_data["quarter"]

    def context():
        return {"form": form or forms.DemandFilterForm(),
                "table": selectors.job_demand_table(selectors.JobDemand.objects.all(), year=year, quarter=quarter)}

    if form is not None and not form.is_valid():  # an explicit bad filter is a 400 with its message, never cached
        return render(request, "rankings/public_job_demand.html", context(), status=400)
    return _cached_html(request, f"demand:{year}:{quarter}", "rankings/public_job_demand.html", context)


# --- enterprise ----------------------------------------------------------------------------------


@enterprise_required
@require_http_methods(["GET", "POST"])
def enterprise_ranking(request):
    user = request.user
    ranking, entry, exclusion = selectors.own_preview(user)
    form = forms.CorrectionForm(request.POST or None, request.FILES or None)
    status = 200
    if ranking is not None:
        call = form_call(request, form, lambda data: services.correction_request_file(
            ranking=ranking, enterprise=user.enterprise, actor=user, month=data["month"], field=data["field"],
            claimed_value=data["claimed_value"], explanation=data["explanation"], evidence=data["evidence"],
        ), success=_("Your correction request has been filed."), redirect_to="rankings:enterprise-ranking")
        if call.response:
            return call.response
        status = call.status
    corrections = selectors.corrections_for(user).filter(ranking=ranking) if ranking else []
    window_open = bool(ranking and ranking.correction_deadline and clock.today() <= ranking.correction_deadline)
    return render(request, "rankings/enterprise_ranking.html", {
        "ranking": ranking, "entry": entry, "exclusion": exclusion, "form": form, "corrections": corrections,
        "window_open": window_open, "method": _method_lines(ranking) if ranking else [],
        "published": selectors.own_published(user),
    }, status=status)


@login_required
def correction_evidence(request, pk: int):
    correction = get_object_or_404(selectors.corrections_for(request.user), pk=pk)
    return FileResponse(correction.evidence.open("rb"), as_attachment=True, filename=correction.evidence.name.rsplit("/", 1)[-1])


@enterprise_required
@require_http_methods(["GET", "POST"])
def enterprise_job_demand(request):
    user = request.user
    form = forms.JobDemandForm(request.POST or None)
    call = form_call(request, form, lambda data: services.job_demand_file(enterprise=user.enterprise, actor=user, **data),
                     success=_("Your job demand has been filed."), redirect_to="rankings:enterprise-job-demand")
    if call.response:
        return call.response
    filings = selectors.job_demands_for(user).order_by("-created_at")[:50]
    return render(request, "rankings/enterprise_job_demand.html", {"form": form, "filings": filings}, status=call.status)


# --- staff ---------------------------------------------------------------------------------------


def _staff_ranking(request, year: int) -> Ranking:
    return get_object_or_404(selectors.rankings_for_staff(request.user), year=year)


@staff_required
@require_http_methods(["GET", "POST"])
def staff_index(request):
    if not selectors.can_view_preview(request.user):
        raise PermissionDenied
    form = forms.CreateRankingForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        year = form.cleaned_data["year"]
        if selectors.rankings_for_staff(request.user).filter(year=year).exists():
            # not a dead end: the year's ranking page offers its next step (recompute, publish, reopen)
            messages.info(request, _("There is already a ranking for %(year)s: here it is, with its next step.") % {"year": year})
            return redirect("rankings:staff-detail", year=year)
    call = form_call(request, form, lambda data: services.ranking_create(year=data["year"], actor=request.user),
                     redirect_to=lambda ranking: redirect("rankings:staff-detail", year=ranking.year))
    if call.response:
        return call.response
    return render(request, "rankings/staff_index.html", {"rankings": selectors.rankings_for_staff(request.user), "form": form},
                  status=call.status)


@staff_required
def staff_detail(request, year: int, params_form=None, status: int = 200):
    ranking = _staff_ranking(request, year)
    entries = selectors.preview_entries(request.user, ranking)
    page = Paginator(entries, 50).get_page(query_page(request.GET))
    return render(request, "rankings/staff_detail.html", {
        "ranking": ranking, "page": page, "method": _method_lines(ranking),
        "params_form": params_form or forms.ParametersForm.for_ranking(ranking), "publish_form": forms.PublishForm(),
        "withdraw_form": forms.WithdrawForm(),
        "steps": {step.name for step in RANKING.available(request.user, ranking)},
        "exclusions": selectors.exclusions_for(request.user, ranking)[:200],
        "open_corrections": selectors.corrections_for(request.user).filter(ranking=ranking, status=CorrectionRequest.Status.OPEN).count(),
    }, status=status)


def _staff_action(request, year: int, action):
    ranking = _staff_ranking(request, year)
    try:
        message = action(ranking)
    except DomainError as exc:
        flash_error(request, exc)
    else:
        messages.success(request, message)
    return redirect("rankings:staff-detail", year=year)


@staff_required
@require_POST
def staff_parameters(request, year: int):
    """A bad weight or bound is a 400: the ranking page again, the form with its field messages."""
    ranking = _staff_ranking(request, year)
    form = forms.ParametersForm.for_ranking(ranking, request.POST)
    call = form_call(request, form, lambda data: services.ranking_set_parameters(
        ranking=ranking, actor=request.user, weights=form.weights(), top_n=data["top_n"],
        correction_window_days=data["correction_window_days"]),
        success=_("Parameters saved."), redirect_to=lambda _result: redirect("rankings:staff-detail", year=year))
    return call.response or staff_detail(request, year, params_form=form, status=call.status)


@staff_required
@require_POST
def staff_compute(request, year: int):
    def act(ranking):
        services.ranking_compute_start(ranking=ranking, actor=request.user)
        return _("The computation has started.")

    return _staff_action(request, year, act)


@staff_required
@require_POST
def staff_publish(request, year: int):
    def act(ranking):
        form = forms.PublishForm(request.POST)
        form.is_valid()
        services.ranking_publish(ranking=ranking, actor=request.user, force=form.cleaned_data.get("force", False),
                                 reason=form.cleaned_data.get("reason", ""))
        return _("The ranking has been published.")

    return _staff_action(request, year, act)


@staff_required
@require_POST
def staff_reopen(request, year: int):
    def act(ranking):
        services.ranking_reopen(ranking=ranking, actor=request.user)
        return _("The ranking is open again: recompute it, check the preview and publish it.")

    return _staff_action(request, year, act)


@staff_required
@require_POST
def staff_withdraw(request, year: int):
    def act(ranking):
        form = forms.WithdrawForm(request.POST)
        form.is_valid()
        services.ranking_withdraw(ranking=ranking, actor=request.user, reason=form.cleaned_data.get("reason", ""))
        return _("The ranking has been withdrawn.")

    return _staff_action(request, year, act)


@staff_required
@require_http_methods(["GET", "POST"])
def staff_corrections(request):
    qs = selectors.corrections_for(request.user)
    if request.method == "POST":
        correction = get_object_or_404(qs, pk=query_int(request.POST, "pk", default=0))
        form = forms.ResolveForm(request.POST)
        if form.is_valid():
            try:
                services.correction_request_resolve(request=correction, actor=request.user, accept=form.cleaned_data["accept"],
                                                    note=form.cleaned_data["note"])
            except DomainError as exc:
                flash_error(request, exc)
            else:
                messages.success(request, _("The correction request has been resolved."))
        return redirect("rankings:staff-corrections")
    status = request.GET.get("status", "")
    status = status if status in CorrectionRequest.Status.values else ""
    region = region_from_query(request)  # the workbench's links carry ?status=open&region=<code>
    shown = qs.filter(status=status) if status else qs
    shown = shown.filter(region=region) if region is not None else shown
    page = Paginator(shown.select_related("region").order_by("status", "-filed_at"), 50).get_page(query_page(request.GET))
    return render(request, "rankings/staff_corrections.html", {"page": page, "resolve_form": forms.ResolveForm(),
                                                              "status": status, "region": region})


@staff_required
@require_http_methods(["GET", "POST"])
def staff_key_enterprises(request):
    if not request.user.has_perm("rankings.view_keyenterprisedesignation"):
        raise PermissionDenied
    if request.method == "POST" and "revoke" in request.POST:
        return _revoke_key_enterprise(request)
    form = forms.DesignateForm(request.POST or None)
    call = form_call(request, form, lambda data: _designate_key_enterprise(request, data),
                     success=_("The enterprise is now a key enterprise."), redirect_to="rankings:staff-key-enterprises")
    if call.response:
        return call.response
    region_code = request.GET.get("region") or None
    industry = (request.GET.get("industry") or "").strip() or None
    qs = selectors.key_designations_for(request.user, region_code=region_code, industry=industry, active_only=request.GET.get("all") != "1")
    if request.GET.get("format") == "xlsx":
        return key_enterprises_xlsx(qs)
    page = Paginator(qs.order_by("region__code", "-designated_on", "pk"), 50).get_page(query_page(request.GET))
    from xingtai_jobs.core.scoping import regions_for

    return render(request, "rankings/staff_key_enterprises.html", {
        "page": page, "form": form, "regions": regions_for(request.user), "region_code": region_code or "",
        "industry": industry or "", "can_add": request.user.has_perm("rankings.add_keyenterprisedesignation"),
    }, status=call.status)


def _revoke_key_enterprise(request):
    designation = get_object_or_404(selectors.key_designations_for(request.user), pk=query_int(request.POST, "revoke", default=0))
    revoke = forms.RevokeForm(request.POST)
    try:
        services.key_enterprise_revoke(designation=designation, actor=request.user,
                                       reason=revoke.data.get("reason", ""))
    except DomainError as exc:
        flash_error(request, exc)
    else:
        messages.success(request, _("The designation has been revoked."))
    return redirect("rankings:staff-key-enterprises")


def _enterprise_of(uscc: str):
    """The enterprise a staff form names by its credit code (a refusal on the ``uscc`` field)."""
    enterprise = enterprise_by_uscc(uscc)
    if enterprise is None:
        raise DomainError(_("No enterprise with this credit code."), field="uscc")
    return enterprise


def _designate_key_enterprise(request, data):
    return services.key_enterprise_designate(enterprise=_enterprise_of(data["uscc"]), actor=request.user, reason=data["reason"],
                                             designated_on=data["designated_on"])


@staff_required
@require_http_methods(["GET", "POST"])
def staff_job_demand(request):
    if not request.user.has_perm("rankings.view_jobdemand"):
        raise PermissionDenied
    filing = forms.StaffJobDemandForm(request.POST or None)
    call = form_call(request, filing, lambda data: _file_job_demand(request, data),  # staff file on an enterprise's behalf
                     success=_("The job demand has been filed."), redirect_to="rankings:staff-job-demand")
    if call.response:
        return call.response
    status = call.status
    form = forms.DemandFilterForm(request.GET or None)
    year = quarter = None
    if form.is_bound and form.is_valid():
        year, quarter = form.cleaned_data["year"], form.cleaned_data["quarter"]
    elif form.is_bound and not form.is_valid() and status == 200:
        status = 400  # an explicit bad filter (?year=abc, ?quarter=9): the page with its message, no export
    table = selectors.job_demand_table(selectors.job_demands_for(request.user), year=year, quarter=quarter)
    if request.GET.get("format") == "xlsx" and status == 200:
        headers = [_("Industry"), _("Occupation"), _("Region"), _("Number of people"), _("Filings")]
        rows = [[r["industry_code"], r["occupation"], r["region__name"], r["headcount"], r["filings"]] for r in table["rows"]]
        rows += [[code, _("Industry total"), "", total, ""] for code, total in table["by_industry"]]
        rows += [["", _("Region total"), name, total, ""] for name, total in table["by_region"]]
        rows.append(["", _("Grand total"), "", table["total"], ""])
        return xlsx_response("产业发展就业岗位需求表.xlsx", headers, rows)
    return render(request, "rankings/staff_job_demand.html", {"form": form, "table": table, "filing": filing,
                                                              "can_add": request.user.has_perm("rankings.add_jobdemand")}, status=status)


def _file_job_demand(request, data):
    data = dict(data)
    enterprise = _enterprise_of(data.pop("uscc"))
    return services.job_demand_file(enterprise=enterprise, actor=request.user, **data)
