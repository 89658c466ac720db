"""A worker keeps the site's configuration between requests, and still shows an administrator's
change on its very next request, whichever worker made it."""

import time

import pytest
from django.core.cache import cache
from django.test import Client, RequestFactory

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


@pytest.fixture
def one_second_bound(settings):
    settings.LUNTAN_CONFIG_MAX_AGE = 1
    settings.LUNTAN_PAGE_CACHE_SECONDS = 300  # cached pages must follow too


def test_a_change_nobody_forgot_reaches_every_page_and_reader_within_the_bound(
    site, one_second_bound, board, alice
):
    """A bulk update (a data migration, the shell) sends no signal and forgets nothing."""
    from luntan.accounts.models import UserGroup
    from luntan.conftest import login, make_thread
    from luntan.permissions.models import BoardGrant

    thread = make_thread(board, alice, title="本週停水通知")
    pages = ["/", board.get_absolute_url(), thread.get_absolute_url(), "/sitemap/"]
    guest, member = Client(), login(Client(), alice)
    for reader in (guest, member):
        for page in pages:
            html = reader.get(page).content.decode()
            assert "霍林河信息港" in html and "本週停水通知" in html, page

    SiteSettings.objects.filter(pk=1).update(site_name="霍林郭勒論壇")
    # Guests lose the board, through the permission table: also read once per bound.
    guests = UserGroup.objects.get(name="游客")
    BoardGrant.objects.bulk_create([BoardGrant(board=board, group=guests, view_board=False)])
    time.sleep(1.05)

    for reader in (guest, member):
        for page in pages:
            html = reader.get(page).content.decode()
            assert "霍林郭勒論壇" in html and "霍林河信息港" not in html, page
    assert guest.get(board.get_absolute_url()).status_code == 404
    assert "本週停水通知" not in guest.get("/").content.decode()
    assert "本週停水通知" in member.get("/").content.decode()


def test_without_a_change_the_database_is_read_once_per_bound_not_per_request(
    site, one_second_bound, django_assert_num_queries
):
    assert site_name_in_a_request() == "霍林河信息港"
    with django_assert_num_queries(0):
        assert site_name_in_a_request() == "霍林河信息港"
    time.sleep(1.05)
    with django_assert_num_queries(2):  # the settings row and the footer links, nothing else
        assert site_name_in_a_request() == "霍林河信息港"
