"""Server-rendered pages: thin. Parse input, call one service or selector, render."""

from __future__ import annotations

from urllib.parse import urlencode

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from django.views.decorators.http import require_http_methods, require_POST

from recruitment import selectors, services
from recruitment.cache import PAGES
from recruitment.forms import (
    SEEKER_EDUCATION,
    EventFilterForm,
    IntentionForm,
    InternshipPostForm,
    JobApplicationForm,
    JobSearchForm,
    LedgerImportForm,
    LivestreamResultForm,
    OfficerForm,
    PostingForm,
    RegistrationForm,
    StationCodeForm,
    TicketLookupForm,
)
from recruitment.imports import GraduateImportSpec
from recruitment.models import Event, EventParticipant, Intention, JobPosting
from recruitment.pagination import CappedPaginator
from xingtai_jobs.core import clock, pagecache, ratelimits
from xingtai_jobs.core.access import bureau_staff_required, enterprise_required
from xingtai_jobs.core.audit import audit_personal_data_view
from xingtai_jobs.core.documents import qr_svg, xlsx_response
from xingtai_jobs.core.errors import DomainError
from xingtai_jobs.core.imports import run_import_upload
from xingtai_jobs.core.inputs import query_page
from xingtai_jobs.core.links import absolute_url
from xingtai_jobs.core.masking import mask_phone
from xingtai_jobs.core.pages import flash_call, form_call
from xingtai_jobs.core.validators import normalize_mobile
from xingtai_jobs.core.workbench import region_from_query

# --- public ------------------------------------------------------------------------------------


EVENT_PARAMS = ("kind", "region", "date_from", "date_to")
SEARCH_PARAMS = ("q", "region", "occupation", "pay", "education")


def _params(request, names) -> dict:
    """The known filter parameters, as given (bounded); the cache key and the pager's links use
    only these, so unknown parameters neither split the cache nor leak into links."""
    return {name: request.GET[name][:60] for name in names if request.GET.get(name)}


def _page_number(request) -> int:
    return min(query_page(request.GET), 1000)


def event_list(request):
    """Cached for anonymous visitors (ADR 0013): a published, closed or changed event shows at once
    (the services bump the version), places left within ``XT_PAGE_CACHE_SECONDS``."""
    params, number = _params(request, EVENT_PARAMS), _page_number(request)

    def context():
        form = EventFilterForm(params or None)
        data = form.cleaned_data if form.is_valid() else {}
        events = selectors.public_events(kind=data.get("kind") or "", region_id=getattr(data.get("region"), "pk", None),
                                         date_from=data.get("date_from"), date_to=data.get("date_to"))
        return {"form": form, "page": Paginator(events, 20).get_page(number), "query": urlencode(params)}

    return pagecache.cached_page(request, PAGES, f"events:{sorted(params.items())}:{number}", "recruitment/event_list.html", context)


@ratelimits.limit_post("recruitment.registration.ip")
@require_http_methods(["GET", "POST"])
def event_detail(request, pk: int):
    """The GET page is cached for anonymous visitors (their CSRF token put in per visitor); a
    registration (POST) is never served from the cache."""
    if request.method == "GET":
        def context():
            event = selectors.public_event(pk)
            if event is None:
                raise Http404
            return {"event": event, "form": RegistrationForm()}

        return pagecache.cached_page(request, PAGES, f"event:{pk}", "recruitment/event_detail.html", context)
    event = selectors.public_event(pk)
    if event is None:
        raise Http404
    form = RegistrationForm(request.POST or None)
    if request.method == "POST" and getattr(request, "limited", False):
        form.add_error(None, _("Too many attempts; please wait a minute and try again."))
        status = 429
    else:
        call = form_call(request, form, lambda data: services.registration_create(event_id=event.pk, request=request, **data),
                         redirect_to=lambda registration: redirect("recruitment:ticket", token=registration.token))
        if call.response:
            return call.response
        status = call.status
    return render(request, "recruitment/event_detail.html", {"event": event, "form": form}, status=status)


