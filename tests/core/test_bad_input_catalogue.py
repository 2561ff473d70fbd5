"""Issue 11 items 4 and 5: the bad-input catalogue fed to every endpoint.

- every API operation of the OpenAPI description: each declared query parameter set to each
  catalogue value, JSON bodies that are arrays/strings/numbers, request bodies whose every field
  holds a catalogue value — anonymous, as an enterprise user and as county staff: never a 5xx,
  writes answer 4xx and store nothing;
- every HTML page without URL arguments: GET with the catalogue in the usual query parameters,
  and a POST of the catalogue into every field of its forms: never a 5xx, nothing stored;
- the reproductions named in the issue, each asserting 400 (or 429) with a field message.
"""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal

import pytest
from django.apps import apps
from django.urls import URLPattern, URLResolver, get_resolver

from tests.factories import UserFactory
from xingtai_jobs.core.models import User

CATALOGUE = ["NaN", "0000-01", "99999999999999999999", "1e20", "0", "-5", "3000000000", "1" * 25, "1_000",
             "8500.505", "\u200b\u200b", "1900-01", "Infinity", "[]"]
# for query parameters (every parameter of every operation, so kept short)
QUERY_VALUES = ["NaN", "0000-01", "99999999999999999999", "1e20", "-5", "[]"]
BODIES_NOT_OBJECTS = ["[1, 2]", '"text"', "42", "null"]
QUERY_NAMES = ["region", "enterprise", "year", "page", "page_size", "round", "month", "pay", "event", "kind", "status",
               "flag", "quarter", "size_class", "uscc", "month_from", "month_to", "code", "phone_last4", "state"]
IGNORED_MODELS = {"sessions.session", "captcha.captchastore", "core.auditevent", "axes.accessattempt", "axes.accesslog",
                  "axes.accessfailurelog"}


def _stored() -> dict:
    counts = {}
    for model in apps.get_models():
        label = model._meta.label_lower
        if label in IGNORED_MODELS or not model._meta.managed:
            continue
        counts[label] = model._default_manager.count()
    return counts


def _diff(before: dict, after: dict) -> dict:
    return {k: (before.get(k), v) for k, v in after.items() if before.get(k) != v}


@pytest.fixture
def actors(db, enterprise, county_officer):
    return {
        "anonymous": None,
        "enterprise": UserFactory(role=User.Role.ENTERPRISE_USER, enterprise=enterprise),
        "county": county_officer,
    }


def _client(user):
    from rest_framework.test import APIClient

    client = APIClient(raise_request_exception=False)
    if user is not None:
        client.force_login(user)
    return client


# --- the API, from its own description -----------------------------------------------------------


def _operations():
    from drf_spectacular.generators import SchemaGenerator

    schema = SchemaGenerator().get_schema(request=None, public=True)
    ops = []
    for path, item in schema["paths"].items():
        for method, op in item.items():
            if method not in ("get", "post", "put", "patch", "delete"):
                continue
            params = [p for p in op.get("parameters", []) if p["in"] == "query"]
            body = (op.get("requestBody") or {}).get("content", {})
            props = {}
            for media in body.values():
                ref = media.get("schema", {}).get("$ref", "")
                comp = schema["components"]["schemas"].get(ref.split("/")[-1], media.get("schema", {}))
                props.update(comp.get("properties", {}))
            ops.append((path, method, params, props))
    return ops


def _concrete(path: str) -> str:
    return re.sub(r"\{[^}]+\}", "1", path)


def test_every_api_operation_survives_the_catalogue(actors, settings):
    settings.RATELIMIT_ENABLE = True
    ops = _operations()
    assert len(ops) >= 15
    tried = 0
    for who, user in actors.items():
        client = _client(user)
        for path, method, params, props in ops:
            url = _concrete(path)
            if method == "get":
                for param in params or [{"name": n} for n in QUERY_NAMES]:
                    for value in QUERY_VALUES:
                        response = client.get(url, {param["name"]: value})
                        tried += 1
                        assert response.status_code < 500, (who, url, param["name"], value, response.status_code)
                continue
            before = _stored()
            for raw in BODIES_NOT_OBJECTS:
                response = getattr(client, method)(url, raw, content_type="application/json")
                tried += 1
                assert response.status_code in (400, 401, 403, 404, 405, 429), (who, method, url, raw, response.status_code)
            for value in CATALOGUE:
                body = dict.fromkeys(props, value) or {"x": value}
                for nested in (body, {k: [value, value] for k in body}, {k: {"a": value} for k in body}):
                    response = getattr(client, method)(url, nested, format="json")
                    tried += 1
                    assert response.status_code in (400, 401, 403, 404, 405, 429), (who, method, url, nested, response.status_code,
                                                                                    response.content[:300])
            assert _diff(before, _stored()) == {}, (who, method, url)
    assert tried > 500
    print(f"API catalogue: {len(ops)} operations x {len(actors)} callers, {tried} bad requests, none a 5xx or a write")


