"""``pages.form_call``: the one way a page submits a form to a service (issue 10). Bad input and a
refusal show the form again with the error on it and the error's status, changing nothing; success
flashes its message and redirects. Exercised over HTTP through a small page of these tests, and a
check that no page writes the pattern by hand again."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django import forms
from django.contrib.messages import get_messages
from django.http import HttpResponse
from django.shortcuts import redirect
from django.urls import include, path

from xingtai_jobs.core.errors import DomainError
from xingtai_jobs.core.inputs import TextField
from xingtai_jobs.core.pages import form_call

ROOT = Path(__file__).resolve().parents[2]
SAVED: list[str] = []


class _NameForm(forms.Form):
    name = TextField(max_length=20)
    token = TextField(max_length=20, required=False, widget=forms.HiddenInput)


def _save(data):
    """A service: refuses some names the way services do, else keeps the name."""
    name = data["name"]
    if name in ("invalid", "conflict", "forbidden", "not_found", "rate_limited"):
        raise DomainError(f"refused: {name}", field="name", code=name)
    if name == "hidden":
        raise DomainError("refused on a hidden field", field="token")
    if name == "nofield":
        raise DomainError("refused without a field", field="nosuchfield")
    SAVED.append(name)
    return len(SAVED)


def _page(request):
    form = _NameForm(request.POST or None)
    call = form_call(request, form, _save, success="saved it", redirect_to="/done/")
    if call.response:
        return call.response
    return HttpResponse(f"name={form.errors.get('name', '')} all={form.non_field_errors()}", status=call.status)


def _page_callables(request):
    form = _NameForm(request.POST or None)
    call = form_call(request, form, _save, success=lambda n: f"number {n}",
                     redirect_to=lambda n: redirect(f"/item/{n}/"))
    return call.response or HttpResponse("form", status=call.status)


def _page_no_target(request):
    form = _NameForm(request.POST or None)
    call = form_call(request, form, _save)
    return call.response or HttpResponse("form", status=call.status)


urlpatterns = [
    path("test-form-call/", _page),
    path("test-form-call/callables/", _page_callables),
    path("test-form-call/same/", _page_no_target),
    path("", include("xingtai_jobs.urls")),
]


@pytest.fixture(autouse=True)
def _urls(settings):
    settings.ROOT_URLCONF = __name__
    SAVED.clear()


def _flashed(response) -> list[str]:
    return [str(m) for m in get_messages(response.wsgi_request)]


def test_a_get_shows_the_form_and_calls_nothing(client):
    response = client.get("/test-form-call/")
    assert response.status_code == 200
    assert SAVED == []


def test_bad_input_is_a_400_with_the_forms_errors_and_calls_nothing(client):
    response = client.post("/test-form-call/", {"name": ""})
    assert response.status_code == 400
    assert "name=<ul" in response.content.decode()
    assert SAVED == []
    assert _flashed(response) == []


@pytest.mark.parametrize("code,status", [("invalid", 400), ("conflict", 409), ("forbidden", 403), ("not_found", 404),
                                         ("rate_limited", 429)])
def test_a_refusal_goes_on_its_field_with_its_codes_status(client, code, status):
    response = client.post("/test-form-call/", {"name": code})
    assert response.status_code == status
    body = response.content.decode()
    assert f"refused: {code}" in body.split(" all=")[0]  # on the name field, not the form
    assert SAVED == []
    assert _flashed(response) == []


def test_a_refusal_on_a_hidden_or_unknown_field_goes_on_the_form(client):
    for name, text in (("hidden", "refused on a hidden field"), ("nofield", "refused without a field")):
        response = client.post("/test-form-call/", {"name": name})
        assert response.status_code == 400
        name_errors, form_errors = response.content.decode().split(" all=")
        assert text in form_errors and text not in name_errors
    assert SAVED == []


def test_success_flashes_and_redirects(client):
    response = client.post("/test-form-call/", {"name": "王芳"})
    assert response.status_code == 302 and response["Location"] == "/done/"
    assert _flashed(response) == ["saved it"]
    assert SAVED == ["王芳"]


def test_success_text_and_target_may_follow_the_result(client):
    client.post("/test-form-call/same/", {"name": "first"})
    response = client.post("/test-form-call/callables/", {"name": "second"})
    assert response.status_code == 302 and response["Location"] == "/item/2/"
    assert _flashed(response) == ["number 2"]


def test_without_a_target_it_comes_back_to_the_same_address_without_a_message(client):
    response = client.post("/test-form-call/same/?tab=2", {"name": "x"})
    assert response.status_code == 302 and response["Location"] == "/test-form-call/same/?tab=2"
    assert _flashed(response) == []


def test_no_page_writes_the_form_to_service_pattern_by_hand():
    """``form_error`` is form_call's own step: a page that calls it again has copied the pattern."""
    offenders, read = [], 0
    for views in ROOT.glob("*/**/views.py"):
        if ".venv" in views.parts:
            continue
        text = views.read_text(encoding="utf-8")
        read += "form_call(" in text
        if re.search(r"\bform_error\(", text):
            offenders.append(str(views.relative_to(ROOT)))
    assert read >= 6  # the walk really reads the apps' views (each submits its forms through form_call)
    assert offenders == []