def job_search(request):
    """Cached for anonymous visitors per filter set and page (ADR 0013): a new, changed or withdrawn
    posting shows at once (the version is bumped on every save), anything else within
    ``XT_PAGE_CACHE_SECONDS``; postings expire with the day (the date is part of every key)."""
    params, number = _params(request, SEARCH_PARAMS), _page_number(request)

    def context():
        form = JobSearchForm(params or None)
        data = form.cleaned_data if form.is_valid() else {}
        postings = selectors.job_search(region_id=getattr(data.get("region"), "pk", None), occupation=data.get("occupation") or "",
                                        pay_at_least=data.get("pay"), education=data.get("education") or "", keyword=data.get("q") or "")
        return {"form": form, "page": CappedPaginator(postings, 20).get_page(number), "query": urlencode(params),
                "regions": selectors.region_choices(), "educations": SEEKER_EDUCATION}

    return pagecache.cached_page(request, PAGES, f"jobs:{sorted(params.items())}:{number}", "recruitment/job_search.html", context)


def job_detail(request, pk: int):
    def context():
        posting = selectors.public_posting(pk)
        if posting is None:
            raise Http404
        return {"posting": posting, "form": JobApplicationForm()}

    return pagecache.cached_page(request, PAGES, f"job:{pk}", "recruitment/job_detail.html", context)


@ratelimits.limit_post("recruitment.apply.ip")
@require_POST
def job_apply(request, pk: int):
    """A job seeker leaves their contact for the employer (rate-limited per address:
    ``recruitment.apply.ip`` in core/ratelimits.py); on success back to the posting with a message."""
    posting = selectors.public_posting(pk)
    if posting is None:
        raise Http404
    form = JobApplicationForm(request.POST)
    if getattr(request, "limited", False):
        form.add_error(None, _("Too many attempts from this address; please try again in an hour."))
        status = 429
    else:
        call = form_call(request, form, lambda data: services.job_application_create(posting_id=posting.pk, request=request, **data),
                         success=_("Your contact has been passed to %(employer)s; they will call you.")
                         % {"employer": posting.enterprise.name},
                         redirect_to=lambda _done: redirect("recruitment:job-detail", pk=posting.pk))
        if call.response:
            return call.response
        status = call.status
    return render(request, "recruitment/job_detail.html", {"posting": posting, "form": form}, status=status)


@ratelimits.limit_post("recruitment.ticket_lookup.ip")
@require_http_methods(["GET", "POST"])
def ticket_lookup(request):
    """找回报名凭证: mobile + the last 4 of the ID (or the name) → the holder's tickets. Limited per
    address and per phone (``recruitment.ticket_lookup.*`` in core/ratelimits.py),
    and a miss says the same whether or not the phone is registered."""
    form = TicketLookupForm(request.POST or None)
    tickets = None
    status = 200
    if request.method == "POST":
        status = 400
        if getattr(request, "limited", False):
            form.add_error(None, _("Too many attempts from this address; please try again in an hour."))
            status = 429
        elif form.is_valid():
            try:
                phone = normalize_mobile(form.cleaned_data["phone"])
            except ValidationError:
                phone = ""  # answered like any miss (and counted under one key)
            if ratelimits.hit(request, "recruitment.ticket_lookup.phone", value=phone or "-"):
                form.add_error(None, _("Too many attempts for this number; please try again in an hour."))
                status = 429
            else:
                tickets = selectors.tickets_by_holder(phone=phone, proof=form.cleaned_data["proof"]) if phone else []
                if len(tickets) == 1:
                    return redirect("recruitment:ticket", token=tickets[0].token)
                if tickets:
                    status = 200
                else:
                    form.add_error(None, _("No ticket matches this number and these characters. Check both and try again, "
                                           "or ask the organisers at the entrance."))
    return render(request, "recruitment/ticket_lookup.html", {"form": form, "tickets": tickets}, status=status)


@require_http_methods(["GET", "POST"])
def ticket(request, token: str):
    """The URL in the ticket's QR code. The holder sees the ticket; bureau staff check the holder
    in; an employer at the event records an employment intention."""
    registration = selectors.ticket(token)
    if registration is None:
        raise Http404
    user = request.user
    ctx = {"registration": registration, "event": registration.event}
    if user.is_authenticated and user.is_bureau_staff:
        return _ticket_staff(request, registration, ctx)
    if user.is_authenticated and user.is_enterprise_user:
        return _ticket_employer(request, registration, ctx)
    url = absolute_url(reverse("recruitment:ticket", args=[token]), request)
    ctx.update(qr=qr_svg(url), ticket_url=url, masked_phone=mask_phone(registration.phone))
    return render(request, "recruitment/ticket.html", ctx)


