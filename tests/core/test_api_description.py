"""Issue 11 item 9: the API's own description is true, and its docs UI works under the CSP."""

from __future__ import annotations

import pytest

from xingtai_jobs.core import inputs


@pytest.fixture(scope="module")
def schema():
    from drf_spectacular.generators import SchemaGenerator

    return SchemaGenerator().get_schema(request=None, public=True)


def test_event_series_is_nullable_and_months_are_patterns(schema):
    comps = schema["components"]["schemas"]
    assert comps["Event"]["properties"]["series"].get("nullable") is True
    for name in ("EmploymentReport", "InsuranceMonth"):
        month = comps[name]["properties"]["month"]
        assert month["type"] == "string" and "format" not in month and month["pattern"] == inputs.MONTH_PATTERN


def test_phone_fields_declare_their_format(schema):
    comps = schema["components"]["schemas"]
    assert comps["Enterprise"]["properties"]["contact_phone"]["pattern"]
    assert comps["RegistrationOut"]["properties"]["phone"]["example"] == "138****5678"
    assert comps["RegistrationInRequest"]["properties"]["phone"]["pattern"] == r"^1[3-9]\d{9}$"


def test_every_operation_documents_its_error_answers(schema):
    ops = [(path, method, op) for path, item in schema["paths"].items() for method, op in item.items()]
    assert len(ops) >= 20
    for path, method, op in ops:
        for code in ("400", "401", "403", "404", "429"):
            assert code in op["responses"], (method, path, code)
        if method != "get":
            assert "409" in op["responses"], (method, path)


@pytest.mark.parametrize("params", [{"page_size": "abc"}, {"page_size": "0"}, {"page_size": "100000"}, {"page_size": "1e2"},
                                    {"page": ""}, {"page": "x"}, {"page": "-1"}])
def test_page_and_page_size_of_the_wrong_type_are_refused(api_client, db, params):
    response = api_client.get("/api/v1/recruitment/events/", params)
    assert response.status_code == 400 and set(params) <= set(response.json())


def test_page_size_within_bounds_is_honoured(api_client, db):
    assert api_client.get("/api/v1/recruitment/events/", {"page_size": "2"}).status_code == 200


def test_an_unmatched_api_url_answers_json(api_client, db):
    response = api_client.get("/api/v1/enterprises/0.5/")
    assert response.status_code == 404 and response["Content-Type"].startswith("application/json")
    assert "detail" in response.json()


@pytest.mark.parametrize("params", [{"key_enterprise": "maybe"}, {"key_enterprise": ""}, {"above_scale": "[]"},
                                    {"size_class": ""}, {"size_class": "huge"}])
def test_boolean_filters_refuse_other_values(login, city_officer, params):
    response = login(city_officer).get("/api/v1/enterprises/", params)
    assert response.status_code == 400 and set(params) <= set(response.json())


@pytest.mark.parametrize("value", ["2024-13", "0000-01", "x"])
def test_month_filters_refuse_other_values(login, city_officer, value):
    response = login(city_officer).get("/api/v1/enterprises/insurance-months/", {"month_to": value})
    assert response.status_code == 400


def test_docs_page_has_no_inline_script(client, db):
    html = client.get("/api/docs/").content.decode()
    assert "<script>" not in html and "script=" in html
    script = client.get("/api/docs/?script=")
    assert script.status_code == 200 and "SwaggerUIBundle" in script.content.decode()


@pytest.mark.browser
def test_swagger_ui_renders_under_the_production_csp(browser_page):
    page = browser_page
    violations = []
    page.on("console", lambda msg: violations.append(msg.text) if "Content Security Policy" in msg.text else None)
    page.goto(page.base + "/api/docs/")
    page.wait_for_selector(".swagger-ui .info .title", timeout=20000)
    assert "邢台" in page.inner_text(".swagger-ui .info .title")
    assert page.locator(".opblock").count() >= 20
    assert violations == []
