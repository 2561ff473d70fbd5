"""The citizen's own pages (``/me/``): sign up, and see one's own records. Mobile-first, no JS needed."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import login
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from xingtai_jobs.core import clock, ratelimits
from xingtai_jobs.core.access import citizen_required
from xingtai_jobs.core.masking import mask_phone, mask_resident_id
from xingtai_jobs.core.pages import form_call

from . import selectors, services
from .forms import CertificateApplyForm, SignupForm


@ratelimits.limit_post("persons.signup.ip")
@require_http_methods(["GET", "POST"])
def signup(request):
    """Sign-ups are limited per address (the kernel limit ``persons.signup.ip``): a refusal of a resident ID that
    already has an account tells that it exists, so the form must not serve as an ID oracle."""
    if request.user.is_authenticated:
        return redirect("persons-me")
    form = SignupForm(request.POST or None)
    if request.method == "POST" and getattr(request, "limited", False):
        messages.error(request, _("Too many sign-ups from this address: please try again in an hour."))
        return render(request, "persons/signup.html", {"form": SignupForm()}, status=429)
    call = form_call(request, form, lambda data: services.citizen_signup(
        resident_id=data["resident_id"], name=data["name"], phone=data["phone"], password=data["password1"], request=request),
        redirect_to=lambda account: _signed_up(request, account))
    return call.response or render(request, "persons/signup.html", {"form": form}, status=call.status)


def _signed_up(request, account):
    login(request, account.user, backend="django.contrib.auth.backends.ModelBackend")
    if account.person_id:
        messages.success(request, _("Your account is linked to your records."))
    else:
        messages.info(request, _("Your account is created. Your records are not in the registry yet: "
                                 "they appear here once the bureau has them under the same ID number and name."))
    return redirect("persons-me")


@citizen_required
def me(request):
    from subsidies import selectors as subsidy_selectors
    from xingtai_jobs.core.masking import mask_bank_account

    records = selectors.own_records(request.user)
    account = records["account"]
    person = records["person"]
    card = subsidy_selectors.card_account_for(person.pk) if person else None
    context = {**records,
               "masked_id": mask_resident_id(account.resident_id) if account else "",
               "masked_phone": mask_phone(account.phone) if account else "",
               "items": list(subsidy_selectors.applications_for(request.user).order_by("-created_at")) if person else [],
               "offers": subsidy_selectors.certificate_offers(request.user, clock.today()) if person else [],
               "card": card, "masked_card": mask_bank_account(card.account_number) if card else ""}
    return render(request, "persons/me.html", context)


def _own_person(request):
    records = selectors.own_records(request.user)
    if records["person"] is None:
        raise Http404
    return records["person"]


@citizen_required
@require_http_methods(["GET", "POST"])
def me_card_account(request):
    """The person confirms their social-security-card financial account (no JS; 360 px)."""
    from subsidies import selectors as subsidy_selectors
    from subsidies import services as subsidy_services
    from subsidies.forms import CardAccountForm
    from xingtai_jobs.core.masking import mask_bank_account

    person = _own_person(request)
    card = subsidy_selectors.card_account_for(person.pk)
    form = CardAccountForm(request.POST or None)
    call = form_call(request, form, lambda data: subsidy_services.card_account_confirm(
        person=person, actor=request.user, request=request, **data),
        success=_("Your social-security-card account was confirmed."), redirect_to="persons-me")
    if call.response:
        return call.response
    return render(request, "persons/card_account.html", {
        "form": form, "card": card, "masked_card": mask_bank_account(card.account_number) if card else "", "person": person},
        status=call.status)


@citizen_required
@require_http_methods(["GET", "POST"])
def me_item(request, pk: int):
    """One of the person's items, check by check; when staff returned it for more information, the
    person answers here (the same resubmit step as an enterprise's)."""
    from subsidies import selectors as subsidy_selectors
    from subsidies import services as subsidy_services
    from subsidies.forms import NoteForm
    from subsidies.views import _has_letter
    from subsidies.workflows import ITEM

    app = get_object_or_404(subsidy_selectors.applications_for(request.user), pk=pk)
    form = NoteForm(request.POST or None)
    call = form_call(request, form, lambda data: subsidy_services.application_resubmit(app=app, actor=request.user, note=data["note"]),
                     success=_("Your information was sent to the reviewer."),
                     redirect_to=lambda _done: redirect("persons-me-item", pk=app.pk))
    if call.response:
        return call.response
    steps = {s.name for s in ITEM.available(request.user, app)}
    return render(request, "persons/me_item.html", {"app": app, "letter": _has_letter(app), "form": form, "steps": steps},
                  status=call.status)


@citizen_required
def me_letter(request, pk: int):
    from subsidies import selectors as subsidy_selectors
    from subsidies.views import _letter

    return _letter(request, get_object_or_404(subsidy_selectors.applications_for(request.user), pk=pk))


@citizen_required
@require_http_methods(["GET", "POST"])
def me_apply(request):
    """Apply for a certificate screening missed (技能提升补贴): the submission date is the claim date
    the 12-month window is checked against; the rule's checks are shown on the item."""
    from subsidies import selectors as subsidy_selectors
    from subsidies import services as subsidy_services

    _own_person(request)
    offers = subsidy_selectors.certificate_offers(request.user, clock.today())
    form = CertificateApplyForm(request.POST or None, offers=offers)

    def submit(data):
        round_, certificate = subsidy_selectors.apply_basis(request.user, None, certificate=data["certificate"])
        return subsidy_services.application_submit(round_=round_, actor=request.user, basis=certificate)

    call = form_call(request, form, submit, success=_("Your application was submitted."),
                     redirect_to=lambda app: redirect("persons-me-item", pk=app.pk))
    if call.response:
        return call.response
    return render(request, "persons/me_apply.html", {"form": form, "offers": offers}, status=call.status)
