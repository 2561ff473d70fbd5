"""Issue 11 item 4, "no stored value may make a page fail": damaged values are written straight
into the database (raw SQL, past every form, serializer and model check), then every page that
reads them is opened — the page list (public, citizen, enterprise, staff), the staff queue and its
exports, the admin list and change form of each damaged model, the API's lists and details and the
complainant's status look-up. Each answers below 500 (the value shown, or a placeholder).

The damage, per field kind of the main models (the demo data's rows):
- decimals out of range (on SQLite, which stores them: 25 digits, positive and negative, and too
  many decimal places; on PostgreSQL, which refuses them, the column's largest and smallest values);
- choice fields holding a code that is not a choice (and the empty code);
- JSON that is not what the reader expects (a string, a list, null, an object with text for numbers);
- dates at the calendar's bounds (0001-01-01 and 9999-12-31);
- names and titles empty, free text 5,000 characters long (on SQLite, past max_length).
"""

from __future__ import annotations

import datetime as dt
import json
import re

import pytest
from django.apps import apps
from django.db import DatabaseError, connection, models, transaction
from django.test import Client

from tests.pages import detail_pages, seed_demo_after_flush, static_pages

pytestmark = pytest.mark.django_db

MAIN_MODELS = [
    "wage_arrears.Complaint", "wage_arrears.Site", "wage_arrears.StatusStep", "wage_arrears.BlacklistEntry",
    "enterprises.Enterprise", "enterprises.EmploymentReport", "enterprises.InsuranceMonth",
    "persons.Person", "persons.Certificate", "persons.LabourContract",
    "subsidies.SchemeRound", "subsidies.Application", "subsidies.PayoutBatch", "subsidies.PayoutItem",
    "subsidies.PublicNotice",
    "recruitment.Event", "recruitment.JobPosting", "recruitment.GraduateEntry", "recruitment.Registration",
    "recruitment.InternshipPost", "recruitment.InternshipPlacement",
    "rankings.Ranking", "rankings.RankingEntry", "rankings.PublishedEntry", "rankings.JobDemand",
    "measures.Report",
]
NAME_FIELDS = re.compile(r"(^|_)(name|title)$")
# fields whose value is a key the portal looks rows up by (tokens, codes, USCCs): left whole
KEYS = re.compile(r"(token|code|uscc|hashkey|key|resident_id|id_number|phone|slug|username|password)$")
LONG = "长" * 5000
DATE_MIN, DATE_MAX = dt.date(1, 1, 1), dt.date(9999, 12, 31)


def _decimal_damage(field: models.DecimalField, kind: int):
    if connection.vendor == "sqlite":
        return ["1" * 25, "-" + "9" * 25, "12345678901234567890.123", "1" * 25][kind]
    whole = field.max_digits - field.decimal_places
    top = "9" * whole + ("." + "9" * field.decimal_places if field.decimal_places else "")
    return [top, "-" + top, "-" + top, top][kind]


JSON_DAMAGE = ['"damaged"', '{"rate": "abc", "max_months": "x", "clause": 5, "total": null}', "[1, 2]", "null"]


def _value(field, kind: int):
    """The damage of ``kind`` (0..3) for ``field``, or None to leave it."""
    if isinstance(field, models.DecimalField):
        return _decimal_damage(field, kind)
    if isinstance(field, models.JSONField):
        return JSON_DAMAGE[kind]
    if isinstance(field, models.DateTimeField):
        return None  # timestamps come from the clock, not from input
    if isinstance(field, models.DateField):
        return (DATE_MIN if kind in (0, 3) else DATE_MAX).isoformat()
    if field.choices and isinstance(field, models.CharField):
        return ("zz_not_a_choice" if kind in (0, 3) else "")[: field.max_length]
    if isinstance(field, (models.CharField, models.TextField)):
        if NAME_FIELDS.search(field.name) and kind in (0, 3):
            return ""
        if connection.vendor == "sqlite" or isinstance(field, models.TextField) or not field.max_length:
            return LONG
        return LONG[: field.max_length]
    if isinstance(field, models.IntegerField) and not field.choices:
        return 2147483647 if kind in (0, 3) else 0
    return None


