"""Public pages (the QR complaint form, tracking) and staff pages (queue, case, intake, posters,
board, evidence). Thin: parse, call one service or selector, render."""

from __future__ import annotations

from django.contrib import messages
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from xingtai_jobs.core import pagecache
from xingtai_jobs.core.access import staff_required
from xingtai_jobs.core.audit import audit_personal_data_view, timeline_for
from xingtai_jobs.core.documents import pdf_response
from xingtai_jobs.core.errors import DomainError
from xingtai_jobs.core.forms import make_form
from xingtai_jobs.core.inputs import is_digits, query_int
from xingtai_jobs.core.masking import mask_name, mask_phone, mask_resident_id
from xingtai_jobs.core.pages import flash_call, form_call
from xingtai_jobs.core.reference import regions_by_code
from xingtai_jobs.core.workbench import region_from_query

from . import forms, pending, protection, selectors, services
from .cache import PAGES, SUBMISSION_KEY_SENTINEL
from .models import Channel, DeadlineFlag, Evidence, Status
from .workflows import COMPLAINT

SESSION_CODE_KEY = "wage_arrears_last_code"


def _prefill(request) -> dict:
    from .models import Site

    initial = {}
    region_code = request.GET.get("region", "")
    if region_code in regions_by_code():
        initial["region_code"] = region_code
    token = request.GET.get("site", "")
    site = Site.objects.filter(token=token, is_active=True).select_related("region").first() if token else None
    if site is not None:
        initial.update(site=site.token, region_code=site.region.code, employer_name=site.employer_name,
                       employer_uscc=site.employer_uscc, project_name=site.name, address=site.address,
                       sector=site.sector)
    return initial


def _keep_evidence(request, form, kept: list) -> list:
    """After a submit that did not go through: keep the evidence that passed its checks for the
    next submit (``pending``), put its token in the form and return the kept files' names."""
    token = request.POST.get("kept_evidence") or ""
    if form.is_bound and "evidence" not in form.errors and request.FILES.getlist("evidence"):
        token = pending.keep(request, form.cleaned_data.get("evidence") or [])
        kept = pending.kept_files(request, token)
    data = form.data.copy()
    data["kept_evidence"] = token if kept else ""
    form.data = data
    return [f.name for f in kept]


def _challenge_refused(request) -> int | None:
    """A page that shows a new captcha challenge (the form opened, "换一张", the text question or the
    picture again) counts one under the declared limit; the seconds to wait when over it."""
    asks = request.method == "GET" or request.POST.get("captcha_refresh") or request.POST.get("captcha_mode")
    return protection.captcha_refresh_wait(request) if asks else None


