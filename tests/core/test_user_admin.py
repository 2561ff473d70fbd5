"""Issue 11 item 2: only superusers grant superuser status, groups or permissions, or change another
staff member's password; city staff manage county staff and liaisons within the roles; every change
of a user's role, scope, activity or password is audited. Each test failed on main before the fix."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.contrib.auth.models import Group, Permission
from django.urls import reverse
from django.utils import timezone

from tests.factories import UserFactory
from xingtai_jobs.core.models import AuditEvent, Department, User


def _change_url(user):
    return reverse("admin:core_user_change", args=[user.pk])


def _post_data(client, user, **changes):
    """The change form's own fields as the browser would send them, with ``changes`` applied."""
    response = client.get(_change_url(user))
    assert response.status_code == 200
    form = response.context["adminform"].form
    data = {}
    for name, field in form.fields.items():
        if field.disabled:
            continue
        value = form.initial.get(name, field.initial)
        if isinstance(value, bool):
            if value:
                data[name] = "on"
            continue
        if isinstance(value, dt.datetime):
            local = timezone.localtime(value)
            data[f"{name}_0"], data[f"{name}_1"] = local.date().isoformat(), local.time().strftime("%H:%M:%S")
            continue
        if isinstance(value, list | tuple):
            data[name] = [getattr(v, "pk", v) for v in value]
            continue
        data[name] = "" if value is None else getattr(value, "pk", value)
    for key, value in changes.items():
        if value is False:
            data.pop(key, None)
        else:
            data[key] = value
    return data


@pytest.fixture
def superuser(db):
    return UserFactory(username="root", is_superuser=True, is_staff=True, role=User.Role.CITY_STAFF)


def test_city_staff_cannot_make_themselves_superuser(login, city_officer):
    client = login(city_officer)
    response = client.get(_change_url(city_officer))
    # the rights fields are not offered to city staff (their own row is read-only for them)
    assert "is_superuser" not in response.context["adminform"].form.fields
    client.post(_change_url(city_officer), {"username": city_officer.username, "is_superuser": "on", "is_active": "on",
                                             "role": User.Role.CITY_STAFF, "date_joined_0": "2024-01-01",
                                             "date_joined_1": "00:00:00"})
    city_officer.refresh_from_db()
    assert not city_officer.is_superuser


def test_city_staff_cannot_grant_superuser_groups_or_permissions_to_county_staff(login, city_officer, county_officer):
    client = login(city_officer)
    group = Group.objects.get(name="City staff")
    perm = Permission.objects.get(codename="delete_user")
    data = _post_data(client, county_officer, is_superuser="on", groups=[group.pk], user_permissions=[perm.pk], first_name="改名")
    response = client.post(_change_url(county_officer), data)
    assert response.status_code == 302, response.context["adminform"].form.errors if response.context else response
    county_officer.refresh_from_db()
    assert county_officer.first_name == "改名"  # the allowed part of the form was saved
    assert not county_officer.is_superuser
    assert not county_officer.user_permissions.exists()
    assert list(county_officer.groups.values_list("name", flat=True)) == ["County staff"]


def test_city_staff_cannot_promote_to_city_staff_nor_edit_other_city_staff_or_superusers(login, city_officer, county_officer, superuser):
    client = login(city_officer)
    data = _post_data(client, county_officer, role=User.Role.CITY_STAFF)
    response = client.post(_change_url(county_officer), data)
    assert response.status_code == 200 and "role" in response.context["adminform"].form.errors
    county_officer.refresh_from_db()
    assert county_officer.role == User.Role.COUNTY_STAFF
    other_city = UserFactory(username="city2", role=User.Role.CITY_STAFF)
    for target in (other_city, superuser):
        response = client.post(_change_url(target), {"username": target.username, "first_name": "x"})
        assert response.status_code == 403
        target.refresh_from_db()
        assert target.first_name != "x"


def test_city_staff_cannot_set_a_staff_members_or_superusers_password(login, city_officer, county_officer, superuser):
    client = login(city_officer)
    for target in (county_officer, superuser):
        url = f"/admin/core/user/{target.pk}/password/"
        assert client.get(url).status_code == 403
        response = client.post(url, {"password1": "Another-pass-987", "password2": "Another-pass-987"})
        assert response.status_code == 403
        target.refresh_from_db()
        assert not target.check_password("Another-pass-987")


def test_password_change_by_the_superuser_is_audited(login, superuser, county_officer):
    client = login(superuser)
    url = f"/admin/core/user/{county_officer.pk}/password/"
    response = client.post(url, {"password1": "Another-pass-987", "password2": "Another-pass-987", "usable_password": "true"})
    assert response.status_code == 302
    county_officer.refresh_from_db()
    assert county_officer.check_password("Another-pass-987")
    event = AuditEvent.objects.get(action="core.user.password_changed", object_id=str(county_officer.pk))
    assert event.actor == superuser
    assert "Another-pass" not in str(event.before) + str(event.after) + event.message


def test_city_staff_may_reset_an_enterprise_users_password_audited(login, city_officer, enterprise_user):
    client = login(city_officer)
    url = f"/admin/core/user/{enterprise_user.pk}/password/"
    response = client.post(url, {"password1": "Another-pass-987", "password2": "Another-pass-987", "usable_password": "true"})
    assert response.status_code == 302
    assert AuditEvent.objects.filter(action="core.user.password_changed", object_id=str(enterprise_user.pk)).exists()


def test_role_scope_and_activity_changes_are_audited_with_before_and_after(login, city_officer, county_officer, region_b):
    client = login(city_officer)
    hrss = Department.objects.get(code="hrss")
    data = _post_data(client, county_officer, role=User.Role.DEPARTMENT_LIAISON, region=region_b.pk, department=hrss.pk,
                      is_active=False)
    response = client.post(_change_url(county_officer), data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    role_event = AuditEvent.objects.get(action="core.user.role_changed", object_id=str(county_officer.pk))
    assert role_event.before["role"] == "county_staff" and role_event.after["role"] == "dept_liaison"
    assert role_event.after["region"] == region_b.pk and role_event.after["department"] == hrss.pk
    active_event = AuditEvent.objects.get(action="core.user.activity_changed", object_id=str(county_officer.pk))
    assert active_event.before == {"is_active": True} and active_event.after == {"is_active": False}
    # the timeline under the change form reads in Chinese, not in action codes
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "zh-hans"
    page = client.get(_change_url(county_officer)).content.decode()
    assert "更改了用户的角色或范围" in page
    assert "core.user.role_changed" not in re.sub(r'title="[^"]*"', "", page)  # the code only as the label's tooltip


def test_superuser_still_grants_rights_audited(login, superuser, county_officer):
    client = login(superuser)
    perm = Permission.objects.get(codename="delete_user")
    data = _post_data(client, county_officer, user_permissions=[perm.pk])
    response = client.post(_change_url(county_officer), data)
    assert response.status_code == 302
    assert county_officer.user_permissions.filter(pk=perm.pk).exists()
    event = AuditEvent.objects.get(action="core.user.rights_changed", object_id=str(county_officer.pk))
    assert event.after == {"user_permissions": [perm.pk]}


def test_city_staff_add_form_offers_only_the_roles_they_manage(login, city_officer):
    client = login(city_officer)
    form = client.get(reverse("admin:core_user_add")).context["adminform"].form
    offered = {value for value, _label in form.fields["role"].choices if value}
    assert offered == {"county_staff", "dept_liaison", "enterprise_user", "citizen"}
    assert "is_superuser" not in form.fields
