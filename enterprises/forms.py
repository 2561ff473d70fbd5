from __future__ import annotations

import datetime as dt

from django import forms
from django.utils.translation import gettext_lazy as _

from xingtai_jobs.core import clock
from xingtai_jobs.core.forms import ScopedForm
from xingtai_jobs.core.inputs import CountField, MonthField, TextField
from xingtai_jobs.core.models import Region

from . import rules


class EmploymentReportForm(forms.Form):
    month = MonthField(label=_("Month (YYYY-MM)"), widget=forms.TextInput(attrs={"type": "month", "placeholder": "2024-05"}))
    headcount = CountField(label=_("Headcount at month end"), min_value=0)
    new_hires = CountField(label=_("New hires this month"), min_value=0)
    separations = CountField(label=_("Separations this month"), min_value=0)
    layoffs = CountField(label=_("of which layoffs"), min_value=0)
    vacancies = CountField(label=_("Vacancies"), min_value=0)
    explanation = TextField(
        label=_("Explanation (optional)"), required=False, max_length=1000, widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("If the figures do not add up with the previous month, explain why (e.g. transfers between branches)."),
    )

    def clean_month(self):
        month = self.cleaned_data["month"]
        if month and month > clock.today().replace(day=1):
            raise forms.ValidationError(_("You cannot report a future month."))
        return month

    def clean(self):
        data = super().clean()
        if data.get("layoffs") is not None and data.get("separations") is not None and data["layoffs"] > data["separations"]:
            self.add_error("layoffs", _("Layoffs cannot exceed separations (layoffs are part of the separations)."))
        return data


def default_report_month() -> dt.date:
    return rules.previous_month(clock.today())


class ImportUploadForm(forms.Form):
    file = forms.FileField(label=_("File (.xlsx or .csv)"))


class ReportStatusFilterForm(ScopedForm):
    month = MonthField(label=_("Month (YYYY-MM)"), required=False, widget=forms.TextInput(attrs={"type": "month"}))
    # the officer's regions (``ScopedForm``: by the region selector)
    region = forms.ModelChoiceField(label=_("Region"), queryset=Region.objects.all(), required=False, empty_label=_("All my regions"))