def complaint_new(request):
    with_captcha = protection.captcha_required(request)
    refused = _challenge_refused(request) if with_captcha else None
    if refused:
        # over the limit no new challenge is stored: the form again (what was typed kept), the message
        # in place of the picture, 429; a submit then asks for a captcha again under the submit limit
        messages.error(request, protection.retry_message(refused))
        shown = {k: request.POST.get(k) for k in forms.ComplaintForm.base_fields if k != "evidence"} \
            if request.method == "POST" else _prefill(request)
        return render(request, "wage_arrears/complaint_form.html",
                      {"form": forms.ComplaintForm(initial=shown), "site": shown.get("site") or ""}, status=429)
    form_class = forms.complaint_form_class(with_captcha=with_captcha, text=protection.captcha_text_mode(request))
    kept: list = []
    if request.method == "POST":
        form = form_class(request.POST, request.FILES)
        token = request.POST.get("kept_evidence")
        if token:  # only after a submit with errors: the intake's hot path never reads this
            kept = pending.kept_files(request, token)
            if kept and request.POST.get("drop_kept"):
                pending.drop(request)
                kept = []
            form.kept = tuple(pending.load(kept))
        if request.POST.get("captcha_refresh") or request.POST.get("captcha_mode"):
            # "换一张" / the text question: the same form again with a new challenge, nothing checked
            form.is_valid()
            names = _keep_evidence(request, form, kept)
            shown = {k: form.data.get(k) for k in form.fields if k not in ("captcha", "evidence")}
            again = form_class(initial=shown)
            return render(request, "wage_arrears/complaint_form.html",
                          {"form": again, "site": shown.get("site") or "", "kept_names": names})
        wait = protection.ip_wait(request)
        if wait:
            retried = form.retried_complaint()
            if retried is None:
                messages.error(request, protection.retry_message(wait))
                return render(request, "wage_arrears/complaint_form.html", {"form": form}, status=429)
            request.session[SESSION_CODE_KEY] = retried.tracking_code
            return redirect("wage_arrears:complaint-done")
        if form.is_valid():
            phone = form.cleaned_data["complainant_phone"]
            try:
                intake = services.complaint_submit_public(
                    data=form.to_input(), channel=Channel.QR, submission_key=form.cleaned_data.get("submission_key"),
                    phone_wait=lambda: protection.phone_wait(request, phone), request=request)
            except DomainError as exc:
                form.add_error(form.error_field(exc.field), str(exc.message))
            else:
                if intake.retry_after:
                    messages.error(request, protection.retry_message(intake.retry_after))
                    return render(request, "wage_arrears/complaint_form.html", {"form": form}, status=429)
                if intake.created:
                    protection.note_submission(request)
                if token:
                    pending.drop(request)
                request.session[SESSION_CODE_KEY] = intake.complaint.tracking_code
                return redirect("wage_arrears:complaint-done")
    elif form_class is forms.ComplaintForm and pagecache.cacheable(request):  # the empty form, no captcha to show
        import uuid

        def context():
            form = form_class(initial={**_prefill(request), "submission_key": SUBMISSION_KEY_SENTINEL})
            return {"form": form, "site": form.initial.get("site") or ""}

        key = f"complaint:{request.GET.get('region', '')[:10]}:{request.GET.get('site', '')[:64]}"
        return pagecache.cached_page(request, PAGES, key, "wage_arrears/complaint_form.html", context,
                                     per_visitor={SUBMISSION_KEY_SENTINEL: lambda: str(uuid.uuid4())})
    else:
        import uuid

        form = form_class(initial={**_prefill(request), "submission_key": uuid.uuid4()})
    site = form.initial.get("site") or (form.data.get("site") if form.is_bound else "")
    names = _keep_evidence(request, form, kept) if form.is_bound else []
    return render(request, "wage_arrears/complaint_form.html", {"form": form, "site": site, "kept_names": names},
                  status=400 if form.is_bound and form.errors else 200)


def captcha_refresh(request):
    """django-simple-captcha's ``/captcha/refresh/`` (a new key as JSON), behind the declared limit."""
    from captcha.views import captcha_refresh as refresh
    from django.http import JsonResponse

    wait = protection.captcha_refresh_wait(request)
    if wait:
        response = JsonResponse({"detail": protection.retry_message(wait), "retry_after": wait}, status=429)
        response["Retry-After"] = str(wait)
        return response
    return refresh(request)


def complaint_done(request):
    code = request.session.get(SESSION_CODE_KEY)
    if not code:
        return redirect("wage_arrears:complaint-new")
    accept_days = services.policy_on(services.today()).accept_working_days
    return render(request, "wage_arrears/complaint_done.html", {"code": code, "accept_days": accept_days})


def complaint_track(request):
    if request.method == "GET" and pagecache.cacheable(request):  # the empty form; look-ups (POST) never cached
        return pagecache.cached_page(request, PAGES, "track", "wage_arrears/track.html", lambda: {"form": forms.TrackForm(), "result": None})
    # from the done page ("查询进度"): the code just given is filled in, the cursor on the digits
    last_code = request.session.get(SESSION_CODE_KEY, "") if request.method == "GET" else ""
    form = forms.TrackForm(request.POST or None, initial={"code": last_code} if last_code else None)
    if last_code:
        form.fields["phone_last4"].widget.attrs["autofocus"] = True
    result = None
    status = 200
    if request.method == "POST":
        wait = protection.track_wait(request)
        if wait:
            messages.error(request, protection.retry_message(wait))
            status = 429
        elif form.is_valid():
            complaint = selectors.complaint_track(form.cleaned_data["code"], form.cleaned_data["phone_last4"])
            if complaint is None:
                form.add_error(None, _("No complaint matches this code and these digits. Check both and try again."))
            else:
                result = selectors.tracking_view(complaint)
    return render(request, "wage_arrears/track.html", {"form": form, "result": result}, status=status)


# --- staff ---------------------------------------------------------------------------------------


