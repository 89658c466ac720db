"""What reading a thread page costs: a fixed number of queries, the floor index instead of OFFSET,
batched author cards, stored HTML."""

import re
import sys
from unittest import mock

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from luntan.conftest import make_thread
from luntan.core import markup
from luntan.posting.services import edit_post


def _queries_for(client, url: str) -> list[str]:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return [q["sql"] for q in captured.captured_queries]


@pytest.fixture
def thread(db, board, alice, bob):
    return make_thread(board, alice, replies=59, repliers=[bob, alice])


@pytest.mark.django_db
def test_query_count_is_the_same_for_every_page_size(client, settings, thread):
    client.get(thread.get_absolute_url())  # member groups are cached after the first page
    counts = set()
    for per_page in (5, 20, 60):
        settings.LUNTAN_POSTS_PER_PAGE = per_page
        counts.add(len(_queries_for(client, thread.get_absolute_url())))
        counts.add(len(_queries_for(client, f"{thread.get_absolute_url()}?page=1&order=desc")))
    assert len(counts) == 1


@pytest.mark.django_db
def test_a_members_page_costs_the_same_on_the_first_and_the_last_page(
    alice_client, settings, thread
):
    settings.LUNTAN_POSTS_PER_PAGE = 10
    alice_client.get(thread.get_absolute_url())
    first = _queries_for(alice_client, thread.get_absolute_url())
    last = _queries_for(alice_client, f"{thread.get_absolute_url()}?page=6")
    assert len(first) == len(last)


def _post_page_query(queries: list[str]) -> str:
    return next(q for q in queries if re.search(r'FROM [`"]threads_post[`"]', q))


@pytest.mark.django_db
def test_a_later_page_is_found_by_floor_range_not_by_offset(client, settings, thread):
    settings.LUNTAN_POSTS_PER_PAGE = 10
    for query in ("?page=4", "?page=4&order=desc"):
        sql = _post_page_query(_queries_for(client, thread.get_absolute_url() + query))
        assert "OFFSET" not in sql.upper()
        assert re.search(r"floor[`\"]? >= \d+", sql) and re.search(r"floor[`\"]? <= \d+", sql)


@pytest.mark.django_db
def test_author_cards_come_with_the_posts_in_one_query(client, settings, thread):
    settings.LUNTAN_POSTS_PER_PAGE = 20
    client.get(thread.get_absolute_url())
    queries = _queries_for(client, thread.get_absolute_url() + "?page=2")
    assert 'JOIN "accounts_user"' in _post_page_query(queries).replace("`", '"')
    user_queries = [q for q in queries if re.search(r'FROM [`"]accounts_user[`"]', q)]
    group_queries = [q for q in queries if "accounts_usergroup" in q]
    assert user_queries == [] and group_queries == []


@pytest.mark.django_db
def test_reading_a_page_never_renders_markup(client, thread):
    def refuse(*args, **kwargs):
        raise AssertionError("a thread page re-rendered BBCode")

    original = markup.render_bbcode
    holders = [
        m for m in list(sys.modules.values()) if getattr(m, "render_bbcode", None) is original
    ]
    patches = [mock.patch.object(m, "render_bbcode", refuse) for m in holders]
    for patch in patches:
        patch.start()
    try:
        for query in ("", "?page=2", "?order=desc"):
            html = client.get(thread.get_absolute_url() + query).content.decode()
            assert "樓" in html
    finally:
        for patch in patches:
            patch.stop()


@pytest.mark.django_db
def test_shared_rendered_posts_still_show_each_member_their_own_edit_links(
    alice_client, bob_client, settings, thread
):
    settings.LUNTAN_POSTS_PER_PAGE = 4
    bob_html = bob_client.get(thread.get_absolute_url()).content.decode()
    alice_html = alice_client.get(thread.get_absolute_url()).content.decode()
    assert bob_html.count('class="edit"') == 2  # floors 2 and 4 are bob's
    assert alice_html.count('class="edit"') == 2  # floors 1 and 3 are alice's
    again = bob_client.get(thread.get_absolute_url()).content.decode()
    assert again.count('class="edit"') == 2 and 'href="/post/' in again


@pytest.mark.django_db
def test_an_edit_shows_at_once_on_a_members_page(alice_client, alice, settings, thread):
    settings.LUNTAN_POSTS_PER_PAGE = 4
    alice_client.get(thread.get_absolute_url())
    edit_post(post=thread.posts.get(floor=3), editor=alice, body="改好的第三樓")
    assert "改好的第三樓" in alice_client.get(thread.get_absolute_url()).content.decode()
