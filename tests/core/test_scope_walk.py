"""Visibility written once (issue 10) and admin forms that cannot write across regions (issue 11.1).

Generic walks over ``admin.site._registry``, the URL resolver's API lists and staff pages, for
every role: city, county of region A, county of region B, liaison, enterprise user, citizen,
anonymous. The truth is each model's registered selector (``xingtai_jobs.core.scoping``); the demo
data (``seed_demo``) puts rows in both regions, and the fixture adds what it lacks."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django import forms
from django.contrib import admin
from django.contrib.admin.widgets import ForeignKeyRawIdWidget, ManyToManyRawIdWidget
from django.contrib.auth.models import AnonymousUser
from django.contrib.messages.storage.fallback import FallbackStorage
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.test import RequestFactory
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from rest_framework.test import APIClient

from tests.factories import UserFactory
from xingtai_jobs.core.admin_mixins import AuditedAdminMixin, ScopedAdminMixin, ScopedChoicesMixin
from xingtai_jobs.core.models import Department, Region, User
from xingtai_jobs.core.scoping import is_registered, visible_rows

OUR_APPS = {"core", "enterprises", "subsidies", "recruitment", "wage_arrears", "rankings", "persons", "measures", "entitlements"}
ROLES = ("city", "county_a", "county_b", "liaison", "enterprise", "citizen", "anonymous")
STAFF_ROLES = ("city", "county_a", "county_b", "liaison")


def _ours(model) -> bool:
    return model._meta.app_label in OUR_APPS


@pytest.fixture
def world(demo_data, db):
    from enterprises.models import Enterprise
    from persons.models import Person
    from recruitment.models import InternshipPlacement, InternshipPost
    from tests.factories import make_resident_id
    from wage_arrears.models import ReceptionSession

    a, b = Region.objects.get(code="130502"), Region.objects.get(code="130503")
    session_a = ReceptionSession.objects.filter(region=a, departments__isnull=False).first()
    department = session_a.departments.first() if session_a else Department.objects.get(code="hrss")
    ent_a = Enterprise.objects.filter(region=a).order_by("id").first()
    ent_b = Enterprise.objects.filter(region=b).order_by("id").first()
    # an approved internship post with a placement in each region (the demo has one)
    for region, host in ((a, ent_a), (b, ent_b)):
        if not InternshipPlacement.objects.filter(post__region=region).exists():
            post = InternshipPost.objects.create(host=host, title="见习岗", positions=3, duration_months=6,
                                                 stipend=Decimal("1900.00"), region=region, status=InternshipPost.Status.APPROVED)
            intern, _ = Person.objects.get_or_create(resident_id=make_resident_id(dt.date(2000, 1, 1), region.code, 234),
                                                     defaults={"name": "见习生", "region": region})
            InternshipPlacement.objects.create(post=post, person=intern, start=dt.date(2024, 3, 1), planned_end=dt.date(2024, 9, 1), eligibility_basis="test")
    users = {
        "city": UserFactory(username="w_city", role=User.Role.CITY_STAFF),
        "county_a": UserFactory(username="w_county_a", role=User.Role.COUNTY_STAFF, region=a),
        "county_b": UserFactory(username="w_county_b", role=User.Role.COUNTY_STAFF, region=b),
        "liaison": UserFactory(username="w_liaison", role=User.Role.DEPARTMENT_LIAISON, region=a, department=department),
        "enterprise": UserFactory(username="w_ent", role=User.Role.ENTERPRISE_USER, enterprise=ent_a),
        "citizen": UserFactory(username="w_citizen", role=User.Role.CITIZEN),
        "anonymous": AnonymousUser(),
    }
    return {"users": users, "a": a, "b": b}


def _request(user, method="get", path="/admin/", data=None):
    request = getattr(RequestFactory(), method)(path, data or {})
    request.user = user
    request.session = {}
    request._messages = FallbackStorage(request)
    return request


def _pks(qs: QuerySet) -> set:
    return set(qs.values_list("pk", flat=True))


# --- the rule every app follows -------------------------------------------------------------------


def test_every_model_has_one_registered_selector_and_every_admin_of_ours_uses_the_kernel():
    from django.apps import apps

    unregistered = [m._meta.label for m in apps.get_models() if _ours(m) and not is_registered(m)]
    assert unregistered == []
    not_scoped, not_audited, inlines = [], [], []
    for model, model_admin in admin.site._registry.items():
        if not is_registered(model):
            not_scoped.append(model._meta.label)
        if not _ours(model) and type(model_admin).__module__.split(".")[0] not in OUR_APPS | {"xingtai_jobs"}:
            continue
        if not isinstance(model_admin, ScopedAdminMixin):
            not_scoped.append(model._meta.label)
        if not isinstance(model_admin, AuditedAdminMixin) and _ours(model):
            not_audited.append(model._meta.label)
        for inline in model_admin.inlines:
            if not issubclass(inline, ScopedChoicesMixin):
                inlines.append(f"{model._meta.label}:{inline.__name__}")
    assert not_scoped == [] and not_audited == [] and inlines == []


def test_third_party_admins_are_closed_to_every_role_but_superusers(world):
    for role in STAFF_ROLES:
        request = _request(world["users"][role])
        for model, model_admin in admin.site._registry.items():
            if _ours(model) or model._meta.app_label == "axes":
                continue
            assert not model_admin.has_module_permission(request), (role, model._meta.label)


# --- issue 10: each role sees exactly the selector's rows, in the admin, the API and staff pages -----


def test_admin_lists_show_each_role_exactly_the_selectors_rows(world, client):
    checked = 0
    for role, user in world["users"].items():
        if role == "anonymous":
            client.logout()
        else:
            client.force_login(user)
        for model, model_admin in admin.site._registry.items():
            expected = _pks(visible_rows(model, user))
            url = reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist")
            may_view = getattr(user, "is_staff", False) and model_admin.has_view_or_change_permission(_request(user))
            if may_view:
                assert _pks(model_admin.get_queryset(_request(user))) == expected, (role, model._meta.label)
            response = client.get(url)
            if not may_view:
                assert response.status_code in (302, 403), (role, url, response.status_code)
                continue
            assert response.status_code == 200, (role, url)
            assert response.context["cl"].result_count == len(expected), (role, model._meta.label)
            checked += 1
    assert checked > 60  # every admin list of every staff role that may open it


def test_a_liaison_sees_their_departments_reception_sessions_in_the_admin_like_on_the_staff_page(world, client):
    from wage_arrears.selectors import sessions_visible_to

    liaison = world["users"]["liaison"]
    expected = _pks(sessions_visible_to(liaison))
    assert expected  # the demo has sessions of the liaison's department in region A
    client.force_login(liaison)
    response = client.get(reverse("admin:wage_arrears_receptionsession_changelist"))
    assert response.status_code == 200
    assert response.context["cl"].result_count == len(expected)


def _api_lists():
    def walk(patterns, prefix=""):
        for p in patterns:
            if isinstance(p, URLResolver):
                yield from walk(p.url_patterns, prefix + str(p.pattern))
            elif isinstance(p, URLPattern):
                yield prefix + str(p.pattern), p

    for route, pattern in walk(get_resolver().url_patterns):
        actions = getattr(pattern.callback, "actions", None) or {}
        cls = getattr(pattern.callback, "cls", None)
        if not route.startswith("api/v1/") or "<" in route or "format" in route or cls is None:
            continue
        if actions.get("get") == "list" or (not actions and hasattr(cls, "list") and cls.__name__.endswith("List")):
            yield route.replace("^", "").replace("$", ""), cls


# Public lists: the same rows for everyone (they show only published data).
PUBLIC_API = {"RegionViewSet", "DepartmentViewSet", "EventViewSet", "PostingViewSet", "RoundViewSet", "RankingList"}


def test_api_lists_give_each_role_exactly_the_selectors_rows(world):
    lists = list(_api_lists())
    assert len(lists) >= 10
    for route, cls in lists:
        counts = {}
        for role, user in world["users"].items():
            api = APIClient()
            if role != "anonymous":
                api.force_authenticate(user)
            response = api.get("/" + route, {"page_size": 500})
            if response.status_code in (401, 403):
                counts[role] = None
                continue
            assert response.status_code == 200, (role, route, response.status_code)
            body = response.json()
            count = body["count"] if isinstance(body, dict) and "count" in body else len(body)
            counts[role] = count
            if cls.__name__ in PUBLIC_API:
                continue
            view = cls()
            view.request, view.kwargs, view.format_kwarg = _request(user), {}, None
            view.request.query_params = {}
            model = view.get_queryset().model
            assert count == visible_rows(model, user).count(), (role, route)
        if cls.__name__ in PUBLIC_API:
            seen = {c for c in counts.values() if c is not None}
            assert len(seen) <= 1, (route, counts)
        else:
            # a scoped list: never the same rows for the two counties, nothing for citizens/anonymous
            assert counts.get("citizen") in (None, 0) and counts.get("anonymous") in (None, 0), (route, counts)


def _model_rows_in(value):
    """(model, pks) of every queryset, page or list of model instances in a template context value."""
    from django.core.paginator import Page
    from django.db.models import Model

    if isinstance(value, Page):
        value = list(value.object_list)
    if isinstance(value, QuerySet):
        if value.model._meta.app_label in OUR_APPS and not value.query.values_select and not value.query.annotation_select:
            return [(value.model, set(value.values_list("pk", flat=True)[:2000]))]
        return []
    if isinstance(value, list | tuple) and value and all(isinstance(v, Model) for v in value):
        model = type(value[0])
        if all(type(v) is model for v in value):
            return [(model, {v.pk for v in value})]
    return []


def test_staff_pages_never_list_a_row_outside_the_selector(world, client):
    routes = []

    def walk(patterns, prefix=""):
        for p in patterns:
            if isinstance(p, URLResolver):
                walk(p.url_patterns, prefix + str(p.pattern))
            elif "staff/" in prefix + str(p.pattern) and "<" not in str(p.pattern) and not str(p.pattern).endswith((".xlsx", ".csv", ".pdf")):
                routes.append(prefix + str(p.pattern))

    walk(get_resolver().url_patterns)
    assert len(routes) >= 10
    looked = 0
    for role, user in world["users"].items():
        if role == "anonymous":
            client.logout()
        else:
            client.force_login(user)
        for route in routes:
            response = client.get("/" + route)
            if response.status_code != 200 or response.context is None:
                assert response.status_code in (200, 302, 403, 404, 405), (role, route, response.status_code)
                continue
            for context in response.context:
                for key, value in context.flatten().items():
                    for model, pks in _model_rows_in(value):
                        if not is_registered(model):
                            continue
                        outside = pks - _pks(visible_rows(model, user))
                        assert not outside, (role, route, key, model._meta.label, sorted(outside)[:5])
                        looked += 1
    assert looked > 20


# --- issue 11.1: no foreign key of any admin form accepts a row outside the user's scope -------------


def _choice_fields(form_class):
    for name, field in form_class.base_fields.items():
        if isinstance(field, forms.ModelChoiceField):
            yield name, field


def _forms_of(model_admin, request):
    """(label, form class) of the add form and of the change form of a visible row, with inlines."""
    if model_admin.has_add_permission(request):
        yield "add", model_admin.get_form(request, None)
        for inline in model_admin.get_inline_instances(request, None):
            yield f"add:{type(inline).__name__}", inline.get_formset(request, None).form
    obj = model_admin.get_queryset(request).first()
    if obj is not None and model_admin.has_change_permission(request, obj):
        yield "change", model_admin.get_form(request, obj)
        for inline in model_admin.get_inline_instances(request, obj):
            yield f"change:{type(inline).__name__}", inline.get_formset(request, obj).form


def test_every_admin_form_refuses_an_out_of_scope_id_for_every_foreign_key(world):
    walked_forms, walked_fks, tried = 0, 0, 0
    untried = set()
    for role in STAFF_ROLES:
        user = world["users"][role]
        request = _request(user)
        for model, model_admin in admin.site._registry.items():
            if not model_admin.has_module_permission(request):
                continue
            for label, form_class in _forms_of(model_admin, request):
                walked_forms += 1
                for name, field in _choice_fields(form_class):
                    walked_fks += 1
                    related = field.queryset.model
                    visible = visible_rows(related, user)
                    # choices never exceed the related model's selector
                    assert not (_pks(field.queryset) - _pks(visible)), (role, model._meta.label, label, name)
                    outside = related._default_manager.exclude(pk__in=visible.values("pk")).first()
                    if outside is None:
                        if related._default_manager.exists() and _pks(visible) != _pks(related._default_manager.all()):
                            untried.add((role, related._meta.label))
                        continue
                    key = getattr(outside, field.to_field_name) if field.to_field_name else outside.pk
                    value = [key] if isinstance(field, forms.ModelMultipleChoiceField) else key
                    with pytest.raises(ValidationError):
                        field.clean(value)
                    widget = getattr(field.widget, "widget", field.widget)
                    if isinstance(widget, ForeignKeyRawIdWidget) and not isinstance(widget, ManyToManyRawIdWidget):
                        assert widget.label_and_url_for_value(key) == ("", ""), (role, model._meta.label, name)
                    tried += 1
    assert untried == set()
    assert walked_forms > 40 and walked_fks > 60 and tried > 60, (walked_forms, walked_fks, tried)
    print(f"admin scope walk: {walked_forms} forms, {walked_fks} foreign keys, {tried} out-of-scope ids refused")
