"""The production WSGI handler (xingtai_jobs.core.handlers) remembers the URL map's answer per path:
the same views answer, a path that does not resolve is a 404 and is not kept, and the memo is bounded."""

import io

import pytest
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from django.test import RequestFactory
from django.urls.resolvers import URLResolver

from xingtai_jobs.core import handlers


def call(app, path):
    environ = {**RequestFactory().get(path).environ, "wsgi.input": io.BytesIO(b"")}
    status = []
    body = b"".join(app(environ, lambda s, headers: status.append(s)))
    return int(status[0].split()[0]), body


@pytest.fixture(autouse=True)
def keep_test_connections():
    """As Django's test client does: the handler's connection housekeeping would close the test's."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.fixture
def resolves(monkeypatch):
    calls = []
    real = URLResolver.resolve

    def counted(self, path):
        if self.pattern.regex.pattern == "^/":  # the root resolver
            calls.append(path)
        return real(self, path)

    monkeypatch.setattr(URLResolver, "resolve", counted)
    return calls


def test_a_path_is_resolved_once_and_answers_the_same(resolves):
    app = handlers.PortalWSGIHandler()
    assert call(app, "/bench/trivial/") == (200, b"ok")
    assert call(app, "/bench/trivial/") == (200, b"ok")
    assert resolves == ["/bench/trivial/"]
    for pk in (1, 2):
        status, _ = call(app, f"/staff/tasks/{pk}/progress/")
        assert status == 302  # to the login page, as without the memo
    assert app._resolved["/staff/tasks/2/progress/"].kwargs == {"pk": 2}
    assert app._resolved["/staff/tasks/1/progress/"].kwargs == {"pk": 1}


def test_paths_that_do_not_resolve_are_404_and_not_kept(resolves):
    app = handlers.PortalWSGIHandler()
    for _ in range(2):
        assert call(app, "/no-such-page/")[0] == 404
    assert resolves == ["/no-such-page/", "/no-such-page/"]
    assert "/no-such-page/" not in app._resolved


def test_the_memo_is_bounded(monkeypatch):
    monkeypatch.setattr(handlers, "RESOLVE_MEMO_SIZE", 3)
    app = handlers.PortalWSGIHandler()
    for pk in range(10):
        call(app, f"/staff/tasks/{pk}/progress/")
    assert list(app._resolved) == [f"/staff/tasks/{pk}/progress/" for pk in (7, 8, 9)]
