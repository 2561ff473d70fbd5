"""Pages: the public notices with objections, the enterprise portal, and the staff back office.
Thin: parse input, call one service or selector, render."""

from __future__ import annotations

import secrets

from django.contrib import messages
from django.core.cache import cache
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from subsidies import selectors, services
from subsidies.cache import PAGES, SUBMIT_KEY_SENTINEL
from subsidies.forms import BankAccountForm, NoteForm, ObjectionForm, ReasonForm, ResolveForm, UploadForm
from subsidies.models import Application, Objection, PayoutBatch, PublicNotice, SchemeRound
from subsidies.rules import rule_for
from subsidies.workflows import BATCH, ITEM, NOTICE
from xingtai_jobs.core import clock, pagecache, ratelimits
from xingtai_jobs.core.access import bureau_staff_required, city_staff_required, enterprise_required
from xingtai_jobs.core.audit import timeline_for
from xingtai_jobs.core.documents import pdf_response, render_pdf
from xingtai_jobs.core.errors import DomainError
from xingtai_jobs.core.inputs import query_int, query_page
from xingtai_jobs.core.masking import mask_bank_account, mask_name, mask_phone, mask_resident_id, mask_uscc
from xingtai_jobs.core.pages import flash_call, flash_error, form_call
from xingtai_jobs.core.workbench import region_from_query

# --- Public notices ----------------------------------------------------------------------------


def notice_list(request):
    number = min(query_page(request.GET), 1000)

    def context():
        return {"page": Paginator(selectors.public_notices(), 20).get_page(number)}

    return pagecache.cached_page(request, PAGES, f"notices:{number}", "subsidies/notice_list.html", context)


def _notice_rows(notice):
    return selectors.notice_rows(notice, selectors.notice_items(notice))


@ratelimits.limit_post("subsidies.objection.ip")
@require_http_methods(["GET", "POST"])
def notice_detail(request, pk: int):
    """The GET page is cached for anonymous visitors (subsidies.cache), with each visitor's CSRF
    token and objection submit key put in on the way out; an objection (POST) never is."""
    if request.method == "GET":
        def context():
            notice = get_object_or_404(selectors.public_notices(), pk=pk)
            headers, rows = _notice_rows(notice)
            return _notice_context(notice, headers, rows, ObjectionForm(rows=rows, initial={"submit_key": SUBMIT_KEY_SENTINEL}))

        if pagecache.cacheable(request):
            return pagecache.cached_page(request, PAGES, f"notice:{pk}", "subsidies/notice_detail.html", context,
                                         per_visitor={SUBMIT_KEY_SENTINEL: lambda: secrets.token_urlsafe(16)})
    notice = get_object_or_404(selectors.public_notices(), pk=pk)
    headers, rows = _notice_rows(notice)
    form = ObjectionForm(request.POST or None, rows=rows, initial={"submit_key": secrets.token_urlsafe(16)})
    if request.method == "POST" and getattr(request, "limited", False):
        form.add_error(None, _("Too many objections from your network; please try again in an hour."))
        status = 429
    else:
        call = form_call(request, form, lambda data: _file_objection(request, notice, data),
                         redirect_to=lambda _done: redirect("subsidies:objection_thanks", pk=notice.pk))
        if call.response:
            return call.response
        status = call.status
    return render(request, "subsidies/notice_detail.html", _notice_context(notice, headers, rows, form), status=status)


def _file_objection(request, notice, data) -> None:
    """File once per submit key: the same form sent twice (a double click) files one objection."""
    key = f"subsidies.objection.key:{request.POST.get('submit_key', '')}"
    if cache.get(key):
        return
    services.objection_file(notice=notice, app_id=data["application"], name=data["name"], phone=data["phone"], text=data["text"])
    cache.set(key, 1, 86400)


def _notice_context(notice, headers, rows, form) -> dict:
    return {"notice": notice, "headers": headers, "rows": rows, "form": form,
            "open": NOTICE.may("object", None, notice)}


def objection_thanks(request, pk: int):
    notice = get_object_or_404(PublicNotice, pk=pk)
    return render(request, "subsidies/objection_thanks.html", {"notice": notice})


def notice_pdf(request, pk: int):
    notice = get_object_or_404(selectors.public_notices(), pk=pk)
    headers, rows = _notice_rows(notice)
    pdf = render_pdf("subsidies/notice_pdf.html", {"notice": notice, "headers": headers, "rows": rows})
    return pdf_response(pdf, f"notice-{notice.pk}.pdf", inline=True)