# --- the HTML pages ------------------------------------------------------------------------------


def _plain_patterns(resolver=None, prefix=""):
    """(path, name) of every URL pattern without arguments (admin and i18n left to their own tests)."""
    resolver = resolver or get_resolver()
    for entry in resolver.url_patterns:
        route = prefix + str(entry.pattern)
        if isinstance(entry, URLResolver):
            if route.startswith(("admin/", "i18n/", "api/", "__debug__")):
                continue
            yield from _plain_patterns(entry, route)
        elif isinstance(entry, URLPattern) and "<" not in route and "(?P" not in route:
            yield "/" + route.lstrip("^").rstrip("$")


_INPUT = re.compile(r"<(?:input|textarea|select)\b[^>]*\bname=\"([^\"]+)\"", re.I)
_FORM = re.compile(r"<form\b([^>]*)>(.*?)</form>", re.I | re.S)


def _post_forms(html: str, url: str):
    """(action, field names) of the POST forms in a page."""
    for attrs, inner in _FORM.findall(html):
        if 'method="post"' not in attrs.lower():
            continue
        action = re.search(r'action="([^"]*)"', attrs)
        target = action.group(1) if action and action.group(1) else url
        names = sorted(set(_INPUT.findall(inner)) - {"csrfmiddlewaretoken"})
        if target.startswith("/") and not target.startswith(("/i18n/", "/accounts/logout")):
            yield target, names


def test_every_page_survives_the_catalogue_in_its_query_and_its_forms(actors, settings):
    settings.RATELIMIT_ENABLE = False  # the forms themselves, not the limiter
    paths = sorted(set(_plain_patterns()))
    assert len(paths) >= 20
    gets = posts = 0
    for who, user in actors.items():
        client = _client(user)
        for path in paths:
            for value in QUERY_VALUES:
                response = client.get(path, dict.fromkeys(QUERY_NAMES, value))
                gets += 1
                assert response.status_code < 500, (who, path, value, response.status_code)
            page = client.get(path)
            if page.status_code != 200 or "html" not in page.get("Content-Type", ""):
                continue
            for action, names in _post_forms(page.content.decode(), path):
                if not names:
                    continue
                before = _stored()
                for value in CATALOGUE:
                    response = client.post(action, dict.fromkeys(names, value))
                    posts += 1
                    assert response.status_code < 500, (who, action, value, response.status_code)
                    if response.status_code in (301, 302):  # accepted: only what a catalogue value may mean
                        assert value in ("0",), (who, action, value, _diff(before, _stored()))
                assert _diff(before, _stored()) == {} or action.startswith("/accounts/login"), (who, action, _diff(before, _stored()))
    assert gets > 300 and posts > 20
    print(f"page catalogue: {len(paths)} pages x {len(actors)} callers, {gets} bad queries, {posts} bad form posts, none a 5xx")


# --- the reproductions of the issue ---------------------------------------------------------------


def _complaint(**overrides):
    from tests.wage_arrears.conftest import form_data

    return form_data(**overrides)


@pytest.mark.parametrize(("field", "value"), [
    ("amount_owed", "NaN"), ("amount_owed", "Infinity"), ("amount_owed", "1" * 25), ("amount_owed", "8500.505"),
    ("amount_owed", "1_000"), ("period_start", "0000-01"), ("period_end", "0000-01"), ("period_start", "1900-01"),
    ("employer_name", ["a", "b"]), ("employer_name", {"a": 1}), ("employer_name", "\u200b\u200d\u2060"),
    ("complainant_name", "\u202e\u200b"), ("workers_affected", "3000000000"), ("workers_affected", "1_000"),
])
def test_complaint_api_refuses_each_bad_value_with_a_field_message(api_client, region_a, field, value):
    from wage_arrears.models import Complaint

    response = api_client.post("/api/v1/wage-arrears/complaints/", _complaint(**{field: value}), format="json")
    assert response.status_code == 400, response.content
    assert field in response.json()
    assert Complaint.objects.count() == 0


@pytest.mark.parametrize("raw", BODIES_NOT_OBJECTS)
def test_complaint_api_refuses_a_body_that_is_not_an_object(api_client, region_a, raw):
    response = api_client.post("/api/v1/wage-arrears/complaints/", raw, content_type="application/json")
    assert response.status_code == 400 and "detail" in response.json()


def test_complaint_page_refuses_three_decimals_instead_of_rounding(client, region_a):
    from wage_arrears.models import Complaint

    response = client.post("/complaints/new/", _complaint(amount_owed="8500.505"))
    assert response.status_code in (200, 400) and Complaint.objects.count() == 0
    assert "amount_owed" in response.context["form"].errors


