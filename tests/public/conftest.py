import pytest
from django.core.cache import cache

from tests.cases.conftest import frozen_now, roster  # noqa: F401 - the cases fixtures, shared


@pytest.fixture(autouse=True)
def clean_cache():
    cache.clear()
    yield
    cache.clear()
