import pytest

from tests.subsidies.factories import open_round


@pytest.fixture
def round_(db):
    return open_round()


@pytest.fixture(autouse=True)
def _english_messages():
    """Service messages are asserted in English (the msgids); pages render in Chinese by default."""
    from django.utils import translation

    with translation.override("en"):
        yield