STATION_KEY = "recruitment_checkin_event"


def _ticket_staff(request, registration, ctx):
    station_id = request.session.get(STATION_KEY)
    at_event = selectors.events_for(request.user).filter(pk=station_id).first() if station_id else None
    ctx["station"] = at_event
    if request.method == "POST":
        def checked_in(result):
            checked, fresh = result
            at = timezone.localtime(checked.checked_in_at).strftime("%H:%M")
            if fresh:
                return _("Checked in at %(time)s.") % {"time": at}
            messages.warning(request, _("Already checked in at %(time)s.") % {"time": at})
            return None

        flash_call(request, lambda: services.registration_check_in(registration=registration, actor=request.user,
                                                                    at_event=at_event, request=request), checked_in)
        return redirect("recruitment:ticket", token=registration.token)
    ctx["masked_phone"] = mask_phone(registration.phone)
    # the 签到 button only where the check-in can succeed: a confirmed ticket, not yet checked in, of
    # the event of this station (or of any event of the officer's when no station is set)
    ctx["other_event"] = at_event is not None and registration.event_id != at_event.pk
    ctx["may_check_in"] = (not ctx["other_event"] and registration.checked_in_at is None
                           and registration.status == registration.Status.CONFIRMED
                           and registration.event.status in Event.OPEN_STATUSES)
    return render(request, "recruitment/ticket_staff.html", ctx)


def _ticket_employer(request, registration, ctx):
    event = registration.event
    user = request.user
    if not services.employer_is_at_event(enterprise_id=user.enterprise_id, event=event):
        ctx["refused"] = _("Your enterprise is not an approved participant of this event.")
        return render(request, "recruitment/ticket_employer.html", ctx, status=403)
    postings = list(JobPosting.objects.filter(enterprise_id=user.enterprise_id, events=event).order_by("id"))
    form = IntentionForm(request.POST or None, postings=postings)
    call = form_call(request, form, lambda data: services.intention_record(
        registration=registration, posting_id=data["posting"], actor=user, note=data["note"], request=request),
        success=_("Employment intention recorded."),
        redirect_to=lambda _done: redirect("recruitment:ticket", token=registration.token))
    if call.response:
        return call.response
    recorded = list(Intention.objects.filter(registration=registration, enterprise_id=user.enterprise_id).select_related("posting"))
    if recorded:  # the employer needs the number to follow its intention up: shown in full, audited
        audit_personal_data_view(request, registration, ["phone"])
    ctx.update(form=form, postings=postings, recorded=recorded,
               phone=registration.phone if recorded else mask_phone(registration.phone))
    return render(request, "recruitment/ticket_employer.html", ctx, status=call.status)


# --- enterprise --------------------------------------------------------------------------------


@enterprise_required
def enterprise_home(request):
    user = request.user
    ctx = {
        "participations": selectors.enterprise_participations(user)[:50],
        "postings": selectors.enterprise_postings(user)[:100],
        "officers": selectors.enterprise_officers(user),
        "intentions": selectors.enterprise_intentions(user)[:100],
        "applications": selectors.job_applications_for(user)[:100],
        "internship_posts": selectors.enterprise_internship_posts(user)[:50],
        "open_events": Event.objects.filter(status__in=Event.OPEN_STATUSES).exclude(participants__enterprise_id=user.enterprise_id)
        .select_related("region").order_by("starts_at")[:50],
    }
    return render(request, "recruitment/enterprise_home.html", ctx)


@enterprise_required
def enterprise_application(request, pk: int):
    """One job seeker's contact in full, for the employer to call: the view is audited."""
    application = get_object_or_404(selectors.job_applications_for(request.user), pk=pk)
    audit_personal_data_view(request, application, ["name", "phone"])
    return render(request, "recruitment/enterprise_application.html", {"a": application})


@enterprise_required
@require_POST
def enterprise_event_signup(request, pk: int):
    event = get_object_or_404(Event, pk=pk)
    flash_call(request, lambda: services.participant_signup(event=event, enterprise=request.user.enterprise, actor=request.user),
               _("Signed up; the bureau will review your sign-up."))
    return redirect("recruitment:enterprise-home")