# Pages that showed bad input with 200 before they moved onto form_call: now a 400, nothing stored.
ENTERPRISE_FORMS = [
    ("/enterprise/job-demand/", "rankings.JobDemand"),
    ("/enterprise/subsidies/bank-account/", "subsidies.BankAccount"),
    ("/enterprise/recruitment/postings/new/", "recruitment.JobPosting"),
    ("/enterprise/recruitment/officers/new/", "recruitment.RecommendationOfficer"),
    ("/enterprise/recruitment/internships/new/", "recruitment.InternshipPost"),
]


@pytest.mark.parametrize("url,model", ENTERPRISE_FORMS)
def test_bad_input_on_an_enterprise_page_is_a_400_and_stores_nothing(login, enterprise_user, url, model):
    from django.apps import apps

    client = login(enterprise_user)
    assert client.get(url).status_code == 200
    response = client.post(url, {"headcount": "-1", "account_number": "x" * 300})
    assert response.status_code == 400
    assert response.context["form"].errors
    assert not apps.get_model(model).objects.exists()


def test_staff_filing_job_demand_for_an_unknown_credit_code_is_a_400_on_that_field(login, city_officer):
    from rankings.models import JobDemand

    client = login(city_officer)
    from rankings.models import Education, SkillLevel

    response = client.post("/staff/rankings/job-demand/", {
        "uscc": "91130500MA0000000X", "year": 2025, "quarter": 1, "occupation": "焊工", "headcount": 3,
        "education": Education.values[0], "skill_level": SkillLevel.values[0], "pay_min": "3000", "pay_max": "5000"})
    assert response.status_code == 400
    assert "uscc" in response.context["filing"].errors
    assert not JobDemand.objects.exists()


def test_no_page_flashes_a_service_error_by_hand():
    """A POST that redirects back flashes the service's refusal through ``flash_call`` (which also
    turns a forbidden/not-found refusal into the 403/404 page): an ``except DomainError`` whose
    handler calls ``messages.error`` has copied it."""
    import ast

    offenders, handlers = [], 0
    for views in ROOT.glob("*/**/views*.py"):
        if ".venv" in views.parts:
            continue
        for node in ast.walk(ast.parse(views.read_text(encoding="utf-8"))):
            if not (isinstance(node, ast.ExceptHandler) and isinstance(node.type, ast.Name) and node.type.id == "DomainError"):
                continue
            handlers += 1
            for call in ast.walk(ast.Module(body=node.body, type_ignores=[])):
                if (isinstance(call, ast.Call) and isinstance(call.func, ast.Attribute) and call.func.attr == "error"
                        and isinstance(call.func.value, ast.Name) and call.func.value.id == "messages"):
                    offenders.append(f"{views.relative_to(ROOT)}:{call.lineno}")
    assert handlers >= 5  # the walk really reads the views' handlers (the intake's, the import's, …)
    assert offenders == []
