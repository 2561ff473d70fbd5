"""The kernel page cache (xingtai_jobs.core.pagecache, ADR 0013) on the home page: anonymous
visitors get the cached page with their own CSRF token, signed-in users a fresh one; entries expire
after the cache's seconds and with every bump."""

import re

import pytest
from django.test import Client

from xingtai_jobs.core import pagecache

pytestmark = pytest.mark.django_db


def test_home_is_cached_for_anonymous_visitors_with_their_own_token(django_assert_num_queries):
    Client().get("/")
    with django_assert_num_queries(0):
        a = Client().get("/").content.decode()
    b = Client().get("/").content.decode()
    token = r'name="csrfmiddlewaretoken" value="([^"]+)"'
    assert re.search(token, a).group(1) != re.search(token, b).group(1)
    assert pagecache.CSRF_SENTINEL not in a


def test_signed_in_users_get_a_fresh_page(login, city_officer):
    anonymous = Client().get("/").content.decode()
    assert city_officer.username not in anonymous
    assert f"（{city_officer.username}）" in login(city_officer).get("/").content.decode()


def test_entries_expire_after_their_seconds_and_with_a_bump(monkeypatch):
    now = [1000.0]
    monkeypatch.setattr(pagecache, "clock", lambda: now[0])
    cache = pagecache.PageCache("test-expiry", seconds=10)
    cache.set("k", "one")
    assert cache.get("k") == "one"
    now[0] += 9.9
    assert cache.get("k") == "one"
    now[0] += 0.1
    assert cache.get("k") is None
    cache.set("k", "two")
    cache.bump()
    assert cache.get("k") is None


def test_audited_changes_bump_the_caches_that_follow_them(django_capture_on_commit_callbacks, city_officer):
    from xingtai_jobs.core.audit import audit

    cache = pagecache.PageCache("test-audit", seconds=60, bump_on_audit=("core.test.",))
    cache.set("k", "v")
    with django_capture_on_commit_callbacks(execute=True):
        audit("core.other.thing", city_officer, actor=city_officer)
    assert cache.get("k") == "v"
    with django_capture_on_commit_callbacks(execute=True):
        audit("core.test.thing", city_officer, actor=city_officer)
    assert cache.get("k") is None


def test_cached_pages_tokens_pass_djangos_csrf_check_for_new_and_returning_visitors():
    """``visitor_csrf_token`` draws the token faster than ``get_token``; Django's own check must take it."""
    token = r'name="csrfmiddlewaretoken" value="([^"]+)"'
    Client().get("/")  # the page is cached
    visitor = Client(enforce_csrf_checks=True)
    first = re.search(token, visitor.get("/").content.decode()).group(1)
    cookie = visitor.cookies["csrftoken"].value
    again = re.search(token, visitor.get("/").content.decode()).group(1)  # returning: the same secret, a new mask
    assert len(first) == len(again) == 64 and first != again
    assert visitor.cookies["csrftoken"].value == cookie
    for value in (first, again):
        assert visitor.post("/i18n/setlang/", {"csrfmiddlewaretoken": value, "language": "en", "next": "/"}).status_code == 302
    forged = first[:32] + ("a" if first[32] != "a" else "b") + first[33:]
    assert visitor.post("/i18n/setlang/", {"csrfmiddlewaretoken": forged, "language": "en", "next": "/"}).status_code == 403
    stranger = Client(enforce_csrf_checks=True)
    stranger.get("/")
    assert stranger.post("/i18n/setlang/", {"csrfmiddlewaretoken": first, "language": "en", "next": "/"}).status_code == 403


def test_the_tokens_characters_are_drawn_evenly():
    counts = [0] * 62
    for i in pagecache._random_indices(62 * 1000):
        counts[i] += 1
    assert min(counts) > 850 and max(counts) < 1150  # 1,000 expected each (σ ≈ 31)
    assert sum(counts[:8]) / 8 < 1100  # a plain byte % 62 would give 0–7 a quarter more (≈ 1,210)


def test_one_process_renders_a_copy_again_in_the_second_half_of_its_life_while_the_others_serve_it(monkeypatch):
    """Two PageCaches of one name stand for two processes sharing the cache. A hot page is
    rendered again once, by whichever process claims it first, before it expires; the other
    process keeps serving the valid copy meanwhile and then takes the new one; nothing older than
    ``seconds`` is served."""
    now = [1000.0]
    monkeypatch.setattr(pagecache, "clock", lambda: now[0])
    a, b = pagecache.PageCache("test-refresh", seconds=10), pagecache.PageCache("test-refresh", seconds=10)
    built = []

    def build(name, during=None):
        def render():
            if during:
                during()
            built.append(name)
            return f"{name}{len(built)}"
        return render

    assert a.get_or_set("k", build("a")) == "a1"
    assert b.get_or_set("k", build("b")) == "a1"
    now[0] += 4.9
    assert (a.get_or_set("k", build("a")), b.get_or_set("k", build("b"))) == ("a1", "a1")
    now[0] += 0.1
    served_meanwhile = []
    assert a.get_or_set("k", build("a", during=lambda: served_meanwhile.append(b.get_or_set("k", build("b"))))) == "a2"
    assert served_meanwhile == ["a1"]  # b did not render: a had claimed it
    assert b.get_or_set("k", build("b")) == "a2"
    assert built == ["a", "a"]
    now[0] += 4.9
    assert (a.get_or_set("k", build("a")), b.get_or_set("k", build("b"))) == ("a2", "a2")
    now[0] += 5.1  # a2 is 10 s old, nobody asked in its second half: rendered on the next request
    assert b.get_or_set("k", build("b")) == "b3"
    assert a.get_or_set("k", build("a")) == "b3"
    assert built == ["a", "a", "b"]
