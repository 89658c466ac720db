"""RSS feeds: valid RSS 2.0, newest first, only what the reader may read, in their script."""

import feedparser
import pytest
from django.urls import reverse

from luntan.boards.models import Board
from luntan.conftest import make_thread
from luntan.permissions.tests.defaults import hide_from_all_but_staff
from luntan.posting.services import edit_post, start_thread


def parsed(response):
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/rss+xml")
    feed = feedparser.parse(response.content)
    assert not feed.bozo, feed.get("bozo_exception")
    assert feed.version == "rss20"
    return feed


@pytest.fixture
def second_board(board) -> Board:
    return Board.objects.create(group=board.group, name="二手交易", description="買賣閒置")


def test_site_feed_lists_the_newest_threads_of_every_board(
    client, demo_site, board, second_board, alice
):
    make_thread(board, alice, title="霍林河停水通知")
    sofa = make_thread(second_board, alice, title="出售二手沙發")
    feed = parsed(client.get(reverse("feed")))
    assert feed.feed.title == "霍林河信息港"
    assert [entry.title for entry in feed.entries] == ["出售二手沙發", "霍林河停水通知"]
    newest = feed.entries[0]
    assert newest.link == f"http://testserver{sofa.get_absolute_url()}"
    assert newest.summary == "第一樓的內容"
    assert newest.tags[0].term == "二手交易"


def test_board_feed_lists_only_that_boards_threads(client, demo_site, board, second_board, alice):
    make_thread(board, alice, title="霍林河停水通知")
    make_thread(second_board, alice, title="出售二手沙發")
    feed = parsed(client.get(reverse("board-feed", args=[second_board.pk])))
    assert [entry.title for entry in feed.entries] == ["出售二手沙發"]
    assert feed.feed.title.startswith("二手交易")


def test_a_hidden_board_has_no_feed_and_stays_out_of_the_site_feed(
    client, demo_site, board, second_board, alice, root
):
    make_thread(second_board, alice, title="版主內部討論")
    make_thread(board, alice, title="公開的主題")
    hide_from_all_but_staff(second_board)
    assert client.get(reverse("board-feed", args=[second_board.pk])).status_code == 404
    assert [e.title for e in parsed(client.get(reverse("feed"))).entries] == ["公開的主題"]
    client.force_login(root)
    staff_feed = parsed(client.get(reverse("board-feed", args=[second_board.pk])))
    assert [e.title for e in staff_feed.entries] == ["版主內部討論"]


def test_a_thread_above_the_readers_read_level_is_left_out(client, demo_site, board, alice):
    secret = make_thread(board, alice, title="高級會員專區")
    make_thread(board, alice, title="人人可讀")
    secret.read_level = 200
    secret.save(update_fields=["read_level"])
    titles = [e.title for e in parsed(client.get(reverse("board-feed", args=[board.pk]))).entries]
    assert titles == ["人人可讀"]


def test_feed_follows_the_readers_script(client, demo_site, board, alice):
    start_thread(board=board, author=alice, title="霍林郭勒市区停水", body="明天全天停水")
    client.get(reverse("switch-language", args=["zh-hant"]))
    feed = parsed(client.get(reverse("feed")))
    assert feed.entries[0].title == "霍林郭勒市區停水"
    assert feed.entries[0].summary == "明天全天停水"


def test_an_edit_reaches_the_cached_feed(
    client, demo_site, board, alice, settings, django_capture_on_commit_callbacks
):
    settings.LUNTAN_PAGE_CACHE_SECONDS = 300
    thread = make_thread(board, alice, title="聯繫電話")
    assert parsed(client.get(reverse("board-feed", args=[board.pk]))).entries[0].summary == (
        "第一樓的內容"
    )
    first = thread.posts.get(floor=1)
    with django_capture_on_commit_callbacks(execute=True):
        edit_post(post=first, editor=alice, title="聯繫電話", body="電話已刪除")
    assert parsed(client.get(reverse("board-feed", args=[board.pk]))).entries[0].summary == (
        "電話已刪除"
    )


@pytest.mark.parametrize("board_id", [0, 999999])
def test_an_unknown_board_feed_is_the_sites_404(client, demo_site, board_id):
    response = client.get(reverse("board-feed", args=[board_id]))
    assert response.status_code == 404
    assert "霍林河信息港" in response.content.decode()


def test_pages_announce_their_feeds(client, demo_site, board):
    html = client.get(reverse("board", args=[board.pk])).content.decode()
    assert f'type="application/rss+xml" title="霍林河信息港" href="{reverse("feed")}"' in html
    assert f'href="{reverse("board-feed", args=[board.pk])}"' in html
