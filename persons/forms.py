"""Forms of the citizen account pages (server-rendered, no JavaScript needed)."""

from __future__ import annotations

from django import forms
from django.contrib.auth import password_validation
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from xingtai_jobs.core.inputs import TextField
from xingtai_jobs.core.validators import normalize_mobile, validate_resident_id


class SignupForm(forms.Form):
    resident_id = TextField(label=_("Resident ID number"), max_length=18, min_length=18,
                                  widget=forms.TextInput(attrs={"autocomplete": "off", "inputmode": "text", "spellcheck": "false"}))
    name = TextField(label=_("Name"), max_length=50, widget=forms.TextInput(attrs={"autocomplete": "name"}))
    phone = TextField(label=_("Mobile phone"), max_length=20,
                            widget=forms.TextInput(attrs={"autocomplete": "tel", "inputmode": "tel"}))
    password1 = forms.CharField(label=_("Password"), strip=False, max_length=128,
                                widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
                                help_text=_("At least 10 characters; not only digits."))
    password2 = forms.CharField(label=_("Password again"), strip=False, max_length=128,
                                widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}))

    def clean_resident_id(self) -> str:
        return validate_resident_id(self.cleaned_data["resident_id"])

    def clean_name(self) -> str:
        name = self.cleaned_data["name"]
        if not name:
            raise ValidationError(_("Enter your name."), code="required")
        return name

    def clean_phone(self) -> str:
        return normalize_mobile(self.cleaned_data["phone"])

    def clean(self):
        data = super().clean()
        p1, p2 = data.get("password1"), data.get("password2")
        if p1 and p2 and p1 != p2:
            self.add_error("password2", _("The two passwords differ."))
        elif p1:
            try:
                password_validation.validate_password(p1)
            except ValidationError as exc:
                self.add_error("password1", exc)
        return data


class CertificateApplyForm(forms.Form):
    """A citizen applies for one of their certificates a skills-upgrade round covers (no JS: one
    button per certificate, or the radio list of the apply page)."""

    certificate = forms.ChoiceField(label=_("Certificate"), widget=forms.RadioSelect)

    def __init__(self, *args, offers=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["certificate"].choices = [
            (c.certificate_no, f"{c.occupation_name} · {c.get_level_display()} · {c.certificate_no} · {c.issued_on:%Y-%m-%d}")
            for _round, c in offers]
