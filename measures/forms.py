"""Forms of the staff pages (input shape only; the services decide)."""

from __future__ import annotations

from decimal import Decimal

from django import forms
from django.forms import modelform_factory
from django.utils.translation import gettext_lazy as _

from measures.models import Report
from measures.selectors import reportable_indicators
from xingtai_jobs.core.forms import ScopedForm, ScopedModelForm
from xingtai_jobs.core.inputs import MoneyField, TextField, bounded_formfield
from xingtai_jobs.core.models import Region

DATE = forms.DateInput(attrs={"type": "date"})


class ReportForm(ScopedForm):
    """A county's (or the city's) figure: the indicator and the county are narrowed by their
    selectors (``ScopedForm``: a county officer is offered, and may submit, only their own county)."""

    indicator = forms.ModelChoiceField(label=_("Indicator"), queryset=reportable_indicators())
    region = forms.ModelChoiceField(label=_("County"), queryset=Region.objects.order_by("code"), required=False,
                                    empty_label=_("City level (no county)"))
    period_start = forms.DateField(label=_("Period from"), widget=DATE)
    period_end = forms.DateField(label=_("Period to"), widget=DATE)
    value = MoneyField(label=_("Figure"), min_value=Decimal(0), max_digits=14, decimal_places=2)
    evidence = forms.FileField(label=_("Evidence file (PDF, JPEG or PNG)"), required=False)
    evidence_link = forms.URLField(label=_("Evidence link"), required=False, assume_scheme="https")
    note = TextField(label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 2}), max_length=2000)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, user=user, **kwargs)
        self.fields["indicator"].queryset = reportable_indicators()  # evaluated per form, not at import
        if getattr(user, "is_county_staff", False):
            self.fields["region"].required = True
            self.fields["region"].empty_label = None


class SupersedeForm(forms.Form):
    value = MoneyField(label=_("Corrected figure"), min_value=Decimal(0), max_digits=14, decimal_places=2)
    evidence = forms.FileField(label=_("Evidence file (PDF, JPEG or PNG)"), required=False)
    evidence_link = forms.URLField(label=_("Evidence link"), required=False, assume_scheme="https")
    reason = TextField(label=_("Reason for superseding"), widget=forms.Textarea(attrs={"rows": 2}), max_length=2000)


class DecisionForm(forms.Form):
    note = TextField(label=_("Note (required to return)"), required=False, widget=forms.Textarea(attrs={"rows": 2}),
                           max_length=2000)


class ImportUploadForm(forms.Form):
    file = forms.FileField(label=_("File (.xlsx or .csv)"))


REGISTRY_EXCLUDE = ("approved", "approved_by", "approved_at", "created_by", "created_at")


def registry_form(model, user, *args, **kwargs):
    form_class = modelform_factory(model, form=ScopedModelForm, exclude=REGISTRY_EXCLUDE, formfield_callback=bounded_formfield,
                                   widgets={f.name: DATE for f in model._meta.fields if f.get_internal_type() == "DateField"})
    return form_class(*args, user=user, **kwargs)  # the county choice narrowed by the Region selector


__all__ = ["ReportForm", "SupersedeForm", "DecisionForm", "ImportUploadForm", "registry_form", "Report"]