@enterprise_required
@require_http_methods(["GET", "POST"])
def enterprise_posting_edit(request, pk: int | None = None):
    posting = get_object_or_404(selectors.enterprise_postings(request.user), pk=pk) if pk else None
    events_qs = Event.objects.filter(participants__enterprise_id=request.user.enterprise_id,
                                     participants__status=EventParticipant.Status.APPROVED, status__in=Event.OPEN_STATUSES)
    initial = None
    if posting is not None:
        initial = {f: getattr(posting, f) for f in ("title", "occupation", "headcount", "education", "experience_years", "pay_min",
                                                    "pay_max", "region", "description", "valid_from", "valid_to")}
        initial["events"] = list(posting.events.all())
    form = PostingForm(request.POST or None, initial=initial, events_qs=events_qs, user=request.user)
    call = form_call(request, form, lambda data: services.posting_save(
        enterprise=request.user.enterprise, actor=request.user, posting=posting, **data),
        success=_("Posting saved."), redirect_to="recruitment:enterprise-home")
    if call.response:
        return call.response
    return render(request, "recruitment/form.html", {"form": form, "title": _("Job posting"), "back": reverse("recruitment:enterprise-home")},
                  status=call.status)


@enterprise_required
@require_http_methods(["GET", "POST"])
def enterprise_officer_new(request):
    form = OfficerForm(request.POST or None)
    call = form_call(request, form, lambda data: services.officer_register(enterprise=request.user.enterprise, actor=request.user, **data),
                     success=_("Recommendation officer registered."), redirect_to="recruitment:enterprise-home")
    if call.response:
        return call.response
    return render(request, "recruitment/form.html", {"form": form, "title": _("Register a recommendation officer (岗位推荐官)"),
                                                     "back": reverse("recruitment:enterprise-home")}, status=call.status)


@enterprise_required
@require_http_methods(["GET", "POST"])
def enterprise_internship_new(request):
    form = InternshipPostForm(request.POST or None, initial={"region": request.user.enterprise.region_id}, user=request.user)
    call = form_call(request, form, lambda data: services.internship_post_create(host=request.user.enterprise, actor=request.user, **data),
                     success=_("Internship post submitted for approval."), redirect_to="recruitment:enterprise-home")
    if call.response:
        return call.response
    return render(request, "recruitment/form.html", {"form": form, "title": _("Publish an internship post (见习岗位)"),
                                                     "back": reverse("recruitment:enterprise-home")}, status=call.status)


# --- staff -------------------------------------------------------------------------------------


def _year(request) -> int:
    """?year= within 2000..2100, else (absent, 0, -5, huge, text) this year."""
    from xingtai_jobs.core.inputs import query_int

    return query_int(request.GET, "year", min_value=2000, max_value=2100, default=clock.today().year)


@bureau_staff_required
def staff_results(request):
    year = _year(request)
    ctx = {
        "year": year,
        "progress": selectors.target_progress(request.user, year=year),
        "by_kind": selectors.results_grouped(request.user, year=year, by="kind"),
        "by_series": selectors.results_grouped(request.user, year=year, by="series"),
        "by_region": selectors.results_grouped(request.user, year=year, by="region"),
        "events": selectors.results_by_event(request.user, year=year)[:200],
    }
    return render(request, "recruitment/staff_results.html", ctx)


@bureau_staff_required
@require_http_methods(["GET", "POST"])
def staff_checkin_station(request, pk: int):
    """Staff at the entrance choose the event they check people in at: tickets of other events are
    then refused. A ticket's printed short code typed here checks its holder in as the QR does."""
    event = get_object_or_404(selectors.events_for(request.user), pk=pk)
    active = request.session.get(STATION_KEY) == event.pk
    form = StationCodeForm()
    status = 200
    if request.method == "POST" and "code" in request.POST:
        form = StationCodeForm(request.POST)
        if not active:
            form.add_error(None, _("Start checking in at this event first."))
            status = 409
        else:
            call = form_call(request, form, lambda data: _check_in_by_code(request, event, data["code"]),
                             redirect_to=lambda checked: _checked_in(request, event, *checked))
            if call.response:
                return call.response
            status = call.status
    elif request.method == "POST":
        if request.POST.get("stop"):
            request.session.pop(STATION_KEY, None)
        else:
            request.session[STATION_KEY] = event.pk
        return redirect("recruitment:staff-checkin-station", pk=event.pk)
    return render(request, "recruitment/checkin_station.html", {"event": event, "active": active, "form": form}, status=status)


