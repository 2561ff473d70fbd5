import pytest

from tests.subsidies.factories import open_round


@pytest.fixture
def round_(db):
    return open_round()
