"""Issue 15: printed links follow the address served (unless XT_SITE_URL says otherwise),
``/favicon.ico`` is a real icon, htmx only where a page uses it, ``make run PORT=``."""

from __future__ import annotations

import io
import subprocess
from pathlib import Path

import pytest
from django.test import RequestFactory

from xingtai_jobs.core.links import FALLBACK_URL, absolute_url, site_url

ROOT = Path(__file__).resolve().parents[2]


def test_links_follow_the_request_unless_the_site_url_is_set(settings):
    settings.SITE_URL = ""
    request = RequestFactory().get("/", HTTP_HOST="127.0.0.1:8001")
    assert absolute_url("/events/t/abc/", request) == "http://127.0.0.1:8001/events/t/abc/"
    assert site_url() == FALLBACK_URL  # a task or command has no request
    settings.SITE_URL = "https://jobs.xingtai.example"
    assert absolute_url("/events/t/abc/", request) == "https://jobs.xingtai.example/events/t/abc/"


@pytest.mark.django_db
def test_the_poster_qr_follows_the_served_port(login, county_officer, settings, tmp_path):
    from tests.wage_arrears.test_documents import _decode_qr

    settings.SITE_URL = ""
    settings.ALLOWED_HOSTS = ["127.0.0.1", "testserver"]
    response = login(county_officer).get("/staff/wage-arrears/posters/region/130502/", HTTP_HOST="127.0.0.1:8001")
    assert _decode_qr(response.content, tmp_path) == "http://127.0.0.1:8001/complaints/new/?region=130502"


@pytest.mark.django_db
def test_favicon_is_a_real_icon(client):
    from PIL import Image

    response = client.get("/favicon.ico")
    assert response.status_code == 200 and response["Content-Type"] == "image/x-icon"
    icon = Image.open(io.BytesIO(response.content))
    assert icon.format == "ICO" and (32, 32) in icon.info["sizes"]
    assert 'rel="icon"' in client.get("/").content.decode()


@pytest.mark.django_db
def test_htmx_only_on_pages_that_use_it(client):
    assert "htmx" not in client.get("/").content.decode()
    assert "htmx" not in client.get("/complaints/new/").content.decode()


def test_make_run_takes_a_port():
    dry = subprocess.run(["make", "-n", "run", "PORT=8001"], cwd=ROOT, capture_output=True, text=True, check=True).stdout
    assert "runserver 127.0.0.1:8001" in dry
