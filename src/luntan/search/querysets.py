"""The search page's query: parsed words → entries the reader may read, one page of them."""

import math
from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.db.models import Q
from django.utils import timezone

from luntan.accounts.models import User
from luntan.boards.models import Board

from .analysis import Query
from .backends import (
    Relevance,
    Window,
    innodb_window,
    newest_matches,
    planned_per_query,
)
from .models import SearchEntry

# Counting stops here: a page says "1000+" rather than count a million hits.
MAX_RESULTS = 1000
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

    @property
    def page_count(self) -> int:
        return max(1, math.ceil(min(self.count, MAX_RESULTS) / PER_PAGE))

    @property
    def more(self) -> bool:
        return self.count > MAX_RESULTS


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


def matching_entries(search: SearchRequest, perms, window: Window | None = None):
    """`readable_entries` that match the request, unordered; within `window` when given (see
    `backends.innodb_window`)."""
    entries = readable_entries(search, perms)
    if search.mode == "author":
        return entries.filter(post__author=search.author)
    if window is not None:
        return entries.filter(
            post_id__gte=window.first_post_id, **{f"{_column(search)}__tokens_scan": search.query}
        )
    return entries.filter(**{f"{_column(search)}__fulltext": search.query})


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


def _by_relevance(
    search: SearchRequest, perms, page: int, window: Window | None
) -> tuple[list[int], int]:
    """The page's entry ids by relevance, and how many match (at most MAX_RESULTS + 1).

    Only the newest MAX_RESULTS + 1 matches are ranked: a one-character query can match most of
    the forum, and scoring all of it would make every such search a scan. Among those the
    best come first; past them the reader narrows the query or sorts by time."""
    candidates = _newest(search, perms, MAX_RESULTS + 1, window)
    ranked = sorted(candidates[:MAX_RESULTS], key=lambda c: (-c[1], -c[0]))
    start = (page - 1) * PER_PAGE
    return [pk for pk, _score in ranked[start : start + PER_PAGE]], len(candidates)


def _newest(
    search: SearchRequest, perms, limit: int, window: Window | None
) -> list[tuple[int, int]]:
    """The newest `limit` matching entries by post id, with their `Relevance`
    (`backends.newest_matches`; in MariaDB's window, range by range)."""
    column = _column(search)

    def scored(entries, count: int = limit) -> list[tuple[int, int]]:
        entries = entries.annotate(score=Relevance(search.query, column)).order_by("-post_id")
        return list(entries.values_list("post_id", "score")[:count])

    if window is None:
        readable = readable_entries(search, perms)
        return newest_matches(
            search.query,
            column,
            limit,
            settings.LUNTAN_SEARCH_DATABASE,
            lambda ids: scored(readable.filter(post_id__in=ids)),
        )
    found: list[tuple[int, int]] = []
    for lower, upper in window.ranges():
        entries = matching_entries(search, perms, window)
        found += scored(entries.filter(post_id__gte=lower, post_id__lt=upper), limit - len(found))
        if len(found) >= limit:
            break
    return found


def _by_time(entries, page: int) -> tuple[list[int], int]:
    count = entries[: MAX_RESULTS + 1].count()
    start = (page - 1) * PER_PAGE
    if start >= min(count, MAX_RESULTS):
        return [], count
    newest = entries.order_by("-post__created_at", "-post_id").values_list("post_id", flat=True)
    return list(newest[start : start + PER_PAGE]), count


def result_page(search: SearchRequest, perms, page: int) -> ResultPage:
    window = None
    if search.mode != "author":
        window = innodb_window(
            search.query, _column(search), MAX_RESULTS + 1, settings.LUNTAN_SEARCH_DATABASE
        )
    with planned_per_query(settings.LUNTAN_SEARCH_DATABASE):
        if search.mode != "author" and search.order == "relevance":
            ids, count = _by_relevance(search, perms, page, window)
        else:
            ids, count = _by_time(matching_entries(search, perms, window), page)
    rows = (
        SearchEntry.objects.using(settings.LUNTAN_SEARCH_DATABASE)
        .select_related("post", "thread", "thread__board", "thread__thread_type")
        .in_bulk(ids)
    )
    return ResultPage(
        entries=[rows[pk] for pk in ids if pk in rows],
        count=count,
        page=page,
        searched_newest=window.entries if window is not None and window.partial else None,
    )
