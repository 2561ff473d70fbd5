import pytest

from tests.factories import UserFactory
from xingtai_jobs.core.models import User


@pytest.fixture(autouse=True)
def _private_media(settings, tmp_path):
    settings.STORAGES = {**settings.STORAGES, "default": {"BACKEND": "django.core.files.storage.FileSystemStorage",
                                                          "OPTIONS": {"location": str(tmp_path / "media"), "base_url": None}}}


@pytest.fixture
def second_city_officer(db) -> User:
    return UserFactory(username="city_two", role=User.Role.CITY_STAFF)


def pdf_bytes() -> bytes:
    """A real one-page PDF (written by WeasyPrint through the kernel)."""
    from xingtai_jobs.core.documents import render_pdf

    return render_pdf("core/pdf_base.html", {})
