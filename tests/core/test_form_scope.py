"""Foreign-key choices of the staff and enterprise page forms come from the related model's selector
(``xingtai_jobs.core.forms.ScopedForm``), as in the admin.

The walk imports every app's forms, finds every form class with a model choice, refuses a staff or
enterprise form that does not scope its choices, and for every role submits an id outside what the
role may see to each scoped choice (a field error) and one inside it (no error on that field). The
page tests below submit out-of-scope ids through the views: 400, nothing written."""

from __future__ import annotations

import datetime as dt
import importlib
import inspect
from pathlib import Path

import pytest
from django import forms
from django.apps import apps
from django.conf import settings
from django.contrib import admin
from django.contrib.auth.models import AnonymousUser
from django.urls import reverse

from tests.factories import UserFactory
from tests.wage_arrears.conftest import form_data
from xingtai_jobs.core.forms import ScopedChoicesFormMixin, ScopedForm, make_form
from xingtai_jobs.core.models import AuditEvent, Department, Region, User
from xingtai_jobs.core.scoping import visible_rows

pytestmark = pytest.mark.django_db

# Forms of public pages: anyone picks any row (a search filter's county); no user to scope by.
PUBLIC = {
    "recruitment.forms.EventFilterForm": "public event search: every county",
    "recruitment.forms.JobSearchForm": "public job search: every county",
}
# Forms of an app another helper owns that narrow their choices in their own ``__init__`` (with the
# same selectors); walked like the others, so a leak fails here too.
# (The roles walked are those of the page that shows the form.)
OWN_SCOPE: dict = {}  # (measures' ReportForm was here; it is a ScopedForm now)
# Forms only the admin builds (``get_form``): their choices come from the admin's formfields, scoped
# by ``admin_mixins.ScopedChoicesMixin`` and walked by tests/core/test_scope_walk.py.
ADMIN_ONLY = {
    "recruitment.forms.PlacementAdminForm": "recruitment/admin.py InternshipPlacementAdmin.get_form",
    "recruitment.forms.GraduateEntryAdminForm": "recruitment/admin.py GraduateEntryAdmin.get_form",
}
# Forms the walk must find (so a broken discovery cannot pass silently).
EXPECTED = {
    "wage_arrears.forms.StaffIntakeForm", "wage_arrears.forms.AssignForm", "wage_arrears.forms.RerouteForm",
    "wage_arrears.forms.ScheduleForm", "enterprises.forms.ReportStatusFilterForm", "recruitment.forms.PostingForm",
    "recruitment.forms.InternshipPostForm", "measures.forms.ReportForm",
}


def _name(cls) -> str:
    return f"{cls.__module__}.{cls.__qualname__}"


def _project_apps() -> list:
    base = Path(settings.BASE_DIR).resolve()
    return [c for c in apps.get_app_configs() if Path(c.path).resolve().is_relative_to(base)]


def _admin_forms() -> set:
    out = set()
    for model_admin in admin.site._registry.values():
        out.add(model_admin.form)
        for inline in model_admin.inlines:
            out.add(inline.form)
    return out


def _subclasses(cls):
    for sub in cls.__subclasses__():
        yield sub
        yield from _subclasses(sub)


def page_form_classes() -> list[type[forms.BaseForm]]:
    """Every form class of the apps' modules (not the admin's) that has a model choice field."""
    configs = _project_apps()
    for config in configs:
        for module in ("forms", "views", "api", "policy_views", "workbench_views"):
            try:
                importlib.import_module(f"{config.name}.{module}")
            except ModuleNotFoundError as exc:
                if exc.name != f"{config.name}.{module}":
                    raise
    roots = tuple(c.name for c in configs)
    admin_forms = _admin_forms()
    found = {}
    for cls in _subclasses(forms.BaseForm):
        if not cls.__module__.startswith(roots) or cls.__module__.endswith(".admin") or cls in admin_forms:
            continue
        if inspect.isabstract(cls) or cls in (ScopedForm,) or cls.__module__ == "xingtai_jobs.core.forms":
            continue
        if _name(cls) in ADMIN_ONLY:
            continue
        if any(isinstance(f, forms.ModelChoiceField) for f in cls.base_fields.values()):
            found[_name(cls)] = cls
    return [found[k] for k in sorted(found)]


