"""The measures API refuses an empty ?as_of= or ?year= (the schema declares a date and an integer),
and declares counts as integers (as the contract's example shows) or strings for yuan."""

import pytest

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("query", ["as_of=", "year=", "as_of=2024-9-30"])
def test_empty_or_malformed_parameters_are_400(client, query):
    response = client.get(f"/api/v1/measures/?{query}")
    assert response.status_code == 400


def test_schema_declares_counts_as_integer_or_string(client):
    schema = client.get("/api/schema/?format=json").json()
    value = schema["components"]["schemas"]["MeasureIndicator"]["properties"]["value"]
    assert {"type": "integer"} in value["oneOf"] and value.get("nullable") is True