@staff_required
def staff_queue(request):
    flag = request.GET.get("flag", "")
    flag = flag if flag in DeadlineFlag.values else ""
    status = request.GET.get("status", "")
    status = status if status in Status.values else ""
    region = region_from_query(request)  # the workbench's links carry ?region=<code> (a bad one: 400)
    qs = selectors.complaint_queue(request.user, flag=flag, status=status, mine=request.GET.get("mine") == "1")
    if region is not None:
        qs = qs.filter(region=region)
    rows = list(qs[:200])
    return render(request, "wage_arrears/staff_queue.html", {
        "rows": rows, "flag": flag, "status": status, "flags": DeadlineFlag.choices, "statuses": Status.choices,
        "mine": request.GET.get("mine") == "1", "region": region,
    })


@staff_required
def staff_export(request):
    """The visible open cases as Excel, complainant masked (exports never carry the full identity)."""
    from xingtai_jobs.core.documents import xlsx_response

    rows = (
        (c.tracking_code, mask_name(c.complainant_name), mask_phone(c.complainant_phone), c.employer_name,
         c.project_name, c.region.name, c.department.name, str(c.get_status_display()),
         str(c.get_deadline_flag_display()), c.workers_affected, c.amount_owed, c.received_on)
        for c in selectors.complaint_queue(request.user).iterator(chunk_size=2000)
    )
    headers = [_("Code"), _("Complainant"), _("Mobile"), _("Employer"), _("Project"), _("Region"), _("Department"),
               _("Status"), _("Deadline"), _("Workers"), _("Owed (yuan)"), _("Received")]
    return xlsx_response("wage-arrears-cases.xlsx", [str(h) for h in headers], rows)


ACTIONS = {
    # step of the complaint machine (wage_arrears/workflows.py): (form class, service call)
    "accept": (forms.EmptyForm, lambda c, a, d, r: services.complaint_accept(complaint_id=c, actor=a, request=r)),
    "not_accept": (forms.NotAcceptForm, lambda c, a, d, r: services.complaint_not_accept(
        complaint_id=c, actor=a, reason=d["reason"], transferred_to=d["transferred_to"], request=r)),
    "assign": (forms.AssignForm, lambda c, a, d, r: services.complaint_assign(
        complaint_id=c, actor=a, department=d.get("department"), assignee=d.get("assignee"), reason=d["reason"],
        request=r)),
    "contact": (forms.NoteForm, lambda c, a, d, r: services.complaint_record_contact(
        complaint_id=c, actor=a, note=d["note"], request=r)),
    "verify": (forms.VerifyForm, lambda c, a, d, r: services.complaint_verify(
        complaint_id=c, actor=a, findings=d["findings"], substantiated=d["substantiated"], request=r)),
    "handle": (forms.HandleForm, lambda c, a, d, r: services.complaint_handle(
        complaint_id=c, actor=a, outcome=d["outcome"], request=r)),
    "resolve": (forms.ResolveForm, lambda c, a, d, r: services.complaint_resolve(
        complaint_id=c, actor=a, amount_recovered=d["amount_recovered"], workers_paid=d["workers_paid"],
        paid_on=d["paid_on"], request=r)),
    "inform": (forms.OptionalNoteForm, lambda c, a, d, r: services.complaint_inform(
        complaint_id=c, actor=a, note=d["note"], request=r)),
    "close": (forms.EmptyForm, lambda c, a, d, r: services.complaint_close(complaint_id=c, actor=a, request=r)),
    "extend": (forms.ReasonForm, lambda c, a, d, r: services.complaint_extend(
        complaint_id=c, actor=a, reason=d["reason"], request=r)),
    "reroute": (forms.RerouteForm, lambda c, a, d, r: services.complaint_reroute(
        complaint_id=c, actor=a, department=d["department"], reason=d["reason"], region=d.get("region"), request=r)),
    "schedule": (forms.ScheduleForm, lambda c, a, d, r: services.complaint_schedule_session(
        complaint_id=c, actor=a, session_id=d["session"].pk, request=r)),
    "blacklist": (forms.ReasonForm, lambda c, a, d, r: services.blacklist_add(
        complaint_id=c, actor=a, reason=d["reason"], request=r)),
    "unlist": (forms.EarlyRemovalForm, lambda c, a, d, r: services.blacklist_remove_early_for_complaint(
        complaint_id=c, actor=a, paid_on=d["paid_on"], requested_on=d["requested_on"], reason=d["reason"], request=r)),
    "match": (forms.MatchEmployerForm, lambda c, a, d, r: services.complaint_match_employer(
        complaint_id=c, actor=a, uscc=d["uscc"], request=r)),
}