# --- Enterprise portal -------------------------------------------------------------------------


@enterprise_required
def portal(request):
    enterprise = request.user.enterprise
    items = list(selectors.applications_for(request.user))
    taken = {a.round_id for a in items}
    rounds = []
    for r in selectors.open_rounds(clock.today()):
        rule = rule_for(r.scheme.code)
        if getattr(rule, "ENTITLEMENT", False) or r.scheme.beneficiary_kind != "enterprise":
            continue  # entitlements are applied for on their own pages; a person applies for a person-paid scheme
        if r.scheme.has_subject:  # one application per hire: the hires without an item in the round
            r.hires = [(c.pk, f"{mask_name(c.person.name)} · {mask_resident_id(c.person.resident_id)} · {c.starts_on:%Y-%m-%d}")
                       for c in selectors.hires_to_apply_for(request.user, r)]
            rounds.append(r)
        elif r.pk not in taken:
            rounds.append(r)
    account = selectors.bank_account_for(enterprise.pk)
    return render(request, "subsidies/portal.html", {
        "items": items, "rounds": rounds, "account": account, "masked_account": mask_bank_account(account.account_number) if account else "",
        "note_form": NoteForm(),
    })


@enterprise_required
@require_POST
def portal_apply(request, round_id: int):
    """Apply for a round: 稳岗返还 for the enterprise's year; a job-expansion round for one hire
    (``contract``: one of the enterprise's hires in the window without an item)."""
    round_ = get_object_or_404(SchemeRound.objects.select_related("scheme"), pk=round_id)
    form = NoteForm(request.POST)
    note = form.cleaned_data["note"] if form.is_valid() else ""
    try:
        _round, basis = selectors.apply_basis(request.user, round_, contract=request.POST.get("contract", ""))
    except DomainError as exc:
        flash_error(request, exc)
        return redirect("subsidies:portal")
    app = flash_call(request, lambda: services.application_submit(enterprise=request.user.enterprise, round_=round_, actor=request.user,
                                                                  basis=basis, note=note),
                     _("Your application was submitted."))
    return redirect("subsidies:portal_item", pk=app.pk) if app else redirect("subsidies:portal")


@enterprise_required
@require_http_methods(["GET", "POST"])
def portal_bank_account(request):
    enterprise = request.user.enterprise
    account = selectors.bank_account_for(enterprise.pk)
    form = BankAccountForm(request.POST or None, initial={"account_name": enterprise.name})
    call = form_call(request, form, lambda data: services.bank_account_confirm(enterprise=enterprise, actor=request.user, **data),
                     success=_("Your bank account was confirmed."), redirect_to="subsidies:portal")
    if call.response:
        return call.response
    return render(request, "subsidies/bank_account.html", {
        "form": form, "account": account, "masked_account": mask_bank_account(account.account_number) if account else ""},
        status=call.status)


@enterprise_required
@require_http_methods(["GET", "POST"])
def portal_item(request, pk: int):
    app = get_object_or_404(selectors.applications_for(request.user), pk=pk)
    form = NoteForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        result = flash_call(request, lambda: services.application_resubmit(app=app, actor=request.user, note=form.cleaned_data["note"]),
                        _("Your information was sent to the reviewer."))
        if result:
            return redirect("subsidies:portal_item", pk=app.pk)
    return render(request, "subsidies/portal_item.html", {"app": app, "form": form, "letter": _has_letter(app),
                                                          "steps": {s.name for s in ITEM.available(request.user, app)}})


def _has_letter(app: Application) -> bool:
    return app.state not in (Application.State.CANDIDATE, Application.State.APPLIED, Application.State.UNDER_REVIEW, Application.State.RETURNED)


def _letter(request, app: Application):
    if not _has_letter(app):
        raise Http404
    pdf = render_pdf("subsidies/letter_pdf.html", {
        "app": app, "uscc": mask_uscc(app.enterprise.uscc) if app.enterprise_id else "",
        "resident_id": mask_resident_id(app.person.resident_id) if app.person_id else "",
        "approved": app.state != Application.State.REJECTED})
    return pdf_response(pdf, f"decision-{app.pk}.pdf")


@enterprise_required
def portal_letter(request, pk: int):
    return _letter(request, get_object_or_404(selectors.applications_for(request.user), pk=pk))


