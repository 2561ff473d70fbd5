"""Input forms: the public complaint form (also parses the API's input), staff intake and the
forms of each handling step."""

from __future__ import annotations

from decimal import Decimal

import filetype
from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from xingtai_jobs.core.forms import ScopedForm
from xingtai_jobs.core.inputs import (
    CountField,
    MoneyField,
    TextField,
    check_money,
    parse_decimal,
    parse_month,
)
from xingtai_jobs.core.models import Department, Region, User
from xingtai_jobs.core.reference import regions_by_code
from xingtai_jobs.core.validators import normalize_mobile, validate_resident_id, validate_uscc

from .models import Channel, NotAcceptedReason, Outcome, ReceptionSession, Sector, Site
from .services import ComplaintInput

# Upload limits (operational, from the issue): at most this many files of at most this size.
MAX_EVIDENCE_FILES = 9
MAX_EVIDENCE_BYTES = 10 * 1024 * 1024
ALLOWED_EVIDENCE_TYPES = {"image/jpeg", "image/png", "image/webp", "image/heic", "image/gif", "application/pdf"}


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput(attrs={"accept": "image/*,application/pdf"}))
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        files = data if isinstance(data, list | tuple) else ([data] if data else [])
        return [super(MultipleFileField, self).clean(f, initial) for f in files]


def _region_choices() -> list[tuple[str, str]]:
    """Evaluated when the form is validated or shown (regions come from the per-process memo)."""
    return [("", "---------")] + [(r.code, r.name) for r in regions_by_code().values()]