def test_the_walk_finds_the_forms_with_foreign_key_choices():
    names = {_name(c) for c in page_form_classes()}
    assert names >= EXPECTED, EXPECTED - names
    assert set(PUBLIC) <= names and set(OWN_SCOPE) <= names  # no stale exemption


def test_every_staff_and_enterprise_form_with_a_model_choice_scopes_it():
    unscoped = [_name(c) for c in page_form_classes()
                if _name(c) not in PUBLIC and _name(c) not in OWN_SCOPE and not issubclass(c, ScopedChoicesFormMixin)]
    assert not unscoped, f"use xingtai_jobs.core.forms.ScopedForm for {unscoped}"
    for cls in page_form_classes():
        for name in getattr(cls, "public_choices", ()):
            assert name in cls.base_fields, f"{_name(cls)}.public_choices names no field {name}"


@pytest.fixture
def roles(region_a, region_b, city_officer, county_officer, other_county_officer, enterprise_user):
    liaison = UserFactory(username="liaison_a", role=User.Role.DEPARTMENT_LIAISON, region=region_a,
                          department=Department.objects.get(code="housing"))
    citizen = UserFactory(username="citizen_a", role=User.Role.CITIZEN)
    return {"city": city_officer, "county A": county_officer, "county B": other_county_officer, "liaison": liaison,
            "enterprise": enterprise_user, "citizen": citizen, "anonymous": AnonymousUser()}


@pytest.fixture
def sessions(region_a, region_b):
    from wage_arrears.models import ReceptionSession

    day = dt.date.today() + dt.timedelta(days=7)
    a = ReceptionSession.objects.create(region=region_a, date=day, start_time=dt.time(9))
    a.departments.add(Department.objects.get(code="housing"))
    b = ReceptionSession.objects.create(region=region_b, date=day, start_time=dt.time(9))
    return a, b


def _value(field, row):
    return [row.pk] if isinstance(field, forms.ModelMultipleChoiceField) else row.pk


def _build(cls, user, data=None):
    return make_form(cls, user, data) if issubclass(cls, ScopedChoicesFormMixin) else cls(data, user=user)


def test_every_scoped_choice_refuses_an_out_of_scope_id_for_every_role(roles, sessions):
    checked_out, checked_in = set(), set()
    for cls in page_form_classes():
        if _name(cls) in PUBLIC:
            continue
        public = set(getattr(cls, "public_choices", ()))
        walked_roles = OWN_SCOPE[_name(cls)][1] if _name(cls) in OWN_SCOPE else tuple(roles)
        for role, user in roles.items():
            if role not in walked_roles:
                continue
            form = _build(cls, user)
            for name, field in form.fields.items():
                if not isinstance(field, forms.ModelChoiceField) or name in public:
                    continue
                model = field.queryset.model
                visible = visible_rows(model, user).values("pk")
                offered = set(field.queryset.values_list("pk", flat=True))
                assert offered <= set(visible_rows(model, user).values_list("pk", flat=True)), (_name(cls), name, role)
                outside = model._default_manager.exclude(pk__in=visible).order_by("pk").first()
                if outside is not None:
                    bound = _build(cls, user, {form.add_prefix(name): _value(field, outside)})
                    assert name in bound.errors, (_name(cls), name, role, outside)
                    if issubclass(cls, ScopedChoicesFormMixin):
                        # a queryset set on the form after it was built (as a view may) is narrowed too
                        late = _build(cls, user, {form.add_prefix(name): _value(field, outside)})
                        late.fields[name].queryset = model._default_manager.all()
                        assert name in late.errors, (_name(cls), name, role, "set late")
                    checked_out.add((_name(cls), name))
                inside = field.queryset.first()
                if inside is not None:
                    bound = _build(cls, user, {form.add_prefix(name): _value(field, inside)})
                    assert name not in bound.errors, (_name(cls), name, role, bound.errors.get(name))
                    checked_in.add((_name(cls), name))
    scoped_fields = {(_name(c), n) for c in page_form_classes() if _name(c) not in PUBLIC
                     for n, f in c.base_fields.items()
                     if isinstance(f, forms.ModelChoiceField) and n not in getattr(c, "public_choices", ())}
    # reference data (an indicator of the register) is out of scope for the roles that are not staff
    assert scoped_fields and checked_out == scoped_fields, scoped_fields ^ checked_out
    assert checked_in == scoped_fields, scoped_fields - checked_in


