"""Behind a CDN (LUNTAN_VIEW_BEACON) the browser reports each thread view."""

import pytest
from django.urls import reverse

from luntan.conftest import make_thread
from luntan.threads.view_counter import pending_views


@pytest.fixture
def beacon(settings):
    settings.LUNTAN_VIEW_BEACON = True


@pytest.mark.django_db
def test_with_the_beacon_the_page_asks_the_browser_to_report_the_view(client, beacon, board, alice):
    thread = make_thread(board, alice)
    html = client.get(thread.get_absolute_url()).content.decode()
    assert f'data-view-beacon="{reverse("thread-viewed", args=[thread.pk])}"' in html
    assert pending_views([thread.pk])[thread.pk] == 0
    response = client.post(reverse("thread-viewed", args=[thread.pk]))
    assert response.status_code == 204
    assert pending_views([thread.pk])[thread.pk] == 1


@pytest.mark.django_db
def test_the_beacon_counts_only_posts_for_threads_that_exist(client, beacon, board, alice):
    thread = make_thread(board, alice)
    assert client.get(reverse("thread-viewed", args=[thread.pk])).status_code == 405
    assert client.post(reverse("thread-viewed", args=[thread.pk + 99])).status_code == 404
    assert pending_views([thread.pk, thread.pk + 99]) == {thread.pk: 0, thread.pk + 99: 0}


@pytest.mark.django_db
def test_without_the_beacon_setting_nobody_can_add_views_through_it(client, board, alice):
    thread = make_thread(board, alice)
    assert client.post(reverse("thread-viewed", args=[thread.pk])).status_code == 404
    assert pending_views([thread.pk])[thread.pk] == 0


@pytest.mark.django_db
def test_without_the_beacon_pages_count_themselves_and_carry_no_beacon(client, board, alice):
    thread = make_thread(board, alice)
    html = client.get(thread.get_absolute_url()).content.decode()
    assert "data-view-beacon" not in html
    assert pending_views([thread.pk])[thread.pk] == 1
