import pytest

from .defaults import restore_defaults


@pytest.fixture(autouse=True)
def _seeded(db):
    restore_defaults()
