from __future__ import annotations

from decimal import Decimal

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from rankings import rules
from rankings.models import METRICS, CorrectionRequest, Education, SkillLevel
from xingtai_jobs.core import clock
from xingtai_jobs.core.inputs import CountField, MoneyField, TextField

METRIC_LABELS = {
    "total": _("Weight: average insured headcount"),
    "growth": _("Weight: headcount growth"),
    "hires": _("Weight: new hires"),
    "layoff": _("Weight: layoff rate"),
    "dispute": _("Weight: dispute rate"),
}


class ParametersForm(forms.Form):
    top_n = CountField(label=_("Top-list size"), min_value=1)
    correction_window_days = CountField(label=_("Correction window (working days)"), min_value=0, max_value=60)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for m in METRICS:
            # a share 0..1 (the method's RATE figure), 4 places; "NaN", "1e-1", "-0" refused by the kernel field
            self.fields[f"w_{m}"] = MoneyField(label=METRIC_LABELS[m], max_digits=5, decimal_places=4, min_value=Decimal(0),
                                               max_value=Decimal(1))

    @classmethod
    def for_ranking(cls, ranking, data=None):
        initial = {"top_n": ranking.top_n, "correction_window_days": ranking.correction_window_days}
        initial.update({f"w_{m}": rules.stored_weight(ranking.weights, m) for m in METRICS})
        return cls(data, initial=initial)

    def weights(self) -> dict:
        # as typed, without the field's 4 places ("0.3", not "0.3000"; shares are at most 1, no exponent)
        return {m: self.cleaned_data[f"w_{m}"].normalize() for m in METRICS}


class CreateRankingForm(forms.Form):
    year = CountField(label=_("Year"), min_value=2000, max_value=2100)


class PublishForm(forms.Form):
    force = forms.BooleanField(label=_("Publish although the correction window is open or requests are open"), required=False)
    reason = TextField(label=_("Reason (recorded and shown with the ranking)"), required=False, widget=forms.Textarea(attrs={"rows": 2}))


class WithdrawForm(forms.Form):
    reason = TextField(label=_("Public reason for withdrawal"), widget=forms.Textarea(attrs={"rows": 2}))


class CorrectionForm(forms.Form):
    month = forms.DateField(label=_("Month (YYYY-MM)"), input_formats=["%Y-%m", "%Y-%m-%d"], widget=forms.TextInput(attrs={"placeholder": "2024-06"}))
    field = forms.ChoiceField(label=_("Figure that is wrong"), choices=CorrectionRequest.Field.choices)
    claimed_value = CountField(label=_("Correct value"), min_value=0)
    explanation = TextField(label=_("Explanation"), widget=forms.Textarea(attrs={"rows": 3}))
    evidence = forms.FileField(label=_("Evidence (PDF, JPEG or PNG, at most 10 MB)"))


class ResolveForm(forms.Form):
    accept = forms.TypedChoiceField(label=_("Decision"), choices=[("1", _("Accept")), ("0", pgettext_lazy("correction decision", "Reject"))], coerce=lambda v: v == "1")
    note = TextField(label=_("Note (required when rejecting)"), required=False, max_length=2000)


class DesignateForm(forms.Form):
    uscc = TextField(label=_("Unified social credit code"), max_length=18)
    reason = TextField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 2}))
    designated_on = forms.DateField(label=_("Designated on"), initial=timezone.localdate)


class RevokeForm(forms.Form):
    reason = TextField(label=_("Reason for revoking"), max_length=2000)


class JobDemandForm(forms.Form):
    year = CountField(label=_("Year"), min_value=2000, max_value=2100, initial=lambda: clock.today().year)
    quarter = forms.TypedChoiceField(label=_("Quarter"), choices=[(q, q) for q in range(1, 5)], coerce=int)
    occupation = TextField(label=_("Occupation"), max_length=100)
    headcount = CountField(label=_("Number of people"), min_value=1)
    education = forms.ChoiceField(label=_("Education"), choices=Education.choices)
    skill_level = forms.ChoiceField(label=_("Skill level"), choices=SkillLevel.choices)
    pay_min = MoneyField(label=_("Monthly pay from (yuan)"), min_value=0, max_digits=10, decimal_places=2)
    pay_max = MoneyField(label=_("Monthly pay to (yuan)"), min_value=0, max_digits=10, decimal_places=2)


class StaffJobDemandForm(JobDemandForm):
    uscc = TextField(label=_("Unified social credit code"), max_length=18)

    field_order = ["uscc"]


class DemandFilterForm(forms.Form):
    year = CountField(label=_("Year"), required=False, min_value=2000, max_value=2100)
    quarter = forms.TypedChoiceField(label=_("Quarter"), required=False, choices=[("", "—")] + [(q, q) for q in range(1, 5)], coerce=int, empty_value=None)