def test_text_is_normalised_before_the_required_and_length_checks(api_client, region_a):
    from wage_arrears.models import Complaint

    name = "李\u200b建\u202e国"
    response = api_client.post("/api/v1/wage-arrears/complaints/", _complaint(complainant_name=name,
                               employer_name="e\u0301\u200d公司"), format="json")
    assert response.status_code == 201, response.content
    stored = Complaint.objects.get()
    assert stored.complainant_name == "李建国" and stored.employer_name == "\u00e9公司"


def test_over_limit_client_is_refused_before_its_input_is_parsed(api_client, region_a, settings, monkeypatch):
    from wage_arrears import forms, protection

    monkeypatch.setattr(protection, "ip_wait", lambda request: 600)
    validated = []
    monkeypatch.setattr(forms.ComplaintForm, "full_clean", lambda self: validated.append(1))
    for value in ("NaN", "1" * 25):
        response = api_client.post("/api/v1/wage-arrears/complaints/", _complaint(amount_owed=value, period_start="0000-01"),
                                   format="json")
        assert response.status_code == 429
    assert validated == []  # the retry look-up reads the key and the phone only


@pytest.mark.parametrize("value", ["1" * 25, "NaN", "12.345", "-1", "1_000"])
def test_resolve_step_refuses_unstorable_amounts(value):
    from wage_arrears.forms import ResolveForm

    form = ResolveForm({"amount_recovered": value, "workers_paid": "3", "paid_on": dt.date.today().isoformat()})
    assert not form.is_valid() and "amount_recovered" in form.errors
    assert not ResolveForm({"amount_recovered": "100", "workers_paid": "3000000000", "paid_on": "2025-01-01"}).is_valid()
    assert ResolveForm({"amount_recovered": "99999999.99", "workers_paid": "3", "paid_on": "2025-01-01"}).is_valid()


@pytest.mark.parametrize("params", [{"region": "99999999999999999999"}, {"region": "1e20"}, {"region": "-5"}])
def test_events_api_ignores_unparseable_region(api_client, db, params):
    assert api_client.get("/api/v1/recruitment/events/", params).status_code == 200


@pytest.mark.parametrize("url", ["/api/v1/enterprises/employment-reports/", "/api/v1/enterprises/insurance-months/"])
@pytest.mark.parametrize("value", ["1e20", "99999999999999999999", "-1", "NaN"])
def test_enterprise_filter_out_of_range_is_a_400(login, city_officer, url, value):
    response = login(city_officer).get(url, {"enterprise": value})
    assert response.status_code == 400 and "enterprise" in response.json()


@pytest.mark.parametrize("year", ["0", "-5", "99999999999999999999", "abc"])
def test_recruitment_results_ignore_an_unusable_year(login, county_officer, year):
    response = login(county_officer).get("/staff/recruitment/results/", {"year": year})
    assert response.status_code == 200 and response.context["year"] == dt.date.today().year


@pytest.mark.parametrize("value", ["3000000000", "1_000", "1e3", "NaN"])
def test_employment_report_api_bounds_counts(api_client, enterprise, value):
    from enterprises.models import EmploymentReport

    api_client.force_login(UserFactory(role=User.Role.ENTERPRISE_USER, enterprise=enterprise))
    month = (dt.date.today().replace(day=1) - dt.timedelta(days=1)).strftime("%Y-%m")
    response = api_client.post("/api/v1/enterprises/employment-reports/", {
        "month": month, "headcount": value, "new_hires": 0, "separations": 0, "layoffs": 0, "vacancies": 0}, format="json")
    assert response.status_code == 400 and "headcount" in response.json()
    assert EmploymentReport.objects.count() == 0


@pytest.mark.parametrize("month", ["0000-01", "1900-05", "2024-13"])
def test_employment_report_api_bounds_months(api_client, enterprise, month):
    api_client.force_login(UserFactory(role=User.Role.ENTERPRISE_USER, enterprise=enterprise))
    response = api_client.post("/api/v1/enterprises/employment-reports/", {
        "month": month, "headcount": 1, "new_hires": 0, "separations": 0, "layoffs": 0, "vacancies": 0}, format="json")
    assert response.status_code == 400 and "month" in response.json()