class ComplaintForm(forms.Form):
    complainant_name = TextField(label=_("Your name"), max_length=50)
    complainant_phone = TextField(label=_("Your mobile phone"), max_length=20,
                                        widget=forms.TextInput(attrs={"inputmode": "tel", "autocomplete": "tel"}))
    complainant_id_number = TextField(label=_("Your resident ID number (optional)"), max_length=18, required=False)
    workers_affected = CountField(
        label=_("How many workers are owed, you included?"), min_value=1, max_value=100000, initial=1,
        help_text=_("Enter 1 if only you are owed."), widget=forms.NumberInput(attrs={"inputmode": "numeric"}))
    employer_name = TextField(label=_("Employer (company or boss) name"), max_length=200)
    employer_uscc = TextField(label=_("Employer's unified social credit code (if you know it)"), max_length=18,
                                    required=False)
    project_name = TextField(label=_("Project or workplace"), max_length=200)
    address = TextField(label=_("Address of the project or workplace"), max_length=200)
    region_code = forms.ChoiceField(label=_("County or district"), choices=_region_choices)
    sector = forms.ChoiceField(label=_("Kind of work"), choices=Sector.choices)
    period_start = TextField(label=_("Owed from (month)"), max_length=10, widget=forms.TextInput(attrs={"type": "month", "placeholder": "2024-01"}))
    period_end = TextField(label=_("Owed until (month)"), max_length=10, widget=forms.TextInput(attrs={"type": "month", "placeholder": "2024-03"}))
    amount_owed = TextField(label=_("Amount owed (yuan)"), max_length=40, widget=forms.TextInput(attrs={"inputmode": "decimal"}))
    description = TextField(label=_("What happened"), max_length=4000,
                                  widget=forms.Textarea(attrs={"rows": 4}))
    evidence = MultipleFileField(label=_("Evidence: photos or PDF (up to 9 files, 10 MB each)"), required=False)
    site = TextField(required=False, widget=forms.HiddenInput)
    submission_key = forms.UUIDField(required=False, widget=forms.HiddenInput)
    # the token of evidence kept from a submit with errors (wage_arrears/pending.py)
    kept_evidence = TextField(required=False, max_length=64, widget=forms.HiddenInput)

    # files kept from an earlier submit with errors, [(file, content type)], set by the view
    kept: tuple = ()

    def clean_complainant_name(self):
        value = self.cleaned_data["complainant_name"].strip()
        if not value:
            raise ValidationError(_("Enter your name."))
        return value

    def clean_complainant_phone(self):
        return normalize_mobile(self.cleaned_data["complainant_phone"])

    def clean_complainant_id_number(self):
        value = self.cleaned_data.get("complainant_id_number", "").strip()
        return validate_resident_id(value) if value else ""

    def clean_employer_uscc(self):
        value = self.cleaned_data.get("employer_uscc", "").strip()
        return validate_uscc(value) if value else ""

    def clean_employer_name(self):
        value = self.cleaned_data["employer_name"].strip()
        if not value:
            raise ValidationError(_("Enter the employer's name."))
        return value

    def clean_region_code(self):
        return regions_by_code()[self.cleaned_data["region_code"]]

    def clean_period_start(self):
        return parse_month(self.cleaned_data["period_start"])

    def clean_period_end(self):
        return parse_month(self.cleaned_data["period_end"])

    def clean_amount_owed(self):
        try:
            amount = parse_decimal(self.cleaned_data["amount_owed"])
        except ValidationError:
            raise ValidationError(_("Enter the amount in yuan, e.g. 8500 or 8500.50.")) from None
        if amount >= Decimal("10000000000"):
            raise ValidationError(_("The amount is too large."))
        amount = check_money(amount, max_digits=12)  # a third decimal place is refused, never rounded
        if amount <= 0:
            raise ValidationError(_("The amount owed must be more than 0 yuan."))
        if amount >= Decimal("10000000000"):
            raise ValidationError(_("The amount is too large."))
        return amount

    def clean_evidence(self):
        files = self.cleaned_data.get("evidence") or []
        if len(files) + len(self.kept) > MAX_EVIDENCE_FILES:
            raise ValidationError(_("Attach at most %(n)s files.") % {"n": MAX_EVIDENCE_FILES})
        checked = []
        for f in files:
            if f.size > MAX_EVIDENCE_BYTES:
                raise ValidationError(_("“%(name)s” is larger than 10 MB.") % {"name": f.name})
            head = f.read(2048)
            f.seek(0)
            kind = filetype.guess(head)
            if kind is None or kind.mime not in ALLOWED_EVIDENCE_TYPES:
                raise ValidationError(_("“%(name)s” is not a photo or a PDF file.") % {"name": f.name})
            checked.append((f, kind.mime))
        return list(self.kept) + checked

    def clean_site(self):
        token = (self.cleaned_data.get("site") or "").strip()
        if not token:
            return None
        return Site.objects.filter(token=token, is_active=True).first()

    def clean(self):
        data = super().clean()
        start, end = data.get("period_start"), data.get("period_end")
        from .services import today

        this_month = today().replace(day=1)
        if start and start > this_month:
            self.add_error("period_start", _("The period owed cannot be in the future."))
        if end and end > this_month:
            self.add_error("period_end", _("The period owed cannot be in the future."))
        if start and end and end < start and "period_end" not in self.errors:
            self.add_error("period_end", _("The period owed ends before it starts."))
        site = data.get("site")
        if site is not None and data.get("region_code") and site.region_id != data["region_code"].pk:
            data["site"] = None
        return data

    def retried_complaint(self):
        """The complaint already stored for this submit's key and phone (a retry), or None.

        Reads only those two inputs — never validates the rest of the form — so a client over its
        rate limit is answered before anything else it sent is parsed."""
        import uuid

        from .services import retried_complaint

        key, phone = self.data.get("submission_key"), self.data.get("complainant_phone")
        if not isinstance(key, str) or not isinstance(phone, str) or len(key) > 64 or len(phone) > 32:
            return None
        try:
            return retried_complaint(uuid.UUID(key.strip()), normalize_mobile(phone))
        except (ValueError, ValidationError):
            return None

    def error_field(self, name: str | None) -> str | None:
        """Where a service error is shown: on its field when the form shows that field."""
        return name if name in self.fields and not self.fields[name].widget.is_hidden else None

    def to_input(self) -> ComplaintInput:
        d = self.cleaned_data
        return ComplaintInput(
            complainant_name=d["complainant_name"], complainant_phone=d["complainant_phone"],
            complainant_id_number=d["complainant_id_number"], workers_affected=d["workers_affected"],
            employer_name=d["employer_name"], employer_uscc=d["employer_uscc"], project_name=d["project_name"],
            address=d["address"], region=d["region_code"], sector=d["sector"], period_start=d["period_start"],
            period_end=d["period_end"], amount_owed=d["amount_owed"], description=d["description"],
            site=d.get("site"), evidence=d.get("evidence") or [],
        )


def complaint_form_class(*, with_captcha: bool, text: bool = False):
    """The public form; with the captcha as a picture or, when chosen, as a text question."""
    if not with_captcha:
        return ComplaintForm
    from captcha.fields import CaptchaField

    from .captcha_widgets import PictureCaptchaInput, TextCaptchaInput

    if text:
        field = CaptchaField(label=_("Answer the question (in digits)"), widget=TextCaptchaInput())
    else:
        field = CaptchaField(label=_("Type the characters in the picture"), widget=PictureCaptchaInput())
    return type("CaptchaComplaintForm", (ComplaintForm,), {"captcha": field})


# The first option of a select where staff must decide: nothing is chosen for them.
CHOOSE = pgettext_lazy("select placeholder", "Choose…")

# The staff intake form asks about the complainant, not "you" (the officer is filling it in).
STAFF_LABELS = {
    "complainant_name": _("Complainant's name"),
    "complainant_phone": _("Complainant's mobile phone"),
    "complainant_id_number": _("Complainant's resident ID number (optional)"),
    "workers_affected": _("Number of workers owed, the complainant included"),
    "description": _("Facts stated by the complainant"),
}
STAFF_HELP = {"workers_affected": _("Enter 1 if only the complainant is owed.")}


