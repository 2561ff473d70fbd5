from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from xingtai_jobs.core.inputs import TextField


class BankAccountForm(forms.Form):
    account_name = TextField(label=_("Account holder"), max_length=200, help_text=_("Must be the enterprise's own name."))
    bank_name = TextField(label=_("Bank and branch"), max_length=100)
    account_number = TextField(label=_("Account number"), max_length=40, widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}))


class CardAccountForm(forms.Form):
    """The person's social-security-card financial account (社保卡金融账户); the holder is the person."""

    bank_name = TextField(label=_("Issuing bank of the social-security card"), max_length=100)
    account_number = TextField(label=_("Financial account number of the card"), max_length=40,
                               widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}))


class NoteForm(forms.Form):
    note = TextField(label=_("Note to the reviewer"), required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 3}))


class ReasonForm(forms.Form):
    text = TextField(label=_("Message or reason"), required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 3}))


class ObjectionForm(forms.Form):
    application = forms.TypedChoiceField(label=_("Item objected to"), coerce=int)
    name = TextField(label=_("Your name"), max_length=50)
    phone = TextField(label=_("Mobile phone"), max_length=20, widget=forms.TextInput(attrs={"inputmode": "tel", "autocomplete": "tel"}))
    text = TextField(label=_("Objection"), max_length=2000, widget=forms.Textarea(attrs={"rows": 5}),
                           help_text=_("10 to 2000 characters: what is wrong and how you know it."))
    submit_key = TextField(widget=forms.HiddenInput)

    def __init__(self, *args, rows=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["application"].choices = [(r["pk"], f"{r['cells'][0]} · {r['amount']} 元") for r in rows]


class ResolveForm(forms.Form):
    upheld = forms.TypedChoiceField(label=_("Outcome"), coerce=lambda v: v == "1", choices=(
        ("0", _("Dismiss: release the item")), ("1", _("Uphold: reject the item"))))
    resolution = TextField(label=_("Resolution"), max_length=2000, widget=forms.Textarea(attrs={"rows": 3}))


class UploadForm(forms.Form):
    file = forms.FileField(label=_("Bank result file (.xlsx or .csv)"))
