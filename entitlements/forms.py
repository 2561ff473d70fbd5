from django import forms
from django.utils.translation import gettext_lazy as _

from entitlements.models import LineAdjustment
from xingtai_jobs.core.inputs import TextField


class ReasonForm(forms.Form):
    text = TextField(label=_("Message or reason"), required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 3}))


class ResolveForm(forms.Form):
    """The decision on an adjustment: the button pressed names it; the note is the reason (required
    for "no adjustment needed", checked by the service)."""

    decision = forms.ChoiceField(label=_("Decision"), choices=LineAdjustment.Decision.choices)
    note = TextField(label=_("Reason or note"), required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 3}))
