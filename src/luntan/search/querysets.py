"""The search page's query: parsed words → entries the reader may read, one page of them."""

import math
from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.db.models import F, Q
from django.utils import timezone

from luntan.accounts.models import User
from luntan.boards.models import Board

from .analysis import Query
from .backends import (
    Newest,
    Relevance,
    Window,
    among,
    innodb_window,
    newest_matches,
    planned_per_query,
)
from .models import SearchEntry

# Counting stops here: a page says "500+" rather than count a million hits (Discuz!'s default
# 最大搜索结果数 is 500 too: 25 pages of 20).
MAX_RESULTS = 500
PER_PAGE = 20


@dataclass(frozen=True)
class SearchRequest:
    mode: str  # "title", "fulltext" or "author"
    query: Query | None  # for title and fulltext
    author: User | None  # for author
    board: Board | None = None
    thread_type_id: int | None = None
    days: int = 0  # how many days back; 0 for any time
    order: str = "relevance"  # or "time"


@dataclass
class ResultPage:
    entries: list[SearchEntry]
    count: int
    page: int
    # Set when only this many of the newest posts were searched (MariaDB, common words).
    searched_newest: int | None = None
    # Set when only this many of the newest posts holding the words were looked at (the
    # reader's board, type or time kept too few of them).
    looked_at: int | None = None

    @property
    def page_count(self) -> int:
        return max(1, math.ceil(min(self.count, MAX_RESULTS) / PER_PAGE))

    @property
    def more(self) -> bool:
        return self.count > MAX_RESULTS

    @property
    def at_most(self) -> int:
        return MAX_RESULTS


def _boards(board: Board | None):
    boards = Board.objects.only("pk", "read_level")
    if board is None:
        return boards
    return boards.filter(Q(pk=board.pk) | Q(parent_id=board.pk))


def readable_entries(search: SearchRequest, perms):
    """Entries of posts the reader may read (thread visible to them, post not deleted) within
    the request's board, thread type and time, whatever their words."""
    # Joined rather than `thread__in=visible_to(...)`: PostgreSQL would hash every visible
    # thread of the forum before looking at a single match.
    readable = Q(thread__is_deleted=False) & _through_thread(
        perms.readable_threads(_boards(search.board))
    )
    entries = SearchEntry.objects.using(settings.LUNTAN_SEARCH_DATABASE).filter(
        readable, post__is_deleted=False, post__is_hidden=False
    )
    if search.thread_type_id is not None:
        entries = entries.filter(thread__thread_type_id=search.thread_type_id)
    if search.days:
        entries = entries.filter(post__created_at__gte=timezone.now() - timedelta(search.days))
    return entries


def _through_thread(condition: Q) -> Q:
    """A condition on Thread rows (from the permissions policy), on entries through their thread."""
    rooted = Q()
    rooted.connector, rooted.negated = condition.connector, condition.negated
    rooted.children = [
        _through_thread(child) if isinstance(child, Q) else (f"thread__{child[0]}", child[1])
        for child in condition.children
    ]
    return rooted


def _column(search: SearchRequest) -> str:
    return "title" if search.mode == "title" else "words"


def _ranked(
    search: SearchRequest, perms, page: int, window: Window | None
) -> tuple[list[int], ResultPage]:
    """The ids of one page of the matches, and the page without its entries yet (how many
    there are: at most MAX_RESULTS + 1).

    Only the newest MAX_RESULTS + 1 matches (by post id: the order posts were written in) are
    ordered, by relevance or by time: a one-character query can match most of the forum, and
    ordering all of it would make every such search a scan. Past them the reader narrows the
    query."""
    newest = _newest(search, perms, MAX_RESULTS + 1, window)
    # (post id, relevance or time): newest ids first on a tie.
    candidates = sorted(newest.matches[:MAX_RESULTS], key=lambda c: (c[1], c[0]), reverse=True)
    start = (page - 1) * PER_PAGE
    return [pk for pk, _key in candidates[start : start + PER_PAGE]], ResultPage(
        entries=[],
        count=len(newest.matches),
        page=page,
        searched_newest=window.entries if window is not None and window.partial else None,
        looked_at=newest.looked_at,
    )


def _newest(search: SearchRequest, perms, limit: int, window: Window | None) -> Newest:
    """The newest `limit` matching entries by post id, as (post id, what the request orders by:
    its `Relevance` or its time) (`backends.newest_matches`; in MariaDB's window, range by
    range)."""
    column = _column(search)

    def keyed(entries, count: int = limit) -> list[tuple]:
        if search.order == "relevance":
            entries = entries.annotate(key=Relevance(search.query, column))
        else:
            entries = entries.annotate(key=F("post__created_at"))
        return list(entries.order_by("-post_id").values_list("post_id", "key")[:count])

    readable = readable_entries(search, perms)
    if window is None:
        using = settings.LUNTAN_SEARCH_DATABASE
        return newest_matches(
            search.query,
            column,
            limit,
            using,
            lambda ids: keyed(readable.filter(among(ids, using))),
        )
    newest = Newest([])
    for lower, upper in window.ranges():
        in_range = readable.filter(
            post_id__gte=lower, post_id__lt=upper, **{f"{column}__tokens_scan": search.query}
        )
        newest.matches += keyed(in_range, limit - len(newest.matches))
        if len(newest.matches) >= limit:
            break
    return newest


def _by_author(search: SearchRequest, perms, page: int) -> tuple[list[int], ResultPage]:
    """An author's posts, newest first (every one of them, through the author's own index):
    the ids of one page, and the page without its entries yet."""
    entries = readable_entries(search, perms).filter(post__author=search.author)
    count = entries[: MAX_RESULTS + 1].count()
    start = (page - 1) * PER_PAGE
    ids = []
    if start < min(count, MAX_RESULTS):
        newest = entries.order_by("-post__created_at", "-post_id")
        ids = list(newest.values_list("post_id", flat=True)[start : start + PER_PAGE])
    return ids, ResultPage(entries=[], count=count, page=page)


def result_page(search: SearchRequest, perms, page: int) -> ResultPage:
    window = None
    if search.mode != "author":
        window = innodb_window(
            search.query, _column(search), MAX_RESULTS + 1, settings.LUNTAN_SEARCH_DATABASE
        )
    with planned_per_query(settings.LUNTAN_SEARCH_DATABASE):
        if search.mode == "author":
            ids, result = _by_author(search, perms, page)
        else:
            ids, result = _ranked(search, perms, page, window)
    rows = (
        SearchEntry.objects.using(settings.LUNTAN_SEARCH_DATABASE)
        .select_related("post", "thread", "thread__board", "thread__thread_type")
        .in_bulk(ids)
    )
    result.entries = [rows[pk] for pk in ids if pk in rows]
    return result
