"""Fixtures of the wage-arrears tests: a clock, liaisons, valid form data, real small images."""

from __future__ import annotations

import datetime as dt
import io
import struct
import zlib

import pytest

from tests.factories import UserFactory
from xingtai_jobs.core.models import Department, User


@pytest.fixture(autouse=True)
def _private_media(settings, tmp_path):
    settings.STORAGES = {**settings.STORAGES, "default": {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": str(tmp_path / "private"), "base_url": None}}}


@pytest.fixture
def clock(monkeypatch):
    """``clock(date)`` fixes the service's notion of today."""
    from wage_arrears import services

    def _set(day: dt.date):
        monkeypatch.setattr(services.common, "today", lambda: day)
        return day

    return _set


@pytest.fixture
def housing_liaison(region_a) -> User:
    return UserFactory(username="liaison_housing_a", role=User.Role.DEPARTMENT_LIAISON, region=region_a,
                       department=Department.objects.get(code="housing"))


@pytest.fixture
def hrss_liaison(region_a) -> User:
    return UserFactory(username="liaison_hrss_a", role=User.Role.DEPARTMENT_LIAISON, region=region_a,
                       department=Department.objects.get(code="hrss"))


def png_bytes(width: int = 8, height: int = 8) -> bytes:
    """A real, valid PNG image (red square) built from scratch."""
    raw = b"".join(b"\x00" + b"\xc0\x20\x20" * width for _ in range(height))

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b""))


ELF_BYTES = b"\x7fELF\x02\x01\x01\x00" + b"\x00" * 8 + b"\x02\x00\x3e\x00" + b"\x00" * 200


def upload(name: str, content: bytes, content_type: str = "image/jpeg"):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(name, content, content_type=content_type)


def form_data(**overrides) -> dict:
    data = {
        "complainant_name": "李建国",
        "complainant_phone": "13812345678",
        "complainant_id_number": "",
        "workers_affected": "3",
        "employer_name": "邢台宏达建筑工程有限公司",
        "employer_uscc": "",
        "project_name": "襄都花园三期",
        "address": "襄都区中华大街100号",
        "region_code": "130502",
        "sector": "construction",
        "period_start": "2024-05",
        "period_end": "2024-07",
        "amount_owed": "18600",
        "description": "三个月工资未发",
    }
    data.update(overrides)
    return data


@pytest.fixture
def file_complaint(db, region_a):
    """File a complaint through the service (as the public form does) and return it."""
    from wage_arrears import services
    from wage_arrears.forms import ComplaintForm

    def _file(**overrides):
        form = ComplaintForm(form_data(**overrides))
        assert form.is_valid(), form.errors
        complaint, created = services.complaint_submit(data=form.to_input())
        assert created
        return complaint

    return _file


@pytest.fixture
def small_png() -> bytes:
    return png_bytes()


__all__ = ["ELF_BYTES", "form_data", "io", "png_bytes", "upload"]
