"""Search tests commit for real (`transaction=True`): InnoDB's FULLTEXT index only shows rows
once their transaction commits, and the index itself is written after the posting commit."""

import pytest

from luntan.permissions.tests.defaults import restore_defaults


@pytest.fixture(autouse=True)
def _seeded(transactional_db):
    restore_defaults()


@pytest.fixture(autouse=True)
def _no_search_limit(settings):
    """Most tests search many times in a row; the rate-limit tests set their own limit."""
    settings.LUNTAN_SEARCH_LIMIT = 0
