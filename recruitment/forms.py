from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from recruitment.models import Education, Event
from xingtai_jobs.core.forms import ScopedForm
from xingtai_jobs.core.inputs import CountField, MoneyField, TextField, bounded_formfield
from xingtai_jobs.core.models import Region

# A job seeker's (or a filter's) education: every level but the postings' "any".
SEEKER_EDUCATION = [(value, label) for value, label in Education.choices if value != Education.ANY]


class EventFilterForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=[("", _("All kinds"))] + list(Event.Kind.choices), required=False)
    region = forms.ModelChoiceField(label=_("Region"), queryset=Region.objects.all(), required=False, empty_label=_("All regions"))
    date_from = forms.DateField(label=_("From"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    date_to = forms.DateField(label=_("To"), required=False, widget=forms.DateInput(attrs={"type": "date"}))


class JobSearchForm(forms.Form):
    q = TextField(label=_("Keyword"), required=False, max_length=50)
    region = forms.ModelChoiceField(label=_("Region"), queryset=Region.objects.all(), required=False, empty_label=_("All regions"))
    occupation = TextField(label=_("Occupation"), required=False, max_length=60)
    pay = MoneyField(label=_("Pay at least (yuan/month)"), required=False, min_value=0, max_digits=9, decimal_places=0)
    # "不限" once: the empty choice means any education (the posting's own "any" is not a filter value)
    education = forms.ChoiceField(label=_("Education"), choices=[("", _("Any"))] + SEEKER_EDUCATION, required=False)


class RegistrationForm(forms.Form):
    name = TextField(label=pgettext_lazy("job seeker", "Name"), max_length=50)
    phone = TextField(label=pgettext_lazy("job seeker", "Mobile phone"), max_length=20,
                            widget=forms.TextInput(attrs={"type": "tel", "autocomplete": "tel"}))
    resident_id = TextField(label=_("Resident ID number (optional)"), max_length=18, required=False,
                                  help_text=_("Graduates in the ledger: giving it links your services."))
    education = forms.ChoiceField(label=_("Education"), choices=Education.choices)
    wanted_occupation = TextField(label=_("Wanted occupation"), max_length=60)


class JobApplicationForm(forms.Form):
    """投递 / 留下联系方式: only what the employer needs to call back."""

    name = TextField(label=pgettext_lazy("job seeker", "Name"), max_length=50, widget=forms.TextInput(attrs={"autocomplete": "name"}))
    phone = TextField(label=pgettext_lazy("job seeker", "Mobile phone"), max_length=20,
                      widget=forms.TextInput(attrs={"type": "tel", "inputmode": "tel", "autocomplete": "tel"}))
    education = forms.ChoiceField(label=_("Education"), choices=[("", "---------")] + SEEKER_EDUCATION)
    note = TextField(label=_("A few words to the employer (optional)"), max_length=200, required=False,
                     widget=forms.Textarea(attrs={"rows": 2}))
    consent = forms.BooleanField(label=_("I agree that this employer receives my name, mobile number and education to "
                                         "contact me about this posting."), required=True,
                                 error_messages={"required": _("Tick the box to agree that the employer receives your contact details.")})


class TicketLookupForm(forms.Form):
    """找回报名凭证: the mobile number registered and the last 4 characters of the ID number (or the name)."""

    phone = TextField(label=pgettext_lazy("job seeker", "Mobile phone"), max_length=20,
                      widget=forms.TextInput(attrs={"type": "tel", "inputmode": "tel", "autocomplete": "tel"}))
    proof = TextField(label=_("Last 4 characters of your resident ID number"), max_length=50,
                      help_text=_("If you registered without an ID number, enter your name as registered."))


class StationCodeForm(forms.Form):
    code = TextField(label=_("Short code on the ticket"), max_length=20,
                     widget=forms.TextInput(attrs={"autocapitalize": "characters", "autocomplete": "off", "autofocus": True,
                                                   "spellcheck": "false"}))


class IntentionForm(forms.Form):
    posting = forms.TypedChoiceField(label=pgettext_lazy("intention", "Posting"), coerce=int)
    note = TextField(label=pgettext_lazy("intention", "Note (optional)"), max_length=200, required=False)

    def __init__(self, *args, postings=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["posting"].choices = [(p.pk, f"{p.title}（{p.occupation}）") for p in postings]


class PostingForm(ScopedForm):
    # The work region is a place (any county); the events are public ones the enterprise takes part
    # in (``events_qs``, from the view): neither is a row the enterprise acts on.
    public_choices = ("region", "events")

    title = TextField(label=_("Title"), max_length=120)
    occupation = TextField(label=_("Occupation"), max_length=60)
    headcount = CountField(label=pgettext_lazy("job posting", "Headcount"), min_value=1)
    education = forms.ChoiceField(label=_("Education required"), choices=Education.choices)
    experience_years = CountField(label=_("Years of experience required"), min_value=0, initial=0)
    pay_min = MoneyField(label=_("Minimum pay (yuan/month)"), min_value=0, max_digits=9, decimal_places=2)
    pay_max = MoneyField(label=_("Maximum pay (yuan/month)"), min_value=0, max_digits=9, decimal_places=2)
    region = forms.ModelChoiceField(label=_("Work region"), queryset=Region.objects.all())
    description = TextField(label=_("Description"), widget=forms.Textarea, required=False)
    valid_from = forms.DateField(label=pgettext_lazy("job posting", "Valid from"), widget=forms.DateInput(attrs={"type": "date"}))
    valid_to = forms.DateField(label=pgettext_lazy("job posting", "Valid to"), widget=forms.DateInput(attrs={"type": "date"}))
    events = forms.ModelMultipleChoiceField(label=_("Show at events"), queryset=Event.objects.none(), required=False,
                                            widget=forms.CheckboxSelectMultiple)

    def __init__(self, *args, events_qs=None, **kwargs):
        super().__init__(*args, **kwargs)
        if events_qs is not None:
            self.fields["events"].queryset = events_qs


class OfficerForm(forms.Form):
    name = TextField(label=pgettext_lazy("job seeker", "Name"), max_length=50)
    phone = TextField(label=pgettext_lazy("job seeker", "Mobile phone"), max_length=20)
    position = TextField(label=_("Position"), max_length=60)
    training_date = forms.DateField(label=_("Training date"), required=False, widget=forms.DateInput(attrs={"type": "date"}))


class LivestreamResultForm(forms.Form):
    platform = TextField(label=_("Platform"), max_length=60)
    hosts = TextField(label=_("Hosts"), max_length=200)
    views = CountField(label=_("Views"), min_value=0)
    applications = CountField(label=_("Applications received"), min_value=0)
    intentions = CountField(label=_("Intentions reached"), min_value=0)
    enterprise_visits = CountField(label=_("Enterprises visited on the stream"), min_value=0, initial=0)


class LedgerImportForm(forms.Form):
    file = forms.FileField(label=_("Excel (.xlsx) or CSV file"))


class InternshipPostForm(ScopedForm):
    public_choices = ("region",)  # the post's region is a place (any county), not a row the host acts on

    title = TextField(label=_("Title"), max_length=120)
    positions = CountField(label=_("Positions"), min_value=1)
    duration_months = CountField(label=_("Duration (months)"), min_value=1)
    stipend = MoneyField(label=_("Monthly stipend (yuan)"), min_value=0, max_digits=9, decimal_places=2)
    region = forms.ModelChoiceField(label=_("Region"), queryset=Region.objects.all())

    def __init__(self, *args, **kwargs):
        from recruitment.services import param_int

        super().__init__(*args, **kwargs)
        # the shortest and longest internship are policy figures (/staff/policy/), never a literal here
        self.fields["duration_months"].help_text = _("An internship lasts %(lo)s to %(hi)s months.") % {
            "lo": param_int("internship_min_months"), "hi": param_int("internship_max_months")}


class PlacementAdminForm(forms.ModelForm):
    """A new placement: who the intern is (written to the registry's person by ``placement_create``)."""

    name = TextField(label=_("intern name"), max_length=50)
    resident_id = TextField(label=_("resident ID number"), max_length=18)
    phone = TextField(label=_("mobile phone"), max_length=20, required=False)
    unemployment_registered = forms.BooleanField(label=_("Registered as unemployed (失业登记)"), required=False)

    class Meta:
        from recruitment.models import InternshipPlacement

        model = InternshipPlacement
        fields = ["post", "name", "resident_id", "phone", "start"]
        formfield_callback = bounded_formfield


class GraduateEntryAdminForm(forms.ModelForm):
    """A ledger row in the admin: who the graduate is (kept on the registry's person, shown from it)
    and the ledger's own facts. ``services.graduate_save`` writes both."""

    name = TextField(label=_("name"), max_length=50)
    resident_id = TextField(label=_("resident ID number"), max_length=18)
    phone = TextField(label=_("mobile phone"), max_length=20)
    school = TextField(label=_("school"), max_length=100)
    degree = forms.ChoiceField(label=_("degree level"), choices=[])
    major = TextField(label=_("major"), max_length=100, required=False)
    graduation_date = forms.DateField(label=_("graduation date"))

    class Meta:
        from recruitment.models import GraduateEntry

        model = GraduateEntry
        fields = ["name", "resident_id", "phone", "school", "degree", "major", "graduation_date",  # the person's
                  "household_region", "hardship", "job_intent", "status", "caseworker"]
        formfield_callback = bounded_formfield

    def __init__(self, *args, **kwargs):
        from recruitment.models import GraduateEntry

        super().__init__(*args, **kwargs)
        self.fields["degree"].choices = GraduateEntry.Degree.choices
        if self.instance.pk:
            person = self.instance.person
            for name in ("name", "resident_id", "phone", "school", "major", "graduation_date"):
                self.initial.setdefault(name, getattr(person, name))
            self.initial.setdefault("degree", self.instance.degree)
