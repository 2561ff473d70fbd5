from django import forms
from django.utils.translation import gettext_lazy as _

from xingtai_jobs.core.inputs import TextField


class ReasonForm(forms.Form):
    text = TextField(label=_("Message or reason"), required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 3}))