def _damage(label: str, variant: int) -> list[str]:
    """Write the damage into every row of the model with raw SQL (rows of even id one kind, of odd
    id another: variant 0 kinds 0 and 1, variant 1 kinds 2 and 3); the columns damaged."""
    model = apps.get_model(label)
    table, pk = connection.ops.quote_name(model._meta.db_table), connection.ops.quote_name(model._meta.pk.column)
    names = []
    for field in model._meta.concrete_fields:
        if field.primary_key or field.is_relation or KEYS.search(field.name) or getattr(field, "unique", False):
            continue
        stored = False
        for parity, kind in ((0, 2 * variant), (1, 2 * variant + 1)):
            value = _value(field, kind)
            if value is None:
                continue
            try:  # one column at a time: a CHECK refusing one damage keeps the others
                with transaction.atomic(), connection.cursor() as cursor:
                    cursor.execute(f"UPDATE {table} SET {connection.ops.quote_name(field.column)} = %s "
                                   f"WHERE {pk} %% 2 = {parity}", [value])
            except DatabaseError:  # the database itself refuses this value: it cannot be stored
                continue
            stored = True
        if stored:
            names.append(field.name)
    return names


def _logged_in(username: str | None) -> Client:
    from xingtai_jobs.core.models import User

    client = Client(raise_request_exception=False)
    if username:
        client.force_login(User.objects.get(username=username))
    return client


def _admin_urls(labels) -> list[str]:
    from django.contrib import admin
    from django.urls import reverse

    urls = []
    for label in labels:
        model = apps.get_model(label)
        if model not in admin.site._registry:
            continue
        info = (model._meta.app_label, model._meta.model_name)
        urls.append(reverse(f"admin:{info[0]}_{info[1]}_changelist"))
        for pk in model._default_manager.order_by("pk").values_list("pk", flat=True)[:2]:
            urls.append(reverse(f"admin:{info[0]}_{info[1]}_change", args=[pk]))
    return urls


def _api_urls() -> list[str]:
    from drf_spectacular.generators import SchemaGenerator

    schema = SchemaGenerator().get_schema(request=None, public=True)
    urls = []
    for path, item in schema["paths"].items():
        if "get" not in item:
            continue
        if "{id}" in path:
            model_path = path.replace("{id}/", "")
            urls.append(("detail", model_path))
        elif "{" not in path:
            urls.append(("list", path))
    return urls


def _failures(client: Client, paths) -> list[str]:
    bad = []
    for path in paths:
        response = client.get(path)
        if response.status_code >= 500:
            bad.append(f"{response.status_code} {path}")
    return bad


@pytest.fixture
def demo_world(db):
    seed_demo_after_flush()


@pytest.mark.parametrize("variant", [0, 1])
def test_no_stored_value_makes_a_page_fail(demo_world, variant, settings):
    settings.RATELIMIT_ENABLE = False
    from wage_arrears.models import Complaint

    details = detail_pages()  # before the damage: the rows to open
    complaints = list(Complaint.objects.values_list("tracking_code", "complainant_phone")[:3])
    damaged = {label: _damage(label, variant) for label in MAIN_MODELS}
    assert sum(map(len, damaged.values())) > 100, damaged

    by_audience: dict[str, list[str]] = {}
    for audience, path in static_pages() + details:
        by_audience.setdefault(audience, []).append(path)
    users = {"public": None, "citizen": "13800000001", "enterprise": "ent_1", "staff": "city"}
    failures = []
    for audience, paths in by_audience.items():
        failures += _failures(_logged_in(users[audience]), paths)
    staff = _logged_in("city")
    failures += _failures(staff, ["/staff/wage-arrears/export.xlsx", "/staff/wage-arrears/?status=all"])
    admin_client = _logged_in("admin")
    failures += _failures(admin_client, _admin_urls(MAIN_MODELS))
    api = []
    for kind, path in _api_urls():
        if kind == "list":
            api.append(path)
            continue
        response = staff.get(path)
        if response.status_code == 200 and response.json().get("results"):
            api.append(f"{path}{response.json()['results'][0]['id']}/")
    failures += _failures(staff, api)
    for code, phone in complaints:
        public = _logged_in(None)
        response = public.post("/complaints/track/", {"code": code, "phone_last4": phone[-4:]})
        if response.status_code >= 500:
            failures.append(f"{response.status_code} POST /complaints/track/ {code}")
        response = public.get("/api/v1/wage-arrears/complaints/status/", {"code": code, "phone_last4": phone[-4:]})
        if response.status_code >= 500:
            failures.append(f"{response.status_code} GET status API {code}")
    assert failures == [], json.dumps(damaged, ensure_ascii=False)[:2000]
