"""Every derived text follows an edit of the first post as the counters do: the description
and Open Graph text of every view of the thread, for guests and members, cached or not."""

import pytest
from django.test import Client
from django.urls import reverse

from luntan.conftest import login, make_thread


@pytest.fixture
def cached_pages(settings):
    settings.LUNTAN_PAGE_CACHE_SECONDS = 300


@pytest.mark.django_db
def test_removing_a_phone_number_from_the_first_post_reaches_every_description(
    cached_pages, board, alice, bob, alice_client, django_capture_on_commit_callbacks
):
    thread = make_thread(board, alice, replies=2, repliers=[bob])
    first = thread.posts.get(floor=1)
    with django_capture_on_commit_callbacks(execute=True):
        alice_client.post(
            reverse("post-edit", args=[first.pk]),
            {"title": thread.title, "body": "出租房屋，電話 13912345678", "thread_type": ""},
        )
    url = thread.get_absolute_url()
    # Views without the first post first: they must not wait for page 1 to refresh the text.
    views = [f"{url}?author={bob.pk}", f"{url}?order=desc", url, f"{url}?author={alice.pk}"]
    guest, member = Client(), login(Client(), bob)
    for reader in (guest, member):
        for view in views:
            assert "13912345678" in reader.get(view).content.decode(), view

    with django_capture_on_commit_callbacks(execute=True):
        alice_client.post(
            reverse("post-edit", args=[first.pk]),
            {"title": thread.title, "body": "出租房屋，請站內聯繫", "thread_type": ""},
        )

    for reader in (guest, member):
        for view in views:
            html = reader.get(view).content.decode()
            assert "13912345678" not in html, view
            assert '<meta property="og:description" content="出租房屋，請站內聯繫">' in html
