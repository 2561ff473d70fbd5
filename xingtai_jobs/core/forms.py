"""Forms of the staff and enterprise pages: every foreign-key choice limited by the related model's
selector, the same rule as the admin's (``admin_mixins.ScopedChoicesMixin``) and the services'
scope checks (``scoping.ensure_visible``).

    class RerouteForm(ScopedForm):
        department = forms.ModelChoiceField(queryset=Department.objects.filter(is_active=True))
        region = forms.ModelChoiceField(queryset=Region.objects.order_by("code"), required=False)

    form = RerouteForm(request.POST, user=request.user)   # region: only the user's regions

Every ``ModelChoiceField`` / ``ModelMultipleChoiceField`` of the form is narrowed with
``scoping.limit_to_visible(queryset, user)`` once the form's own ``__init__`` has run (so a
queryset an ``__init__`` sets from its arguments is narrowed too) and again before validation (a
queryset set on the form afterwards is narrowed as well): an out-of-scope id is an invalid choice
(a field error, HTTP 400), never a row the service sees. Declare in ``public_choices`` the fields
that name a place or a public row anyone may pick, not a row the user acts on (an enterprise's
job posting in another county's work region): those keep their queryset as given.

``tests/core/test_form_scope.py`` walks every form class of the apps with a model choice for
every role and refuses a staff or enterprise form that is not a ``ScopedForm``.
"""

from __future__ import annotations

from typing import Any, ClassVar

from django import forms
from django.forms.forms import DeclarativeFieldsMetaclass
from django.forms.models import ModelFormMetaclass

from xingtai_jobs.core.scoping import limit_to_visible

MODEL_CHOICE_FIELDS = (forms.ModelChoiceField,)  # ModelMultipleChoiceField derives from it


def scope_choice_field(field: Any, user) -> Any:
    """Limit one model choice form field to the rows its model's selector gives ``user`` (the one
    narrowing of choices: the admin's formfields and the pages' forms call it)."""
    if field is None or getattr(field, "queryset", None) is None:
        return field
    if getattr(field, "_xt_scoped", None) is field.queryset:  # already narrowed, and not replaced since
        return field
    field.queryset = limit_to_visible(field.queryset, user)
    field._xt_scoped = field.queryset
    return field


class ScopedChoicesFormMixin:
    """Takes ``user=`` and narrows every model choice of the form by the related model's selector
    (without a user, no row of a scoped choice is valid: the selectors give nobody nothing)."""

    public_choices: ClassVar[tuple[str, ...]] = ()
    fields: dict[str, Any]

    def __init__(self, *args, user=None, **kwargs):
        self.user = user
        super().__init__(*args, **kwargs)

    def scope_choices(self) -> None:
        for name, field in self.fields.items():
            if name not in self.public_choices and isinstance(field, MODEL_CHOICE_FIELDS):
                scope_choice_field(field, self.user)

    def full_clean(self) -> None:
        self.scope_choices()
        super().full_clean()  # type: ignore[misc]


class ScopedFormMetaclass(DeclarativeFieldsMetaclass):
    def __call__(cls, *args, **kwargs):
        form = super().__call__(*args, **kwargs)
        form.scope_choices()  # after the whole ``__init__`` chain, whatever it set
        return form


class ScopedModelFormMetaclass(ModelFormMetaclass):
    def __call__(cls, *args, **kwargs):
        form = super().__call__(*args, **kwargs)
        form.scope_choices()
        return form


class ScopedForm(ScopedChoicesFormMixin, forms.Form, metaclass=ScopedFormMetaclass):
    """The base of every staff or enterprise page form with a model choice."""


class ScopedModelForm(ScopedChoicesFormMixin, forms.ModelForm, metaclass=ScopedModelFormMetaclass):
    """``ScopedForm`` for a model form of a staff or enterprise page."""


def make_form(form_class: type[forms.BaseForm], user, *args, **kwargs) -> forms.BaseForm:
    """``form_class(*args, **kwargs)``, with ``user=`` when the form scopes its choices (for a view
    that builds forms from a table of steps, some scoped and some not)."""
    if issubclass(form_class, ScopedChoicesFormMixin):
        kwargs["user"] = user
    return form_class(*args, **kwargs)
