import pytest

from luntan.permissions.tests.defaults import restore_defaults


@pytest.fixture(autouse=True)
def _seeded(db):
    restore_defaults()
