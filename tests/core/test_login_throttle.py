"""Login throttling (django-axes): after 10 failures for one account, or 30 from one address,
within the window, login is refused - the right password included - until the lock expires or
city staff unlock it; the lock-out and the unlock are in the audit log. The public-form switch
``XT_RATELIMIT_ENABLE=false`` does not turn it off."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from tests.conftest import PASSWORD
from tests.factories import UserFactory
from xingtai_jobs.core.models import AuditEvent, User

LOGIN_PAGES = ["/accounts/login/", "/admin/login/"]


def _post(client, url, username, password, ip="198.51.100.7"):
    return client.post(url, {"username": username, "password": password}, REMOTE_ADDR=ip)


def _logged_in_as(client, user) -> bool:
    return client.session.get("_auth_user_id") == str(user.pk)


@pytest.mark.parametrize("url", LOGIN_PAGES)
def test_ten_failures_lock_the_account_and_the_right_password_is_refused(client, city_officer, url):
    for _ in range(10):
        response = _post(client, url, city_officer.username, "wrong-password")
    assert response.status_code == 429
    response = _post(client, url, city_officer.username, PASSWORD)
    assert response.status_code == 429
    assert not _logged_in_as(client, city_officer)
    page = response.content.decode()
    assert "登录失败次数过多" in page and "15" in page  # a clear Chinese page naming the wait
    # another address does not help: the lock is on the account
    response = _post(client, url, city_officer.username, PASSWORD, ip="203.0.113.9")
    assert response.status_code == 429 and not _logged_in_as(client, city_officer)


def test_nine_failures_then_the_right_password_logs_in(client, city_officer):
    for _ in range(9):
        assert _post(client, "/accounts/login/", city_officer.username, "wrong-password").status_code == 200
    response = _post(client, "/accounts/login/", city_officer.username, PASSWORD)
    assert response.status_code == 302 and _logged_in_as(client, city_officer)


def test_thirty_failures_from_one_address_lock_that_address(client, db):
    victims = [UserFactory(username=f"spray{n}", role=User.Role.CITIZEN) for n in range(5)]
    for victim in victims[:3]:  # 3 x 9 failures: no account reaches its own limit
        for _ in range(9):
            assert _post(client, "/accounts/login/", victim.username, "wrong-password").status_code == 200
    for _ in range(2):
        assert _post(client, "/accounts/login/", victims[3].username, "wrong-password").status_code == 200
    assert _post(client, "/accounts/login/", victims[3].username, "wrong-password").status_code == 429  # the 30th
    response = _post(client, "/accounts/login/", victims[4].username, PASSWORD)
    assert response.status_code == 429 and not _logged_in_as(client, victims[4])
    # the same account from another address is not locked
    response = _post(client, "/accounts/login/", victims[4].username, PASSWORD, ip="203.0.113.10")
    assert response.status_code == 302 and _logged_in_as(client, victims[4])


def test_the_lock_expires_after_the_lockout_time(client, city_officer, settings):
    from axes.models import AccessAttempt

    for _ in range(10):
        _post(client, "/accounts/login/", city_officer.username, "wrong-password")
    assert _post(client, "/accounts/login/", city_officer.username, PASSWORD).status_code == 429
    # refusals during the lock do not prolong it: the attempt time is still the 10th failure's
    AccessAttempt.objects.update(attempt_time=dt.datetime.now(dt.UTC) - dt.timedelta(minutes=14))
    assert _post(client, "/accounts/login/", city_officer.username, PASSWORD).status_code == 429
    AccessAttempt.objects.update(attempt_time=dt.datetime.now(dt.UTC) - dt.timedelta(minutes=16))
    response = _post(client, "/accounts/login/", city_officer.username, PASSWORD)
    assert response.status_code == 302 and _logged_in_as(client, city_officer)


def test_the_public_form_switch_does_not_turn_login_throttling_off(client, city_officer, settings):
    settings.RATELIMIT_ENABLE = False
    for _ in range(10):
        _post(client, "/accounts/login/", city_officer.username, "wrong-password")
    response = _post(client, "/accounts/login/", city_officer.username, PASSWORD)
    assert response.status_code == 429 and not _logged_in_as(client, city_officer)


def test_a_lock_out_is_audited_once_and_city_staff_unlock_it_with_an_audit_entry(client, login, city_officer, county_officer):
    from axes.models import AccessAttempt

    for _ in range(12):
        _post(client, "/accounts/login/", county_officer.username, "wrong-password")
    locks = AuditEvent.objects.filter(action="core.login.locked_out")
    assert locks.count() == 1
    lock = locks.get()
    assert lock.object_id == str(county_officer.pk) and lock.region_id == county_officer.region_id
    assert lock.after["username"] == county_officer.username and lock.after["by"] == "account"
    assert lock.ip == "198.51.100.7"

    changelist = reverse("admin:axes_accessattempt_changelist")
    # county staff may not see or lift locks
    assert login(county_officer).get(changelist).status_code == 403

    staff = login(city_officer)
    page = staff.get(changelist)
    assert page.status_code == 200 and county_officer.username in page.content.decode()
    assert "访问尝试" in page.content.decode() and "解除锁定" in page.content.decode()  # axes has no Chinese: the kernel's
    attempt = AccessAttempt.objects.get()
    response = staff.post(changelist, {"action": "unlock", "_selected_action": [attempt.pk]})
    assert response.status_code == 302
    assert not AccessAttempt.objects.exists()
    unlock = AuditEvent.objects.get(action="core.login.unlocked")
    assert unlock.actor == city_officer and unlock.object_id == str(county_officer.pk)
    assert unlock.after["username"] == county_officer.username

    staff.logout()
    response = _post(client, "/accounts/login/", county_officer.username, PASSWORD)
    assert response.status_code == 302 and _logged_in_as(client, county_officer)


def test_every_password_login_route_is_one_of_the_throttled_pages():
    """A new login route (a LoginView, DRF's ObtainAuthToken, the admin's) must be added to
    LOGIN_PAGES above, so the throttling tests run on it."""
    from django.contrib.auth.views import LoginView
    from django.urls import URLPattern, URLResolver, get_resolver
    from rest_framework.authtoken.views import ObtainAuthToken

    def walk(patterns, prefix=""):
        for p in patterns:
            if isinstance(p, URLResolver):
                yield from walk(p.url_patterns, prefix + str(p.pattern))
            elif isinstance(p, URLPattern):
                yield prefix + str(p.pattern), p.callback

    found = set()
    for route, callback in walk(get_resolver().url_patterns):
        view_class = getattr(callback, "view_class", None) or getattr(callback, "cls", None)
        is_admin_login = getattr(callback, "__name__", "") == "login" and route.startswith("admin/")
        if is_admin_login or (isinstance(view_class, type) and issubclass(view_class, LoginView | ObtainAuthToken)):
            found.add("/" + route)
    assert found == set(LOGIN_PAGES)