# --- Staff back office ---------------------------------------------------------------------------


@bureau_staff_required
def staff_home(request):
    qs = selectors.applications_for(request.user)
    state = request.GET.get("state", "")
    round_pk = query_int(request.GET, "round")  # "²" or "1e3" is no filter, never round 2 nor a 500
    round_id = str(round_pk) if round_pk is not None else ""
    region = region_from_query(request)  # the workbench's links carry ?region=<code>
    if region is not None:
        qs = qs.filter(region=region)
    if state in Application.State.values:
        qs = qs.filter(state=state)
    if round_pk is not None:
        qs = qs.filter(round_id=round_pk)
    page = Paginator(qs.order_by("-updated_at", "-id"), 50).get_page(query_page(request.GET))
    return render(request, "subsidies/staff_home.html", {
        "page": page, "rounds": SchemeRound.objects.select_related("scheme"), "states": Application.State.choices,
        "state": state, "round_id": round_id, "region": region,
    })


@bureau_staff_required
def staff_item(request, pk: int):
    app = get_object_or_404(selectors.applications_for(request.user), pk=pk)
    return render(request, "subsidies/staff_item.html", {
        "app": app, "form": ReasonForm(), "timeline": list(timeline_for(app)), "letter": _has_letter(app),
        "steps": {step.name for step in ITEM.available(request.user, app)},
        "masked_account": mask_bank_account(app.bank_account.account_number) if app.bank_account else "",
    })


@bureau_staff_required
@require_POST
def staff_item_action(request, pk: int):
    app = get_object_or_404(selectors.applications_for(request.user), pk=pk)
    action = request.POST.get("action")
    text = request.POST.get("text", "")
    actions = {
        "review": (lambda: services.application_review_start(app=app, actor=request.user), _("Review started.")),
        "return": (lambda: services.application_return(app=app, actor=request.user, message=text), _("Returned to the enterprise.")),
        "approve": (lambda: services.application_approve(app=app, actor=request.user), _("Approved.")),
        "reject": (lambda: services.application_reject(app=app, actor=request.user, reason=text), _("Rejected.")),
    }
    if action not in actions:
        messages.error(request, _("Unknown action."))
    else:
        flash_call(request, *actions[action])
    return redirect("subsidies:staff_item", pk=app.pk)


@bureau_staff_required
def staff_letter(request, pk: int):
    return _letter(request, get_object_or_404(selectors.applications_for(request.user), pk=pk))


@bureau_staff_required
def staff_round(request, pk: int):
    round_ = get_object_or_404(SchemeRound.objects.select_related("scheme"), pk=pk)
    from xingtai_jobs.core.models import TaskRun

    run = TaskRun.objects.filter(kind="subsidies.screening", label=str(round_)).first()
    data = selectors.dashboard(request.user, round_)
    return render(request, "subsidies/staff_round.html", {
        "round": round_, "data": data, "run": run, "person_scheme": round_.scheme.code in services.PERSON_SCHEMES, "approved": selectors.applications_for(request.user).filter(
            round=round_, state=Application.State.APPROVED).count(),
    })


@city_staff_required
@require_POST
def staff_round_screen(request, pk: int):
    round_ = get_object_or_404(SchemeRound.objects.select_related("scheme"), pk=pk)

    def start():
        as_of = None
        if round_.scheme.code in services.PERSON_SCHEMES:  # the review month / claim date; blank: latest month, today
            as_of, _month = services.parse_as_of(request.POST.get("as_of", "")[:10])
        return services.screening_start(round_=round_, actor=request.user, as_of=as_of)

    flash_call(request, start, _("Screening started."))
    return redirect("subsidies:staff_round", pk=pk)


@bureau_staff_required
@require_POST
def staff_round_publish(request, pk: int):
    round_ = get_object_or_404(SchemeRound.objects.select_related("scheme"), pk=pk)
    notice = flash_call(request, lambda: services.notice_publish(round_=round_, actor=request.user), _("The public notice was published."))
    return redirect("subsidies:notice_detail", pk=notice.pk) if notice else redirect("subsidies:staff_round", pk=pk)