def test_job_demand_posting_and_internship_forms_bound_counts(login, enterprise):
    from rankings.models import JobDemand
    from recruitment.models import InternshipPost, JobPosting

    client = login(UserFactory(role=User.Role.ENTERPRISE_USER, enterprise=enterprise))
    big = "3000000000"
    client.post("/enterprise/job-demand/", {"year": 2025, "quarter": 1, "occupation": "焊工", "headcount": big, "education": "any",
                                            "skill_level": "none", "pay_min": "3000", "pay_max": "5000"})
    from recruitment.forms import InternshipPostForm, PostingForm

    posting = PostingForm({"title": "焊工", "occupation": "焊工", "headcount": big, "education": "any", "experience_years": 0,
                           "pay_min": "3000", "pay_max": "5000", "region": enterprise.region_id,
                           "valid_from": "2025-01-01", "valid_to": "2025-03-01"})
    internship = InternshipPostForm({"title": "见习", "positions": big, "duration_months": 6, "stipend": "2000",
                                     "region": enterprise.region_id})
    assert "headcount" in posting.errors and "positions" in internship.errors
    assert JobDemand.objects.count() == 0 and JobPosting.objects.count() == 0 and InternshipPost.objects.count() == 0


def test_registration_api_refuses_a_huge_event_id_and_lists(api_client, db):
    for body in ({"event": "99999999999999999999", "name": "张三", "phone": "13800000000", "education": "bachelor",
                  "wanted_occupation": "焊工"},
                 {"event": 1, "name": ["a", "b"], "phone": "13800000000", "education": "bachelor", "wanted_occupation": "x"}):
        assert api_client.post("/api/v1/recruitment/registrations/", body, format="json").status_code == 400


# --- structure: every form and serializer of the apps bounds its numbers and normalises text ----


def _app_forms():
    import importlib
    import inspect

    from django import forms as djforms

    for app in ("enterprises", "subsidies", "recruitment", "wage_arrears", "rankings", "measures", "persons", "entitlements"):
        module = importlib.import_module(f"{app}.forms")
        for _name, cls in inspect.getmembers(module, inspect.isclass):
            if issubclass(cls, djforms.BaseForm) and cls.__module__ == module.__name__:
                yield cls


def test_every_form_field_is_bounded_and_normalised():
    from django import forms as djforms

    from xingtai_jobs.core.inputs import MAX_COUNT, MoneyField, TextField

    walked = 0
    for cls in _app_forms():
        for name, field in cls.base_fields.items():
            walked += 1
            where = f"{cls.__module__}.{cls.__name__}.{name}"
            if type(field) is djforms.CharField and not isinstance(field.widget, djforms.PasswordInput):  # passwords as typed
                raise AssertionError(f"{where}: use xingtai_jobs.core.inputs.TextField (normalised text)")
            if isinstance(field, djforms.IntegerField) and not isinstance(field, djforms.DecimalField):
                assert field.max_value is not None and field.max_value <= MAX_COUNT, where
            if isinstance(field, djforms.DecimalField):
                assert field.max_digits is not None, where
                # Django's DecimalField reads "1e5" as 100000 and "-0" as -0 (hardening mend 3)
                assert isinstance(field, MoneyField), f"{where}: use xingtai_jobs.core.inputs.MoneyField"
            if isinstance(field, TextField):
                assert field.max_length is not None or isinstance(field.widget, djforms.Textarea | djforms.HiddenInput), where
    assert walked > 100


def test_every_writable_serializer_field_is_bounded():
    from rest_framework import serializers

    from enterprises.api import EmploymentReportSerializer
    from recruitment.api import RegistrationInSerializer
    from xingtai_jobs.core.inputs import MAX_COUNT, TextSerializerField

    for cls in (RegistrationInSerializer, EmploymentReportSerializer):
        for name, field in cls().fields.items():
            if field.read_only:
                continue
            if isinstance(field, serializers.IntegerField):
                assert field.max_value is not None and field.max_value <= MAX_COUNT, (cls, name)
            if isinstance(field, serializers.DecimalField):
                assert field.max_digits is not None, (cls, name)
            if isinstance(field, serializers.CharField) and not isinstance(field, serializers.ChoiceField):
                assert isinstance(field, TextSerializerField), (cls, name)


def test_kernel_parsers_refuse_what_python_would_accept():
    from django.core.exceptions import ValidationError

    from xingtai_jobs.core.inputs import MoneyField, parse_count, parse_decimal, parse_month

    for bad in ("1_000", "1e3", "NaN", " ", "0x10", "١٢"):
        with pytest.raises(ValidationError):
            parse_count(bad)
    for bad in ("NaN", "sNaN", "Infinity", "-inf", "1_000.5", "1e5", ""):
        with pytest.raises(ValidationError):
            parse_decimal(bad)
    assert parse_decimal("18,600.50") == Decimal("18600.50") and parse_count("３") == 3
    with pytest.raises(ValidationError):
        MoneyField().clean("8500.505")
    assert MoneyField().clean("8500.500") == Decimal("8500.50")
    for bad in ("0000-01", "1900-12", "2101-01", "2024-00"):
        with pytest.raises(ValidationError):
            parse_month(bad)