class StaffIntakeForm(ScopedForm, ComplaintForm):
    """Staff register a complaint; the walk-in's session is one the officer may see (``ScopedForm``)."""

    channel = forms.ChoiceField(label=_("Received by"), choices=[
        (Channel.HOTLINE, Channel.HOTLINE.label), (Channel.SESSION, Channel.SESSION.label),
        (Channel.LETTER, Channel.LETTER.label), (Channel.NATIONAL_PLATFORM, Channel.NATIONAL_PLATFORM.label)])
    session = forms.ModelChoiceField(label=_("Reception session (walk-in)"), queryset=ReceptionSession.objects.all(),
                                     required=False)

    def __init__(self, *args, sessions=None, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("project_name", "address", "description"):  # a call or a letter may not say
            self.fields[name].required = False
        for name, label in STAFF_LABELS.items():
            self.fields[name].label = label
        for name, text in STAFF_HELP.items():
            self.fields[name].help_text = text
        if sessions is not None:
            self.fields["session"].queryset = sessions


class TrackForm(forms.Form):
    code = TextField(label=_("Tracking code"), max_length=20,
                           widget=forms.TextInput(attrs={"autocapitalize": "characters", "placeholder": "QX-XXXX-XXXX"}))
    phone_last4 = TextField(label=_("Last 4 digits of your mobile phone"), max_length=4, min_length=4,
                                  widget=forms.TextInput(attrs={"inputmode": "numeric", "pattern": "[0-9]{4}"}))


# --- handling steps -----------------------------------------------------------------------------


class NotAcceptForm(forms.Form):
    reason = forms.ChoiceField(label=_("Reason"), choices=[("", CHOOSE), *NotAcceptedReason.choices])  # never preselected
    transferred_to = TextField(label=_("Transferred to (body)"), required=False, max_length=200)


class AssignForm(ScopedForm):
    department = forms.ModelChoiceField(label=_("Department (empty: keep the routed one)"),
                                        queryset=Department.objects.filter(is_active=True), required=False)
    assignee = forms.ModelChoiceField(label=_("Assignee"), required=False, queryset=User.objects.filter(
        is_active=True, role__in=[User.Role.COUNTY_STAFF, User.Role.DEPARTMENT_LIAISON]).order_by("role", "username"))
    reason = TextField(label=_("Reason for another department than the routed one"), required=False,
                             max_length=300)

    def limit_to(self, complaint) -> None:
        """Assignees of the complaint's county (and, as every choice, ones the officer may see)."""
        self.fields["assignee"].queryset = self.fields["assignee"].queryset.filter(region_id=complaint.region_id)
        self.scope_choices()


class NoteForm(forms.Form):
    note = TextField(label=_("Record"), widget=forms.Textarea(attrs={"rows": 3}))


class OptionalNoteForm(forms.Form):
    note = TextField(label=_("Note for the complainant"), required=False, max_length=300)


class VerifyForm(forms.Form):
    findings = TextField(label=_("Findings"), widget=forms.Textarea(attrs={"rows": 3}))
    substantiated = forms.BooleanField(label=_("Arrears substantiated"), required=False)


class HandleForm(forms.Form):
    outcome = forms.ChoiceField(label=_("Handling"), choices=[("", CHOOSE), *Outcome.choices])  # a decision, never preselected


class ResolveForm(forms.Form):
    amount_recovered = MoneyField(label=_("Amount recovered (yuan)"), max_digits=12)
    workers_paid = CountField(label=_("Workers paid"), min_value=0)
    paid_on = forms.DateField(label=_("Paid on"), widget=forms.DateInput(attrs={"type": "date"}))


class ReasonForm(forms.Form):
    reason = TextField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 2}))


class RerouteForm(ScopedForm, ReasonForm):
    department = forms.ModelChoiceField(label=_("Department"), queryset=Department.objects.filter(is_active=True))
    region = forms.ModelChoiceField(label=_("County or district (city staff: move the case)"),
                                    queryset=Region.objects.order_by("code"), required=False)


class ScheduleForm(ScopedForm):
    session = forms.ModelChoiceField(label=_("Reception session"), queryset=ReceptionSession.objects.order_by("date"))


class SessionOutcomesForm(forms.Form):
    # not required here: an empty record is refused by the service, with its message
    outcomes = TextField(label=_("Outcomes of the session"), required=False, max_length=10000,
                               help_text=_("Cases settled on the spot, amounts agreed, next steps per department."),
                               widget=forms.Textarea(attrs={"rows": 6}))


class MatchEmployerForm(forms.Form):
    uscc = TextField(label=_("Unified social credit code of the employer in the registry"), max_length=18)


class EarlyRemovalForm(forms.Form):
    paid_on = forms.DateField(label=_("Arrears paid in full on"), widget=forms.DateInput(attrs={"type": "date"}))
    requested_on = forms.DateField(label=_("Removal requested on"), widget=forms.DateInput(attrs={"type": "date"}))
    reason = TextField(label=_("Good-faith pledge and request"), widget=forms.Textarea(attrs={"rows": 2}))


class EmptyForm(forms.Form):
    pass