@bureau_staff_required
def staff_objections(request):
    qs = selectors.objections_for(request.user).order_by("status", "-created_at")
    status = request.GET.get("status", "")
    status = status if status in Objection.Status.values else ""
    region = region_from_query(request)
    if status:
        qs = qs.filter(status=status)
    if region is not None:
        qs = qs.filter(region=region)
    page = Paginator(qs, 50).get_page(query_page(request.GET))
    for objection in page.object_list:
        objection.masked_phone = mask_phone(objection.phone)
    return render(request, "subsidies/staff_objections.html", {"page": page, "form": ResolveForm(), "status": status,
                                                               "region": region})


@bureau_staff_required
@require_POST
def staff_objection_resolve(request, pk: int):
    objection = get_object_or_404(selectors.objections_for(request.user), pk=pk)
    form = ResolveForm(request.POST)
    if form.is_valid():
        flash_call(request, lambda: services.objection_resolve(objection=objection, actor=request.user, **form.cleaned_data),
                   _("The objection was resolved."))
    else:
        messages.error(request, _("Choose an outcome and write down the resolution."))
    return redirect("subsidies:staff_objections")


@city_staff_required
@require_http_methods(["GET", "POST"])
def staff_batches(request):
    if request.method == "POST":
        round_ = get_object_or_404(SchemeRound, pk=query_int(request.POST, "round", default=0))
        batch = flash_call(request, lambda: services.payout_batch_create(round_=round_, actor=request.user), _("Batch created."))
        if batch:
            flash_call(request, lambda: services.payout_batch_fill(batch_id=batch.pk, actor=request.user), _("Payable items were added."))
            return redirect("subsidies:staff_batch", pk=batch.pk)
        return redirect("subsidies:staff_batches")
    qs = selectors.batches_for(request.user)
    status = request.GET.get("status", "")
    status = status if status in PayoutBatch.Status.values else ""
    if status:
        qs = qs.filter(status=status)
    page = Paginator(qs, 50).get_page(query_page(request.GET))
    return render(request, "subsidies/staff_batches.html", {"page": page, "rounds": SchemeRound.objects.all(), "status": status})


@city_staff_required
@require_http_methods(["GET", "POST"])
def staff_batch(request, pk: int):
    batch = get_object_or_404(selectors.batches_for(request.user), pk=pk)
    upload = UploadForm()
    report = None
    if request.method == "POST":
        action = request.POST.get("action")
        if action == "fill":
            flash_call(request, lambda: services.payout_batch_fill(batch_id=batch.pk, actor=request.user), _("Payable items were added."))
        elif action == "lock":
            flash_call(request, lambda: services.payout_batch_lock(batch=batch, actor=request.user), _("The batch is locked."))
        elif action == "import":
            upload = UploadForm(request.POST, request.FILES)
            if upload.is_valid():
                report = _import_result(request, batch, upload.cleaned_data["file"])
                if report.ok:
                    messages.success(request, report.summary())
                    return redirect("subsidies:staff_batch", pk=batch.pk)
        if report is None:
            return redirect("subsidies:staff_batch", pk=batch.pk)
    items = batch.items.select_related("enterprise").order_by("pk")
    page = Paginator(items, 100).get_page(query_page(request.GET))
    return render(request, "subsidies/staff_batch.html", {"batch": batch, "page": page, "upload": upload, "report": report,
                                                          "steps": {s.name for s in BATCH.available(request.user, batch)}})


def _import_result(request, batch, uploaded):
    import tempfile
    from pathlib import Path

    from xingtai_jobs.core.imports import ImportReport

    suffix = Path(uploaded.name or "").suffix.lower()
    if suffix not in (".xlsx", ".csv"):
        return ImportReport(file_error=_("Upload an .xlsx or .csv file."))
    with tempfile.NamedTemporaryFile(suffix=suffix) as tmp:
        for chunk in uploaded.chunks():
            tmp.write(chunk)
        tmp.flush()
        try:
            return services.bank_result_import(batch=batch, path=tmp.name, actor=request.user)
        except DomainError as exc:
            return ImportReport(file_error=str(exc.message))


@city_staff_required
def staff_batch_export(request, pk: int):
    batch = get_object_or_404(selectors.batches_for(request.user), pk=pk)
    try:
        rows = services.payout_batch_export_rows(batch=batch, actor=request.user)
    except DomainError as exc:
        flash_error(request, exc)
        return redirect("subsidies:staff_batch", pk=batch.pk)
    from xingtai_jobs.core.documents import xlsx_response

    return xlsx_response(f"{batch.reference}.xlsx", services.BANK_EXPORT_HEADERS, rows)


