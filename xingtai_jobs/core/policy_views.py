"""/staff/policy/: every policy figure of every app (kernel register and scheme rounds), grouped
by app and scheme, with source, confirmation and last change. City staff edit (validated, audited);
county staff read; everyone else is refused."""

from __future__ import annotations

import datetime as dt

from django import forms
from django.apps import apps
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_http_methods

from xingtai_jobs.core import clock, policy
from xingtai_jobs.core.access import bureau_staff_required
from xingtai_jobs.core.models import PolicyFigure
from xingtai_jobs.core.pages import form_call


class FigureForm(forms.Form):
    value = forms.CharField(label=_("Value"), max_length=policy.TEXT_MAX)
    valid_from = forms.DateField(label=_("Valid from"))
    valid_to = forms.DateField(label=_("Valid to"), required=False, help_text=_("Leave empty while no end is known."))
    source = forms.CharField(label=_("Source (clause or document)"), max_length=policy.TEXT_MAX)
    confirmed = forms.BooleanField(label=_("Source confirmed by the bureau"), required=False,
                                   help_text=_("Leave unticked while the figure is a provisional default awaiting confirmation."))
    version = forms.IntegerField(widget=forms.HiddenInput, required=False, min_value=0, max_value=10**9)

    def __init__(self, *args, figure: policy.Figure, **kwargs):
        super().__init__(*args, **kwargs)
        self.figure = figure
        unit = str(figure.unit) if figure.unit else ""
        self.fields["value"].help_text = unit

    def clean_value(self):
        try:
            self.figure.parse(self.cleaned_data["value"])
        except ValueError as exc:
            raise forms.ValidationError(str(exc)) from None
        return self.cleaned_data["value"]


class NewPeriodForm(FigureForm):
    valid_from = forms.DateField(label=_("New value applies from"))


class SetValueForm(forms.Form):
    value = forms.CharField(label=_("Value"), max_length=policy.TEXT_MAX)
    confirmed = forms.BooleanField(label=_("Source confirmed by the bureau"), required=False)

    def __init__(self, *args, figure: policy.Figure, **kwargs):
        super().__init__(*args, **kwargs)
        self.figure = figure
        self.fields["value"].help_text = str(figure.unit) if figure.unit else ""

    def clean_value(self):
        try:
            self.figure.parse(self.cleaned_data["value"])
        except ValueError as exc:
            raise forms.ValidationError(str(exc)) from None
        return self.cleaned_data["value"]


def _groups(today: dt.date) -> list[dict]:
    """Namespaces in order, each with its app's name and figure states."""
    states = {s.spec.key: s for s in policy.figures()}
    out = []
    for ns in policy.namespaces():
        rows = []
        for figure in ns.figures:
            state = states[figure.key]
            rows.append({"spec": figure, "rows": state.rows, "errors": state.errors, "current": state.in_force(today)})
        out.append({"app": apps.get_app_config(ns.app_label).verbose_name, "label": ns.label, "name": ns.name, "figures": rows})
    return out


def _sets() -> list[dict]:
    out = []
    for figure_set, owners in policy.listings():
        out.append({"app": apps.get_app_config(figure_set.name.split(".", 1)[0]).verbose_name, "set": figure_set,
                    "owners": owners, "editable": figure_set.change is not None,
                    "together": bool(figure_set.together and figure_set.change_together is not None)})
    return out


@bureau_staff_required
@require_http_methods(["GET"])
def policy_list(request):
    today = clock.today()
    return render(request, "core/policy_list.html", {
        "groups": _groups(today), "sets": _sets(), "today": today, "can_edit": request.user.is_city_staff})


def _city_only(request) -> None:
    if not request.user.is_city_staff:
        raise PermissionDenied(_("Only city-level staff may change policy figures."))


def _submit(request, form, call, anchor: str):
    """A policy form's POST: valid input goes to the service ``call(cleaned_data)``, then back to the
    list at ``anchor``; returns (redirect or None, the status to render the form with)."""
    done = form_call(request, form, call, redirect_to=f"{_list_url()}#{anchor}")
    return done.response, done.status


@bureau_staff_required
@require_http_methods(["GET", "POST"])
def policy_edit(request, pk: int):
    _city_only(request)
    row = get_object_or_404(PolicyFigure, pk=pk)
    try:
        figure = policy.spec(row.key)
    except LookupError:
        raise PermissionDenied(_("This figure is no longer declared by any app.")) from None
    initial = {"value": row.value, "valid_from": row.valid_from, "valid_to": row.valid_to, "source": row.source,
               "confirmed": row.confirmed, "version": row.version}
    form = FigureForm(request.POST or None, figure=figure, initial=initial)
    done, status = _submit(request, form, lambda data: policy.change_figure(
        row_id=row.pk, actor=request.user, value=data["value"], valid_from=data["valid_from"], valid_to=data["valid_to"],
        source=data["source"], confirmed=data["confirmed"], expected_version=data["version"], request=request), row.key)
    if done:
        return done
    return render(request, "core/policy_edit.html", {"form": form, "figure": figure, "row": row, "mode": "edit"},
                  status=status)


