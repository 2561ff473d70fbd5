"""Pages of the entitlements: staff review (county staff their region) and the enterprise's
schedules. Thin: rows from the selectors, writes through the services."""

from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from entitlements import selectors, services
from entitlements.forms import ReasonForm, ResolveForm
from entitlements.models import Entitlement, LineAdjustment
from entitlements.policy import SCHEMES
from entitlements.workflows import ADJUSTMENT, ENTITLEMENT
from xingtai_jobs.core import workbench
from xingtai_jobs.core.access import bureau_staff_required, enterprise_required
from xingtai_jobs.core.audit import timeline_for
from xingtai_jobs.core.inputs import query_choice, query_page
from xingtai_jobs.core.pages import flash_call, form_call

PAGE_SIZE = 50


@bureau_staff_required
def staff_list(request):
    scheme = query_choice(request.GET, "scheme", SCHEMES, default="")
    state = query_choice(request.GET, "state", Entitlement.State.values, default="")
    qs = selectors.entitlements_for(request.user).select_related(None).select_related("round", "enterprise")
    if scheme:
        qs = qs.filter(scheme_code=scheme)
    if state:
        qs = qs.filter(state=state)
    page = Paginator(qs.order_by("state", "start_month", "id"), PAGE_SIZE).get_page(query_page(request.GET))
    return render(request, "entitlements/staff_list.html", {
        "page": page, "scheme": scheme, "state": state, "schemes": SCHEMES, "states": Entitlement.State.choices,
    })


@bureau_staff_required
def staff_detail(request, pk: int):
    ent = get_object_or_404(selectors.entitlements_for(request.user), pk=pk)
    return render(request, "entitlements/staff_detail.html", {
        "ent": ent, "lines": list(ent.lines.order_by("month")), "form": ReasonForm(), "timeline": list(timeline_for(ent)),
        "steps": {step.name for step in ENTITLEMENT.available(request.user, ent)},
        "may_return": ENTITLEMENT.may("return", request.user, ent), "may_reject": ENTITLEMENT.may("reject", request.user, ent),
        "may_revoke": ENTITLEMENT.may("revoke", request.user, ent),
    })


@bureau_staff_required
@require_POST
def staff_action(request, pk: int):
    ent = get_object_or_404(selectors.entitlements_for(request.user), pk=pk)
    form = ReasonForm(request.POST)
    text = form.cleaned_data["text"] if form.is_valid() else ""
    actions = {
        "review": (lambda: services.entitlement_review_start(entitlement=ent, actor=request.user), _("Review started.")),
        "return": (lambda: services.entitlement_return(entitlement=ent, actor=request.user, message=text), _("Returned to the enterprise.")),
        "approve": (lambda: services.entitlement_approve(entitlement=ent, actor=request.user), _("Approved: paid month by month from now on.")),
        "reject": (lambda: services.entitlement_reject(entitlement=ent, actor=request.user, reason=text), _("Rejected.")),
        "revoke": (lambda: services.entitlement_revoke(entitlement=ent, actor=request.user, reason=text), _("Revoked.")),
    }
    action = request.POST.get("action")
    if action not in actions:
        messages.error(request, _("Unknown action."))
    else:
        flash_call(request, *actions[action])
    return redirect("entitlements:staff_detail", pk=ent.pk)


@enterprise_required
def enterprise_schedules(request):
    return render(request, "entitlements/enterprise_schedules.html", {"entitlements": schedule_rows(request.user)})


def schedule_rows(user) -> list[dict]:
    """Each entitlement of the enterprise with its schedule: months paid, skipped and why, left,
    the end month and why (two queries however many entitlements)."""
    rows = []
    for ent in selectors.enterprise_schedules(user):
        lines = list(ent.lines.all())
        schedule = ent.schedule or {}
        rows.append({
            "ent": ent, "lines": lines, "paid": [ln for ln in lines if ln.state == "paid" and ln.kind == "month"],
            "months_used": sum(ln.months for ln in lines), "skipped": schedule.get("skipped", []),
            "months_left": schedule.get("months_left", 0), "end_month": schedule.get("end_month", ""),
            "end_text": schedule.get("end_text", ""), "total": sum((ln.amount for ln in lines), start=0),
        })
    return rows


@bureau_staff_required
def staff_adjustments(request):
    """Open (or resolved) adjustments of paid months, of the officer's region (``?region=`` narrows for city staff)."""
    state = query_choice(request.GET, "state", LineAdjustment.State.values, default=LineAdjustment.State.OPEN)
    region = workbench.region_from_query(request)  # the workbench's link carries ?state=open&region=<code>; a bad one is a 400
    qs = selectors.adjustments_to_review(request.user, state=state, region=region)
    page = Paginator(qs, PAGE_SIZE).get_page(query_page(request.GET))
    return render(request, "entitlements/staff_adjustments.html", {
        "page": page, "state": state, "states": LineAdjustment.State.choices, "region": region,
    })


@bureau_staff_required
def staff_adjustment(request, pk: int):
    """One adjustment: the month's facts before and after, the amounts, and the decision (a POST)."""
    adj = get_object_or_404(selectors.adjustments_to_review(request.user), pk=pk)
    form = ResolveForm(request.POST or None)
    call = form_call(request, form, lambda data: services.adjustment_resolve(
        adjustment=adj, actor=request.user, decision=data["decision"], note=data["note"]),
        success=_("The adjustment is resolved."), redirect_to=lambda _result: redirect("entitlements:staff_adjustment", pk=adj.pk))
    if call.response:
        return call.response
    if request.method == "POST":  # refused: show the adjustment as it is now (someone else may have resolved it)
        adj = get_object_or_404(selectors.adjustments_to_review(request.user), pk=pk)
    return render(request, "entitlements/staff_adjustment.html", {
        "adj": adj, "line": adj.line, "ent": adj.line.entitlement, "facts": selectors.adjustment_fact_rows(adj), "form": form,
        "steps": [step for step in ADJUSTMENT.steps if ADJUSTMENT.may(step, request.user, adj)],
        "timeline": list(timeline_for(adj)),
    }, status=call.status)
