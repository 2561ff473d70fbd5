"""The shared cast: a city officer, a county officer, an officer of another county who must see
nothing of the first, an enterprise user, and browser fixtures (Playwright + Debian's Chromium)."""

from __future__ import annotations

import os
import shutil

import pytest

from tests.factories import EnterpriseFactory, UserFactory
from xingtai_jobs.core.models import Region, User

PASSWORD = "pass-word-123"
CHROMIUM = os.environ.get("XT_CHROMIUM", "/usr/bin/chromium")


@pytest.fixture(autouse=True)
def _eager_celery(settings):
    """Tasks run in-process in tests unless a test starts a real worker."""
    from xingtai_jobs.celery import app

    previous = app.conf.task_always_eager
    app.conf.task_always_eager = True
    settings.CELERY_TASK_ALWAYS_EAGER = True
    yield
    app.conf.task_always_eager = previous


@pytest.fixture(autouse=True)
def _fresh_cache():
    from django.core.cache import cache

    from xingtai_jobs.core import pagecache, refcache

    cache.clear()
    refcache.clear_all()  # rows of a rolled-back test must not survive in a process memo
    pagecache.clear_local()  # nor pages in the per-process layer of the page cache
    yield


@pytest.fixture(autouse=True)
def _calendar_notice_date(monkeypatch):
    """Staff pages warn when a coming year has no holiday schedule yet; pin the date that check
    uses to one inside chinese-calendar's data, so pages (and their query counts) do not change
    with the real date. Tests of the notice set their own."""
    import datetime as dt

    from xingtai_jobs.core import context_processors

    monkeypatch.setattr(context_processors, "_today", lambda: dt.date(2024, 6, 3))


@pytest.fixture(scope="module")
def demo_data(django_db_setup, django_db_blocker):
    """The demo data (``seed_demo``) once for a whole module: seeded inside a transaction that is
    rolled back when the module ends, so each test (in its own savepoint, as usual) sees the same
    rows and leaves nothing behind. Only for tests that are not transactional (no live_server):
    those flush the database and seed it themselves (``tests.pages.seed_demo_after_flush``)."""
    import io

    from django.core.management import call_command
    from django.db import transaction

    with django_db_blocker.unblock():
        outer = transaction.atomic()
        outer.__enter__()
        try:
            call_command("seed_demo", stdout=io.StringIO())
            yield
        finally:
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)


@pytest.fixture
def region_a(db) -> Region:
    return Region.objects.get(code="130502")  # 襄都区


@pytest.fixture
def region_b(db) -> Region:
    return Region.objects.get(code="130503")  # 信都区


@pytest.fixture
def city_officer(db) -> User:
    return UserFactory(username="city", role=User.Role.CITY_STAFF, first_name="市局")


@pytest.fixture
def county_officer(region_a) -> User:
    return UserFactory(username="county_a", role=User.Role.COUNTY_STAFF, region=region_a, first_name="襄都")


@pytest.fixture
def other_county_officer(region_b) -> User:
    return UserFactory(username="county_b", role=User.Role.COUNTY_STAFF, region=region_b, first_name="信都")


@pytest.fixture
def enterprise(region_a):
    return EnterpriseFactory(name="邢台钢铁示范有限公司", region=region_a)


@pytest.fixture
def other_enterprise(region_b):
    return EnterpriseFactory(name="信都区纺织有限公司", region=region_b)


@pytest.fixture
def enterprise_user(enterprise) -> User:
    return UserFactory(username="ent_a", role=User.Role.ENTERPRISE_USER, enterprise=enterprise)


@pytest.fixture
def login(client):
    """``login(user)`` returns the test client logged in as ``user``."""

    def _login(user):
        client.force_login(user)
        return client

    return _login


@pytest.fixture
def api_client():
    from rest_framework.test import APIClient

    return APIClient()


# --- Browser (Playwright driving Debian's Chromium) ---------------------------------------------


@pytest.fixture(scope="session")
def _browser():
    if not shutil.which(CHROMIUM) and not os.path.exists(CHROMIUM):
        pytest.skip(f"Chromium not installed at {CHROMIUM} (apt-get install chromium)")
    os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        browser = pw.chromium.launch(
            executable_path=CHROMIUM,
            args=["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
                  "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage"],
        )
        yield browser
        browser.close()


@pytest.fixture
def browser_page(_browser, live_server):
    """A desktop-sized page; ``page.base`` is the live server URL."""
    context = _browser.new_context(viewport={"width": 1280, "height": 900}, locale="zh-CN")
    page = context.new_page()
    page.base = live_server.url
    yield page
    context.close()


@pytest.fixture
def phone_page(_browser, live_server):
    """A 360 x 740 phone screen with touch."""
    context = _browser.new_context(viewport={"width": 360, "height": 740}, is_mobile=True, has_touch=True, locale="zh-CN")
    page = context.new_page()
    page.base = live_server.url
    yield page
    context.close()


def browser_login(page, username: str, password: str = PASSWORD) -> None:
    page.goto(page.base + "/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", password)
    page.click("main form button[type=submit]")
    page.wait_for_load_state("networkidle")