@bureau_staff_required
@require_http_methods(["GET", "POST"])
def policy_new_period(request, key: str):
    _city_only(request)
    try:
        figure = policy.spec(key)
    except LookupError:
        from django.http import Http404

        raise Http404 from None
    state = next((s for s in policy.figures(key) if s.spec.key == key), None)  # a key may prefix another
    current = state.in_force(clock.today()) if state else None
    initial = {"value": current.value if current else "", "source": current.source if current else "", "confirmed": False}
    form = NewPeriodForm(request.POST or None, figure=figure, initial=initial)
    done, status = _submit(request, form, lambda data: policy.add_period(
        key=key, actor=request.user, value=data["value"], valid_from=data["valid_from"], valid_to=data["valid_to"],
        source=data["source"], confirmed=data["confirmed"], request=request), key)
    if done:
        return done
    return render(request, "core/policy_edit.html", {"form": form, "figure": figure, "row": current, "mode": "new"},
                  status=status)


@bureau_staff_required
@require_http_methods(["GET", "POST"])
def policy_set_edit(request, set_name: str, owner_id: int, name: str):
    _city_only(request)
    from django.http import Http404

    figure_set = next((s for s in policy.figure_sets() if s.name == set_name), None)
    if figure_set is None or figure_set.change is None:
        raise Http404
    try:
        figure = figure_set.spec(name)
    except KeyError:
        raise Http404 from None
    owner = next((o for o in figure_set.listing() if o.pk == owner_id), None)
    if owner is None:
        raise Http404
    form = SetValueForm(request.POST or None, figure=figure, initial={
        "value": owner.values.get(name, ""), "confirmed": name not in owner.provisional})
    done, status = _submit(request, form, lambda data: figure_set.change(
        owner_id=owner_id, name=name, value=data["value"], confirmed=data["confirmed"], actor=request.user,
        request=request), f"{set_name}-{owner_id}")
    if done:
        return done
    return render(request, "core/policy_edit.html", {"form": form, "figure": figure, "owner": owner, "figure_set": figure_set,
                                                     "mode": "set"}, status=status)


class TogetherForm(forms.Form):
    """Every figure of a set's ``together`` group in one form (e.g. weights that must add up to 1)."""

    def __init__(self, *args, figures: list[policy.Figure], **kwargs):
        super().__init__(*args, **kwargs)
        self.figures = figures
        for figure in figures:
            self.fields[figure.name] = forms.CharField(label=figure.label, max_length=policy.TEXT_MAX,
                                                       help_text=str(figure.unit) if figure.unit else "")
        self.fields["confirmed"] = forms.BooleanField(label=_("Source confirmed by the bureau"), required=False)

    def clean(self):
        data = super().clean() or {}
        for figure in self.figures:
            if figure.name in data:
                try:
                    figure.parse(data[figure.name])
                except ValueError as exc:
                    self.add_error(figure.name, str(exc))
        return data


@bureau_staff_required
@require_http_methods(["GET", "POST"])
def policy_set_together_edit(request, set_name: str, owner_id: int):
    """The figures of a set that only change together (its ``together`` names), in one form."""
    _city_only(request)
    from django.http import Http404

    figure_set = next((s for s in policy.figure_sets() if s.name == set_name), None)
    if figure_set is None or figure_set.change_together is None or not figure_set.together:
        raise Http404
    owner = next((o for o in figure_set.listing() if o.pk == owner_id), None)
    if owner is None:
        raise Http404
    figures = [figure_set.spec(name) for name in figure_set.together]
    initial = {f.name: owner.values.get(f.name, "") for f in figures}
    initial["confirmed"] = not (set(figure_set.together) & set(owner.provisional))
    form = TogetherForm(request.POST or None, figures=figures, initial=initial)
    done, status = _submit(request, form, lambda data: figure_set.change_together(
        owner_id=owner_id, values={f.name: data[f.name] for f in figures}, confirmed=data["confirmed"],
        actor=request.user, request=request), f"{set_name}-{owner_id}")
    if done:
        return done
    return render(request, "core/policy_edit.html", {"form": form, "figure": None, "owner": owner, "figure_set": figure_set,
                                                     "mode": "together"}, status=status)


def _list_url() -> str:
    from django.urls import reverse

    return reverse("policy-list")