def _action_forms(complaint, user, bound=None):
    """The forms of the steps the complaint machine allows ``user`` on ``complaint`` now."""
    items = []
    for step in COMPLAINT.available(user, complaint):
        form_class, _service = ACTIONS[step.name]
        form = bound if bound is not None and bound[0] == step.name else None
        form = form[1] if form else make_form(form_class, user, prefix=step.name)
        if step.name == "schedule":
            form.fields["session"].queryset = selectors.sessions_visible_to(user).filter(
                region_id=complaint.region_id, date__gte=services.today()).order_by("date")
        if step.name == "assign":
            form.limit_to(complaint)
        items.append({"name": step.name, "label": step.label, "form": form})
    return items


@staff_required
def staff_case(request, pk: int, bound=None, status: int = 400):
    complaint = selectors.complaint_for_staff(request.user, pk)
    if complaint is None:
        raise Http404
    show_identity = selectors.may_see_identity(request.user, complaint)
    if show_identity:
        audit_personal_data_view(request, complaint, ["complainant_name", "complainant_phone", "complainant_id_number"])
    candidates = services.group_candidates(complaint) if complaint.is_open else []
    candidates = [c for c in candidates if c.group_id is None or c.group_id != complaint.group_id]
    return render(request, "wage_arrears/staff_case.html", {
        "c": complaint,
        "show_identity": show_identity,
        "name": complaint.complainant_name if show_identity else mask_name(complaint.complainant_name),
        "phone": complaint.complainant_phone if show_identity else mask_phone(complaint.complainant_phone),
        "id_number": complaint.complainant_id_number if show_identity else mask_resident_id(complaint.complainant_id_number),
        "evidence": list(complaint.evidence.all()),
        "actions": _action_forms(complaint, request.user, bound),
        "timeline": timeline_for(complaint),
        "candidates": candidates,
        "group": selectors.group_summary(complaint.group_id) if complaint.group_id else None,
    }, status=status if bound else 200)


@staff_required
@require_POST
def staff_case_action(request, pk: int, action: str):
    if action not in ACTIONS:
        raise Http404
    complaint = selectors.complaint_for_staff(request.user, pk)
    if complaint is None:
        raise Http404
    form_class, service = ACTIONS[action]
    form = make_form(form_class, request.user, request.POST, prefix=action)
    if action == "schedule":
        form.fields["session"].queryset = selectors.sessions_visible_to(request.user).filter(region_id=complaint.region_id)
    if action == "assign":
        form.limit_to(complaint)
    call = form_call(request, form, lambda data: service(complaint.pk, request.user, data, request),  # 403/404/409 by code
                     success=_("Saved."), redirect_to=lambda _done: redirect("wage_arrears:staff-case", pk=pk))
    return call.response or staff_case(request, pk, bound=(action, form), status=call.status)


@staff_required
@require_POST
def staff_group_merge(request, pk: int):
    complaint = selectors.complaint_for_staff(request.user, pk)
    if complaint is None:
        raise Http404
    ids = [pk] + [int(x) for x in request.POST.getlist("merge") if is_digits(x) and len(x) <= 10]
    flash_call(request, lambda: services.group_merge(complaint_ids=ids, actor=request.user, request=request),
               _("Complaints merged into a group case."))
    return redirect("wage_arrears:staff-case", pk=pk)


@staff_required
def staff_evidence(request, pk: int):
    evidence = Evidence.objects.select_related("complaint").filter(pk=pk).first()
    if evidence is None or not selectors.may_see_identity(request.user, evidence.complaint) or \
            selectors.complaint_for_staff(request.user, evidence.complaint_id) is None:
        raise Http404
    audit_personal_data_view(request, evidence.complaint, [f"evidence:{evidence.pk}"])
    response = FileResponse(evidence.file.open("rb"), content_type=evidence.content_type)
    response["Content-Disposition"] = "inline"
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response


