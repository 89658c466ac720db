"""Relevance ranks a query's newest matches, found newest first in batches: on PostgreSQL by
walking the newest entries, then (when they were sparse) through the full-text index; on
SQLite in FTS5's own newest-first order; on MariaDB through FULLTEXT. The sizes are made small
here so that every step runs; each way must give the same posts."""

import pytest
from django.db import connection

from luntan.boards.models import Board
from luntan.search import backends, querysets
from luntan.search.analysis import parse_query

from .helpers import floor_url, found, new_thread, reply, search

pytestmark = pytest.mark.django_db(transaction=True)

MATCHING_FLOORS = (1, 2, 5, 9, 10, 12)


@pytest.fixture(autouse=True)
def _fulltext_on_mariadb(monkeypatch):
    """MariaDB reads a small index whole (`innodb_window`); here its FULLTEXT path is tested."""
    monkeypatch.setattr(querysets, "innodb_window", lambda *args, **kwargs: None)


@pytest.fixture
def thread_posts(board, alice):
    thread = new_thread(board, alice, "通知", "停水")
    posts = [thread.posts.get(floor=1)]
    for floor in range(2, 13):
        posts.append(reply(thread, alice, "明天停水" if floor in MATCHING_FLOORS else "天氣晴"))
    return posts


@pytest.fixture
def three_results(monkeypatch):
    monkeypatch.setattr(querysets, "MAX_RESULTS", 3)


@pytest.mark.parametrize("walk_cost", [1000, 0], ids=["then-the-index", "walking-on"])
def test_the_newest_matches_are_found_past_a_sparse_first_walk(
    client, thread_posts, three_results, monkeypatch, walk_cost
):
    monkeypatch.setitem(backends.FIRST_WALK, "words", 2)
    monkeypatch.setitem(backends.WALK_COST, "words", walk_cost)
    newest_first = [floor_url(thread_posts[floor - 1]) for floor in reversed(MATCHING_FLOORS)]
    assert found(client, "停水") == newest_first[:3]
    assert found(client, "停水", order="time") == newest_first[:3]


def test_a_title_search_walks_titles_and_finds_an_old_one(client, board, alice, monkeypatch):
    monkeypatch.setitem(backends.FIRST_WALK, "title", 2)
    old = new_thread(board, alice, "霍林郭勒停水", "明天")
    for n in range(5):
        new_thread(board, alice, f"天氣 {n}", "晴")
    assert found(client, "霍林郭勒", mode="title") == [floor_url(old.posts.get(floor=1))]


def test_a_board_filter_looks_past_newer_matches_in_other_boards(
    client, board, alice, three_results
):
    other = Board.objects.create(group=board.group, name="二手市场")
    wanted = [new_thread(other, alice, "通知", f"第{n}次停水") for n in range(2)]
    for n in range(6):
        new_thread(board, alice, "通知", f"又停水了 {n}")
    assert found(client, "停水", board=other.pk) == [
        floor_url(thread.posts.get(floor=1)) for thread in reversed(wanted)
    ]


def test_a_filter_that_keeps_too_few_of_the_newest_matches_says_so(
    client, board, alice, monkeypatch
):
    monkeypatch.setattr(querysets, "MAX_RESULTS", 1)
    monkeypatch.setattr(backends, "MAX_BATCH", 2)
    monkeypatch.setattr(backends, "MAX_CANDIDATES", 4)
    other = Board.objects.create(group=board.group, name="二手市场")
    old = new_thread(other, alice, "通知", "停水")
    for n in range(6):
        new_thread(board, alice, "通知", f"又停水了 {n}")
    page = search(client, "停水", board=other.pk).content.decode()
    assert "只在含有它们的最新 4 个帖子里" in page
    assert found(client, "停水", board=other.pk) == []
    monkeypatch.setattr(backends, "MAX_CANDIDATES", 8)
    assert found(client, "停水", board=other.pk) == [floor_url(old.posts.get(floor=1))]


@pytest.mark.parametrize("walk_cost", [1000, 0], ids=["then-the-index", "walking-on"])
def test_common_words_the_newest_posts_lack_are_found_further_back(
    client, thread_posts, three_results, monkeypatch, walk_cost
):
    monkeypatch.setitem(backends.FIRST_WALK, "words", 2)
    monkeypatch.setitem(backends.WALK_COST, "words", walk_cost)
    for n in range(4):
        reply(thread_posts[0].thread, thread_posts[0].author, f"天氣晴 {n}")
    newest_first = [floor_url(thread_posts[floor - 1]) for floor in reversed(MATCHING_FLOORS)]
    assert found(client, "停水") == newest_first[:3]


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's GIN count")
def test_the_gin_index_counts_a_querys_matches(thread_posts):
    with backends.planned_per_query("default"):
        count = backends._match_count(parse_query("停水"), "words", connection)
    assert count == len(MATCHING_FLOORS)
