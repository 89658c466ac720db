import gzip
import re

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from luntan.conftest import login, make_thread, make_user
from luntan.posting.services import delete_post, edit_post, reply_to_thread
from luntan.threads.view_counter import pending_views


@pytest.fixture
def page_cache(settings):
    settings.LUNTAN_PAGE_CACHE_SECONDS = 300
    settings.LUNTAN_PAGE_MAX_AGE = 10


@pytest.fixture
def reader_client(db) -> Client:
    """A member who joined before everyone else, so no page shows their name unless it is
    rendered for them."""
    return login(Client(), make_user("zhangsan"))


@pytest.fixture
def thread(db, board, alice):
    return make_thread(board, alice, replies=3)


def pages_of(thread) -> list[str]:
    return ["/", thread.board.get_absolute_url(), thread.get_absolute_url()]


def test_a_second_anonymous_visit_is_served_from_the_cache_without_the_database(
    client, page_cache, thread
):
    for url in pages_of(thread):
        first = client.get(url)
        with CaptureQueriesContext(connection) as queries:
            second = client.get(url)
        assert second.status_code == 200
        assert second.content == first.content
        assert len(queries) == 0, url


def test_a_thread_page_served_from_the_cache_still_counts_the_view(client, page_cache, thread):
    for _ in range(3):
        client.get(thread.get_absolute_url())
    assert pending_views([thread.pk])[thread.pk] == 3


def test_a_reply_shows_at_once_on_the_cached_thread_board_and_index_pages(
    client, page_cache, thread, bob, django_capture_on_commit_callbacks
):
    for url in pages_of(thread):
        client.get(url)
    with django_capture_on_commit_callbacks(execute=True):
        reply_to_thread(thread=thread, author=bob, body="剛剛發的回覆")
    assert "剛剛發的回覆" in client.get(thread.get_absolute_url()).content.decode()
    assert "bob" in client.get(thread.board.get_absolute_url()).content.decode()
    assert "bob" in client.get("/").content.decode()


def test_an_edit_and_a_deletion_show_at_once_on_the_cached_thread_page(
    client, page_cache, thread, alice, django_capture_on_commit_callbacks
):
    second = thread.posts.get(floor=2)
    client.get(thread.get_absolute_url())
    with django_capture_on_commit_callbacks(execute=True):
        edit_post(post=second, editor=alice, body="改過的第二樓")
    assert "改過的第二樓" in client.get(thread.get_absolute_url()).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        delete_post(post=second, actor=alice)
    html = client.get(thread.get_absolute_url()).content.decode()
    assert "改過的第二樓" not in html and "該帖已被刪除" in html


def test_a_members_page_never_reaches_the_anonymous_cache(
    client, page_cache, reader_client, thread
):
    for url in pages_of(thread):
        member_html = reader_client.get(url).content.decode()
        assert "zhangsan" in member_html and "csrfmiddlewaretoken" in member_html
        for _ in range(2):  # the second answer comes from the cache
            html = client.get(url).content.decode()
            assert "zhangsan" not in html, url
            assert "csrfmiddlewaretoken" not in html and "logout" not in html, url
            assert 'class="login"' in html


def test_a_member_is_never_served_the_anonymous_copy(client, page_cache, reader_client, thread):
    client.get(thread.get_absolute_url())
    response = reader_client.get(thread.get_absolute_url())
    assert 'class="me"' in response.content.decode()
    assert "private" in response["Cache-Control"]
    assert "public" not in response["Cache-Control"]


def test_anonymous_pages_carry_public_cache_headers_and_answer_304_while_counting(
    client, page_cache, thread
):
    first = client.get(thread.get_absolute_url())
    assert "public" in first["Cache-Control"] and "max-age=10" in first["Cache-Control"]
    assert first["ETag"] and first["Last-Modified"]
    assert "Cookie" in first["Vary"]
    again = client.get(thread.get_absolute_url(), HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 304 and again.content == b""
    since = client.get(thread.get_absolute_url(), HTTP_IF_MODIFIED_SINCE=first["Last-Modified"])
    assert since.status_code == 304
    assert pending_views([thread.pk])[thread.pk] == 3


def test_conditional_requests_work_without_the_server_side_cache(client, settings, thread):
    settings.LUNTAN_PAGE_CACHE_SECONDS = 0
    board_url = thread.board.get_absolute_url()
    first = client.get(board_url)
    assert "public" in first["Cache-Control"]
    again = client.get(board_url, HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 304


def test_each_page_and_script_has_its_own_cached_copy(client, page_cache, board, alice, settings):
    settings.LUNTAN_POSTS_PER_PAGE = 2
    thread = make_thread(board, alice, replies=3)
    page_two = client.get(thread.get_absolute_url() + "?page=2").content.decode()
    assert re.findall(r'id="floor-(\d+)"', page_two) == ["3", "4"]
    assert "測試主題" in client.get(thread.get_absolute_url()).content.decode()
    client.cookies["django_language"] = "zh-hans"
    assert "测试主题" in client.get(thread.get_absolute_url()).content.decode()


def test_unknown_query_parameters_are_rendered_not_cached(client, page_cache, thread):
    url = thread.get_absolute_url() + "?utm_source=qq"
    client.get(url)
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    assert len(queries) > 0


def test_the_language_switch_is_a_plain_link_that_sets_the_cookie(client, thread):
    html = client.get(thread.get_absolute_url()).content.decode()
    assert "csrfmiddlewaretoken" not in html
    link = re.search(r'<a class="lang-switch"[^>]*href="([^"]+)"', html).group(1)
    response = client.get(link.replace("&amp;", "&"))
    assert response.status_code == 302 and response["Location"] == thread.get_absolute_url()
    assert "只看该作者" in client.get(thread.get_absolute_url()).content.decode()


def test_the_language_switch_never_redirects_to_another_site(client, db):
    url = reverse("switch-language", args=["zh-hans"]) + "?next=https://evil.example/"
    assert client.get(url)["Location"] == "/"
    assert client.get(reverse("switch-language", args=["fr"])).status_code == 404


def test_a_reader_coming_from_a_later_board_page_gets_a_matching_back_link(
    client, page_cache, thread
):
    board_url = thread.board.get_absolute_url()
    client.get(thread.get_absolute_url())
    html = client.get(
        thread.get_absolute_url(), HTTP_REFERER=f"http://testserver{board_url}?page=2"
    ).content.decode()
    assert f'href="{board_url}?page=2" class="back-to-list"' in html


def test_a_cached_page_goes_out_gzipped_to_browsers_that_accept_it(client, page_cache, thread):
    plain = client.get(thread.get_absolute_url()).content
    zipped = client.get(thread.get_absolute_url(), HTTP_ACCEPT_ENCODING="gzip, deflate, br")
    assert zipped["Content-Encoding"] == "gzip"
    assert int(zipped["Content-Length"]) == len(zipped.content) < len(plain)
    assert "Accept-Encoding" in zipped["Vary"]
    assert gzip.decompress(zipped.content) == plain
    again = client.get(thread.get_absolute_url())
    assert again.content == plain and "Content-Encoding" not in again