@staff_required
def staff_intake(request):
    sessions = selectors.sessions_visible_to(request.user).filter(date__gte=services.today()).order_by("date")[:200]
    sessions = selectors.sessions_visible_to(request.user).filter(pk__in=[s.pk for s in sessions])
    status = 200
    if request.method == "POST":
        form = forms.StaffIntakeForm(request.POST, request.FILES, sessions=sessions, user=request.user)
        call = form_call(request, form, lambda data: _register_complaint(request, form, data),
                         success=lambda complaint: _("Complaint registered with tracking code %(code)s.")
                         % {"code": complaint.tracking_code},
                         redirect_to=lambda complaint: redirect("wage_arrears:staff-case", pk=complaint.pk))
        if call.response:
            return call.response
        status = call.status
    else:
        initial = {"region_code": getattr(request.user.region, "code", "")}
        walk_in_at = query_int(request.GET, "session")  # "register a walk-in" from a session page
        session = sessions.filter(pk=walk_in_at).first() if walk_in_at is not None else None
        if session is not None:
            initial.update(channel=Channel.SESSION, session=session.pk, region_code=session.region.code)
        form = forms.StaffIntakeForm(sessions=sessions, initial=initial, user=request.user)
    return render(request, "wage_arrears/staff_intake.html", {"form": form}, status=status)


def _register_complaint(request, form, data):
    """A complaint registered by staff (the service keeps it to the officer's own regions)."""
    complaint, _created = services.complaint_submit(data=form.to_input(), channel=data["channel"], actor=request.user,
                                                    session=data.get("session"), request=request)
    return complaint


@staff_required
def staff_board(request):
    rows = selectors.clearance_board(request.user)
    escalated = list(selectors.complaint_queue(request.user, flag=DeadlineFlag.OVERDUE)[:100])
    return render(request, "wage_arrears/staff_board.html", {"rows": rows, "escalated": escalated})


def _poster(request, *, region, site=None):
    from xingtai_jobs.core.links import absolute_url

    size = request.GET.get("size", "A4").upper()
    if size not in ("A4", "A3"):
        size = "A4"
    url = absolute_url(f"{reverse('wage_arrears:complaint-new')}?region={region.code}", request)
    if site is not None:
        url += f"&site={site.token}"
    pdf = services.poster_pdf(url=url, region=region, site=site, size=size)
    name = f"欠薪举报二维码-{region.name}{'-' + site.name if site else ''}-{size}.pdf"
    return pdf_response(pdf, name, inline=request.GET.get("inline") == "1")


@staff_required
def poster_region(request, code: str):
    region = selectors.regions_for_user(request.user).filter(code=code).first()
    if region is None:
        raise Http404
    return _poster(request, region=region)


@staff_required
def poster_site(request, token: str):
    site = selectors.sites_visible_to(request.user).filter(token=token).first()
    if site is None:
        raise Http404
    return _poster(request, region=site.region, site=site)


@staff_required
def staff_posters(request):
    return render(request, "wage_arrears/staff_posters.html", {
        "regions": selectors.regions_for_user(request.user), "sites": selectors.sites_visible_to(request.user)[:500]})


# --- joint reception sessions (连鼓清零 联合接访) ----------------------------------------------------


@staff_required
def staff_sessions(request):
    upcoming, past = selectors.session_board(request.user, on=services.today())
    return render(request, "wage_arrears/staff_sessions.html", {"upcoming": upcoming, "past": past})


def _masked_rows(complaints) -> list[dict]:
    """Session pages list complainants masked only (the full identity stays on the case page)."""
    return [{"pk": c.pk, "tracking_code": c.tracking_code, "name": mask_name(c.complainant_name),
             "phone": mask_phone(c.complainant_phone), "employer": c.employer_name, "amount": c.amount_owed,
             "status": c.get_status_display()} for c in complaints]


@staff_required
def staff_session(request, pk: int):
    session = selectors.session_for_staff(request.user, pk)
    if session is None:
        raise Http404
    form = (forms.SessionOutcomesForm(request.POST) if request.method == "POST"
            else forms.SessionOutcomesForm(initial={"outcomes": session.outcomes}))
    call = form_call(request, form, lambda data: services.session_record_outcomes(
        session_id=session.pk, actor=request.user, outcomes=data["outcomes"], request=request),
        success=_("Outcomes recorded."), redirect_to=lambda _done: redirect("wage_arrears:staff-session", pk=session.pk))
    if call.response:
        return call.response
    scheduled, walk_ins = selectors.session_cases(request.user, session)
    return render(request, "wage_arrears/staff_session.html", {
        "s": session, "form": form, "scheduled": _masked_rows(scheduled), "walk_ins": _masked_rows(walk_ins),
        "can_register": session.date >= services.today(),
    }, status=call.status)