def test_a_form_without_a_user_offers_no_scoped_choice(region_a):
    from wage_arrears.forms import RerouteForm

    form = RerouteForm({"department": Department.objects.get(code="hrss").pk, "region": region_a.pk, "reason": "x"})
    assert not form.fields["region"].queryset.exists() and "region" in form.errors


# --- through the pages: 400, nothing written ------------------------------------------------------


@pytest.fixture
def complaint_a(region_a, county_officer):
    from wage_arrears import services
    from wage_arrears.forms import ComplaintForm

    form = ComplaintForm(form_data())
    assert form.is_valid(), form.errors
    complaint, _created = services.complaint_submit(data=form.to_input())
    services.complaint_accept(complaint_id=complaint.pk, actor=county_officer)
    complaint.refresh_from_db()
    return complaint


def _writes() -> int:
    """Audit entries other than the staff page's own record of showing the complainant's identity."""
    return AuditEvent.objects.exclude(action="core.personal_data.viewed").count()


def _action(client, complaint, action, **fields):
    url = reverse("wage_arrears:staff-case-action", args=[complaint.pk, action])
    return client.post(url, {f"{action}-{k}": v for k, v in fields.items()})


def test_a_county_officer_cannot_move_a_case_to_another_county(login, county_officer, complaint_a, region_b):
    before = _writes()
    response = _action(login(county_officer), complaint_a, "reroute", department=Department.objects.get(code="hrss").pk,
                       region=region_b.pk, reason="实为信都区项目")
    assert response.status_code == 400 and "region" in response.context["actions"][
        [a["name"] for a in response.context["actions"]].index("reroute")]["form"].errors
    complaint_a.refresh_from_db()
    assert complaint_a.region_id != region_b.pk and _writes() == before


def test_city_staff_may_move_a_case_to_another_county(login, city_officer, complaint_a, region_b):
    response = _action(login(city_officer), complaint_a, "reroute", department=Department.objects.get(code="hrss").pk,
                       region=region_b.pk, reason="实为信都区项目")
    assert response.status_code == 302
    complaint_a.refresh_from_db()
    assert complaint_a.region_id == region_b.pk


def test_no_assignee_or_session_of_another_county(login, county_officer, other_county_officer, complaint_a, sessions):
    client = login(county_officer)
    before = _writes()
    assert _action(client, complaint_a, "assign", assignee=other_county_officer.pk, reason="").status_code == 400
    assert _action(client, complaint_a, "schedule", session=sessions[1].pk).status_code == 400
    complaint_a.refresh_from_db()
    assert complaint_a.assignee_id is None and complaint_a.session_id is None and complaint_a.status == "accepted"
    assert _writes() == before
    assert _action(client, complaint_a, "schedule", session=sessions[0].pk).status_code == 302  # its own county's


def test_staff_intake_refuses_another_county_s_session(login, county_officer, sessions):
    from wage_arrears.models import Complaint

    data = {**form_data(), "channel": "session", "session": sessions[1].pk}
    response = login(county_officer).post(reverse("wage_arrears:staff-intake"), data)
    assert response.status_code == 400 and "session" in response.context["form"].errors
    assert not Complaint.objects.exists()


def test_an_enterprise_posts_only_at_events_it_takes_part_in(login, enterprise_user, enterprise, region_b):
    from recruitment.models import JobPosting
    from tests.recruitment.factories import EventFactory

    event = EventFactory(region=region_b)  # open, but this enterprise does not take part
    today = dt.date.today()
    response = login(enterprise_user).post(reverse("recruitment:enterprise-posting-new"), {
        "title": "焊工", "occupation": "焊工", "headcount": 2, "education": "any", "experience_years": 0, "pay_min": "3000",
        "pay_max": "5000", "region": region_b.pk, "valid_from": today.isoformat(),
        "valid_to": (today + dt.timedelta(days=30)).isoformat(), "events": [event.pk]})
    assert "events" in response.context["form"].errors and "region" not in response.context["form"].errors
    assert not JobPosting.objects.exists()


def test_the_report_status_filter_offers_only_the_officer_s_regions(login, county_officer, region_a, region_b):
    response = login(county_officer).get(reverse("enterprises-staff-report-status"), {"region": region_b.pk})
    form = response.context["form"]
    assert response.status_code == 200 and "region" in form.errors
    assert list(form.fields["region"].queryset) == [region_a]
    assert Region.objects.count() > 1
