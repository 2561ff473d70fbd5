import pytest


@pytest.fixture(autouse=True)
def _fresh_local_page_cache():
    """The shared conftest clears Django's cache between tests; clear the per-process layer too."""
    from rankings.cache import clear_local

    clear_local()
    yield
    clear_local()
