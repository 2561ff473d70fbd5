"""The API's own description (drf-spectacular), kept true (issue 11, item 9).

- ``document_errors``: a postprocessing hook that documents on every operation the error answers
  the portal really gives — 400 (bad input, ``{"detail": ..., "<field>": [...]}``), 401/403 (not
  signed in, not allowed, CSRF), 404 (no such object visible to the caller, or no such page) and
  429 (a rate limit, with Retry-After) — each with the error schema ``Error``.
- ``MASKED_PHONE`` / ``MOBILE_INPUT``: phone formats for ``extend_schema_field``.
- ``year_parameter`` / ``date_in_years_parameter``: a query parameter bounded to years low..high,
  described with the bounds the server refuses it outside (so a schema-valid request is accepted).
"""

from __future__ import annotations

MASKED_PHONE = {"type": "string", "pattern": r"^(\d{3}\*{4}\d{4}|\**)$", "example": "138****5678",
                "description": "Mobile number, masked: first 3 and last 4 digits."}
MOBILE_INPUT = {"type": "string", "pattern": r"^1[3-9]\d{9}$", "example": "13812345678",
                "description": "Mainland mobile number, 11 digits (+86 and spaces are accepted too)."}

def year_parameter(name: str, low: int, high: int):
    from drf_spectacular.utils import OpenApiParameter

    return OpenApiParameter(name, {"type": "integer", "minimum": low, "maximum": high})


def date_in_years_parameter(name: str, low: int, high: int):
    """A YYYY-MM-DD date within the years low..high (OpenAPI 3.0 has no date bounds: a pattern)."""
    from drf_spectacular.utils import OpenApiParameter

    years = "|".join(str(year) for year in range(low, high + 1))
    return OpenApiParameter(name, {"type": "string", "format": "date", "pattern": f"^({years})-"})


ERROR_SCHEMA = {
    "type": "object",
    "description": "An error: `detail` says what is wrong; for bad input each field at fault carries its messages.",
    "properties": {
        "detail": {"oneOf": [{"type": "string"}, {"type": "array", "items": {"type": "string"}}]},
        "code": {"type": "string"},
        "retry_after": {"type": "integer"},
    },
    "additionalProperties": True,
}
_DESCRIPTIONS = {
    "400": "Invalid input: `detail` and/or a list of messages per field.",
    "401": "Not signed in (session or `Authorization: Token ...`).",
    "403": "Signed in but not allowed, or a missing CSRF token on a session write.",
    "404": "No such object among those visible to the caller, or no such page.",
    "409": "The object is not in a state that allows this step (or someone changed it meanwhile).",
    "429": "Too many requests: `detail` and `retry_after` (seconds), with a Retry-After header.",
}


def document_errors(result, generator, request, public):
    schemas = result.setdefault("components", {}).setdefault("schemas", {})
    schemas.setdefault("Error", ERROR_SCHEMA)
    ref = {"$ref": "#/components/schemas/Error"}
    for item in result.get("paths", {}).values():
        for method, operation in item.items():
            if not isinstance(operation, dict) or "responses" not in operation:
                continue
            responses = operation["responses"]
            codes = ("400", "401", "403", "404", "429") if method == "get" else ("400", "401", "403", "404", "409", "429")
            for code in codes:
                if code not in responses:
                    responses[code] = {"description": _DESCRIPTIONS[code], "content": {"application/json": {"schema": ref}}}
                else:
                    responses[code].setdefault("content", {"application/json": {"schema": ref}})
    return result