def _check_in_by_code(request, event, code: str):
    registration = selectors.ticket_by_code(code)
    if registration is None:
        raise DomainError(_("No ticket has this short code. Check the characters and try again."), field="code")
    return services.registration_check_in(registration=registration, actor=request.user, at_event=event, request=request)


def _checked_in(request, event, registration, fresh: bool):
    at = timezone.localtime(registration.checked_in_at).strftime("%H:%M")
    text = _("%(code)s %(name)s: checked in at %(time)s.") if fresh else _("%(code)s %(name)s: already checked in at %(time)s.")
    (messages.success if fresh else messages.warning)(request, text % {"code": registration.code, "name": registration.who().name, "time": at})
    return redirect("recruitment:staff-checkin-station", pk=event.pk)


@bureau_staff_required
@require_http_methods(["GET", "POST"])
def staff_livestream(request, pk: int):
    event = get_object_or_404(selectors.events_for(request.user), pk=pk)
    form = LivestreamResultForm(request.POST or None)
    call = form_call(request, form, lambda data: services.livestream_result_record(event=event, actor=request.user, **data),
                     success=_("Livestream results recorded."), redirect_to="recruitment:staff-results")
    if call.response:
        return call.response
    return render(request, "recruitment/form.html", {"form": form, "title": _("Livestream results: %(title)s") % {"title": event.title},
                                                     "back": reverse("recruitment:staff-results")}, status=call.status)


@bureau_staff_required
def staff_ledger(request):
    package = services.package_1131()
    user = request.user
    incomplete = selectors.ledger_incomplete(user, package=package).order_by("household_region__code", "id")
    page = Paginator(incomplete, 50).get_page(query_page(request.GET))
    for entry in page.object_list:
        entry.missing = services.service_1131_missing(entry, package)
    ctx = {
        "totals": selectors.ledger_totals(user, package=package),
        "by_region": selectors.ledger_dashboard(user, package=package, by="region"),
        "by_caseworker": selectors.ledger_dashboard(user, package=package, by="caseworker"),
        "page": page,
        "queue": _queue(request),
    }
    return render(request, "recruitment/staff_ledger.html", ctx)


def _queue(request):
    """The caseworkers' open work queue, narrowed to one county by the workbench's ?region=<code>."""
    qs = selectors.work_queue_for(request.user)
    region = region_from_query(request)
    return list((qs.filter(entry__household_region=region) if region is not None else qs)[:100])


@bureau_staff_required
@require_http_methods(["GET", "POST"])
def staff_ledger_import(request):
    form = LedgerImportForm(request.POST or None, request.FILES or None)
    report = None
    if request.GET.get("template"):
        response = HttpResponse(GraduateImportSpec(actor=request.user).template_xlsx(),
                                content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
        response["Content-Disposition"] = "attachment; filename=graduate-ledger-template.xlsx"
        return response
    if request.method == "POST" and form.is_valid():
        report = run_import_upload(GraduateImportSpec(actor=request.user), form.cleaned_data["file"], actor=request.user)
        if report.ok:
            messages.success(request, report.summary())
            return redirect("recruitment:staff-ledger")
    return render(request, "recruitment/ledger_import.html", {"form": form, "report": report})


@bureau_staff_required
def staff_officer_compliance(request):
    minimum = services.param_int("officer_minimum")
    from xingtai_jobs.core.inputs import query_int

    region_id = query_int(request.GET, "region")
    rows = selectors.officer_compliance(request.user, minimum=minimum, region_id=region_id)
    if request.GET.get("format") == "xlsx":
        return xlsx_response(
            "officer-compliance.xlsx",
            [_("Region"), _("Unified social credit code"), _("Enterprise"), _("Officers"), pgettext("officers", "Required")],
            ((e.region.name, e.uscc, e.name, e.officer_count, minimum) for e in rows.iterator()),
        )
    page = Paginator(rows, 100).get_page(query_page(request.GET))
    from xingtai_jobs.core.scoping import regions_for

    return render(request, "recruitment/officer_compliance.html", {"page": page, "minimum": minimum, "regions": regions_for(request.user),
                                                                   "region_id": str(region_id or "")})
