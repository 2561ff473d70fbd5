"""Issue 11 item 9 / brief harden 2: what ``schemathesis --checks all`` found once
``positive_data_acceptance`` and ``ignored_auth`` ran too, each pinned so it cannot come back:
the description states the bounds the server enforces (pages, months, ids, county codes, the
measures' years, a refusal's required reason), and the fuzz script hands the staff token to
schemathesis as the ``tokenAuth`` scheme's credentials."""

from __future__ import annotations

import importlib.util
import re
import tomllib
from pathlib import Path

import pytest

from xingtai_jobs.core import inputs

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def schema():
    from drf_spectacular.generators import SchemaGenerator

    return SchemaGenerator().get_schema(request=None, public=True)


def _param(schema, path, name):
    for param in schema["paths"][path]["get"]["parameters"]:
        if param["name"] == name:
            return param["schema"]
    raise AssertionError(f"{path} has no ?{name}")


@pytest.mark.parametrize(("month", "valid"), [("1990-01", True), ("2100-12", True), ("2024-03", True), ("1989-12", False),
                                              ("2101-01", False), ("0502-02", False), ("2024-13", False), ("2024-00", False)])
def test_the_described_month_is_what_the_server_accepts(month, valid):
    from rest_framework.exceptions import ValidationError

    assert bool(re.match(inputs.MONTH_PATTERN, month)) is valid
    assert bool(re.match(inputs.MONTH_FILTER_PATTERN, month)) is valid
    field = inputs.MonthSerializerField()
    if valid:
        assert field.to_internal_value(month).strftime("%Y-%m") == month
    else:
        with pytest.raises(ValidationError):
            field.to_internal_value(month)


def test_filters_by_id_are_integers_within_bounds_and_pages_are_bounded(schema):
    for path in ("/api/v1/enterprises/employment-reports/", "/api/v1/enterprises/insurance-months/"):
        assert _param(schema, path, "enterprise") == {"type": "integer", "minimum": 0, "maximum": inputs.MAX_COUNT}
        assert _param(schema, path, "month")["pattern"] == inputs.MONTH_FILTER_PATTERN
        page = _param(schema, path, "page")
        assert page["minimum"] == 1 and page["maximum"] == inputs.MAX_COUNT
    assert _param(schema, "/api/v1/persons/", "region")["maxLength"] == 12


@pytest.mark.django_db
def test_a_page_within_the_described_bounds_is_never_a_400(login, city_officer):
    client = login(city_officer)
    assert client.get("/api/v1/subsidies/rounds/", {"page": inputs.MAX_COUNT}).status_code == 404  # no such page
    assert client.get("/api/v1/subsidies/rounds/", {"page": inputs.MAX_COUNT + 1}).status_code == 400
    assert client.get("/api/v1/persons/", {"region": "1" * 12}).status_code == 200
    assert client.get("/api/v1/persons/", {"region": "1" * 13}).status_code == 400


@pytest.mark.django_db
def test_the_measures_year_is_described_with_the_bounds_it_is_refused_outside(schema, api_client):
    from measures.selectors import year_bounds

    low, high = year_bounds()
    year = _param(schema, "/api/v1/measures/", "year")
    assert (year["minimum"], year["maximum"]) == (low, high)
    assert api_client.get("/api/v1/measures/", {"year": low}).status_code == 200
    assert api_client.get("/api/v1/measures/", {"year": low - 1}).status_code == 400
    as_of = _param(schema, "/api/v1/measures/", "as_of")
    assert re.match(as_of["pattern"], f"{low}-01-01") and re.match(as_of["pattern"], f"{high}-12-31")
    assert not re.match(as_of["pattern"], f"{low - 1}-12-31") and not re.match(as_of["pattern"], f"{high + 1}-01-01")
    assert api_client.get("/api/v1/measures/", {"as_of": f"{low}-01-01"}).status_code == 200
    assert api_client.get("/api/v1/measures/", {"as_of": f"{low - 1}-12-31"}).status_code == 400


@pytest.mark.django_db
@pytest.mark.parametrize("year", ["²", "2024²", "²⁰²⁴"])
def test_a_year_of_other_digits_is_a_400_not_a_server_error(api_client, year):
    """The fuzzer's one server error: ``str.isdigit`` is true for "²", ``int("²")`` raises."""
    assert api_client.get("/api/v1/measures/", {"year": year}).status_code == 400


@pytest.mark.django_db
@pytest.mark.parametrize("step", ["reject", "return"])
def test_a_refusal_or_return_requires_its_reason_as_described(schema, step, login, county_officer, enterprise):
    from subsidies import services
    from subsidies.models import Application
    from tests.subsidies.factories import eligible_enterprise, open_round

    round_ = open_round()
    body = schema["paths"][f"/api/v1/subsidies/items/{{id}}/{step}/"]["post"]["requestBody"]["content"]["application/json"]
    ref = body["schema"]["$ref"].rsplit("/", 1)[-1]
    assert schema["components"]["schemas"][ref]["required"] == ["text"]
    eligible_enterprise(enterprise=enterprise)
    services.screening_run(round_=round_)
    item = Application.objects.get(enterprise=enterprise)
    client = login(county_officer)
    assert client.post(f"/api/v1/subsidies/items/{item.pk}/review/").status_code == 200
    response = client.post(f"/api/v1/subsidies/items/{item.pk}/{step}/", {}, content_type="application/json")
    assert response.status_code == 400 and "text" in response.json()
    assert Application.objects.get(pk=item.pk).state == Application.State.UNDER_REVIEW
    ok = client.post(f"/api/v1/subsidies/items/{item.pk}/{step}/", {"text": "材料不全"}, content_type="application/json")
    assert ok.status_code == 200 and Application.objects.get(pk=item.pk).state != Application.State.UNDER_REVIEW


def _fuzz_script():
    spec = importlib.util.spec_from_file_location("api_fuzz", ROOT / "scripts" / "api_fuzz.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_fuzz_runs_every_check_with_the_token_as_the_schemes_credentials(tmp_path):
    fuzz = _fuzz_script()
    staff = tomllib.loads(fuzz.write_config(tmp_path / "s.toml", token="abc123").read_text(encoding="utf-8"))
    assert staff["auth"]["openapi"]["tokenAuth"]["api_key"] == "Token abc123"
    anonymous = tomllib.loads(fuzz.write_config(tmp_path / "a.toml", token=None).read_text(encoding="utf-8"))
    assert "auth" not in anonymous
    # 400 is accepted for valid-looking data only on the operations listed with a reason
    names = [op["include-name"] for op in staff["operations"]]
    assert names == list(fuzz.REFUSED_BY_RULES) and all(fuzz.REFUSED_BY_RULES.values())
    for op in staff["operations"]:
        assert "400" in op["checks"]["positive_data_acceptance"]["expected-statuses"]
    source = (ROOT / "scripts" / "api_fuzz.py").read_text(encoding="utf-8")
    assert '"--checks", "all"' in source and "--exclude-checks" not in source
