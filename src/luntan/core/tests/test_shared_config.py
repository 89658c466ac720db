"""A worker keeps the site's configuration between requests, and still shows an administrator's
change on its very next request, whichever worker made it."""

import pytest
from django.core.cache import cache
from django.test import RequestFactory

from luntan.core.shared_config import (
    _GENERATION_KEY,
    SharedConfigMiddleware,
    forget_shared_config,
)
from luntan.portal.models import SITE_CACHE_KEY, SiteSettings
from luntan.portal.querysets import site_info

pytestmark = pytest.mark.django_db


def site_name_in_a_request() -> str:
    """What one request of this worker reads as the site's name."""
    middleware = SharedConfigMiddleware(lambda request: site_info().settings.site_name)
    return middleware(RequestFactory().get("/"))


def another_worker_renames_the_site(name: str) -> None:
    """What a save in another process does here: the row, the cached copy, a new generation
    (that worker's own copy, not this one's, is the one it drops)."""
    SiteSettings.objects.filter(pk=1).update(site_name=name)
    cache.delete(SITE_CACHE_KEY)
    cache.set(_GENERATION_KEY, "another worker's change", None)


@pytest.fixture
def site():
    cache.clear()
    SiteSettings.objects.update_or_create(pk=1, defaults={"site_name": "霍林河信息港"})
    forget_shared_config(SITE_CACHE_KEY)


def test_a_change_made_by_another_worker_shows_on_the_next_request(site):
    assert site_name_in_a_request() == "霍林河信息港"
    another_worker_renames_the_site("霍林郭勒論壇")
    assert site_name_in_a_request() == "霍林郭勒論壇"


def test_while_nothing_changes_a_request_reads_no_configuration(site, django_assert_num_queries):
    assert site_name_in_a_request() == "霍林河信息港"
    cache.delete(SITE_CACHE_KEY)  # only the generation is asked for, so this goes unnoticed
    with django_assert_num_queries(0):
        assert site_name_in_a_request() == "霍林河信息港"


def test_the_request_that_saves_a_change_already_reads_it(site):
    def save_then_read(request) -> str:
        before = site_info().settings.site_name
        settings = SiteSettings.objects.get(pk=1)
        settings.site_name = "新站名"
        settings.save()
        return f"{before} → {site_info().settings.site_name}"

    answer = SharedConfigMiddleware(save_then_read)(RequestFactory().get("/"))
    assert answer == "霍林河信息港 → 新站名"
