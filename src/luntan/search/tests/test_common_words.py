"""MariaDB: a query whose words are everywhere reads the newest entries instead of every
FULLTEXT match, with the same results while they fit, and says so when they do not. (The sizes
are made small here; on the other databases these tests check the same results.)"""

import pytest
from django.db import connection

from luntan.search import backends

from .helpers import floor_url, found, new_thread, reply, search

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def forum(board, alice):
    thread = new_thread(board, alice, "停水通知", "全市停水")
    posts = [thread.posts.get(floor=1)]
    posts += [
        reply(thread, alice, f"第{n}楼 停水了" + (" 扎鲁特旗" if n == 3 else "")) for n in range(8)
    ]
    connection.cursor().execute(
        "ANALYZE TABLE search_searchentry" if connection.vendor == "mysql" else "SELECT 1"
    )
    return posts


@pytest.fixture
def small_sizes(monkeypatch):
    monkeypatch.setattr(backends, "SAMPLE_ENTRIES", 3)
    monkeypatch.setattr(backends, "FULLTEXT_BUDGET", 2)
    monkeypatch.setattr(backends, "FULLTEXT_MAX", 2)


@pytest.mark.parametrize("budget", [2, 5000], ids=["window", "fulltext"])
def test_a_common_word_finds_the_newest_posts_like_every_database(
    client, forum, small_sizes, monkeypatch, budget
):
    monkeypatch.setattr(backends, "FULLTEXT_BUDGET", budget)
    newest_first = [floor_url(p) for p in reversed(forum)]
    assert found(client, "停水", order="time") == newest_first
    assert sorted(found(client, "停水")) == sorted(newest_first)
    # A rare word among common ones: FULLTEXT or the window, the same post.
    assert found(client, "停水 扎鲁特旗") == [floor_url(forum[4])]


def test_a_window_too_small_for_every_match_says_so(client, forum, small_sizes, monkeypatch):
    monkeypatch.setattr(backends, "MAX_WINDOW", 4)
    page = search(client, "停水", order="time").content.decode()
    if connection.vendor != "mysql":
        assert "只搜索了最新的" not in page
        return
    assert "只搜索了最新的 4 个帖子" in page
    assert found(client, "停水", order="time") == [floor_url(p) for p in reversed(forum)][:4]
