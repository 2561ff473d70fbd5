"""The QR posters: real PDF, real QR decoded by zbarimg, the URL it encodes."""

from __future__ import annotations

import shutil
import subprocess

import pytest

from wage_arrears.models import Site

pytestmark = pytest.mark.django_db


def _decode_qr(pdf: bytes, tmp_path) -> str:
    if not shutil.which("pdftoppm") or not shutil.which("zbarimg"):
        pytest.skip("poppler-utils and zbar-tools are needed")
    path = tmp_path / "poster.pdf"
    path.write_bytes(pdf)
    subprocess.run(["pdftoppm", "-r", "150", "-png", "-f", "1", "-l", "1", str(path), str(tmp_path / "page")], check=True)
    image = next(tmp_path.glob("page*.png"))
    return subprocess.run(["zbarimg", "-q", "--raw", str(image)], check=True, capture_output=True,
                          text=True).stdout.strip()


@pytest.mark.parametrize("size", ["A4", "A3"])
def test_region_poster_qr_encodes_the_form_url(login, county_officer, settings, tmp_path, size):
    settings.SITE_URL = "https://jobs.xingtai.example"
    response = login(county_officer).get(f"/staff/wage-arrears/posters/region/130502/?size={size}")
    assert response["Content-Type"] == "application/pdf"
    assert _decode_qr(response.content, tmp_path) == "https://jobs.xingtai.example/complaints/new/?region=130502"
    text = subprocess.run(["pdftotext", "-", "-"], input=response.content, capture_output=True, check=True).stdout
    text = text.decode()
    assert "邢台市欠薪问题举报投诉二维码" in text and "襄都区" in text


def test_site_poster_carries_the_site_token(login, county_officer, settings, tmp_path, region_a):
    settings.SITE_URL = "https://jobs.xingtai.example"
    site = Site.objects.create(name="襄都花园三期", address="中华大街100号", employer_name="宏达建筑", region=region_a)
    response = login(county_officer).get(f"/staff/wage-arrears/posters/site/{site.token}/")
    assert _decode_qr(response.content, tmp_path) == (
        f"https://jobs.xingtai.example/complaints/new/?region=130502&site={site.token}")


def test_posters_of_other_regions_are_not_available(login, county_officer, region_b):
    site = Site.objects.create(name="信都项目", address="x", employer_name="y", region=region_b)
    client = login(county_officer)
    assert client.get("/staff/wage-arrears/posters/region/130503/").status_code == 404
    assert client.get(f"/staff/wage-arrears/posters/site/{site.token}/").status_code == 404
