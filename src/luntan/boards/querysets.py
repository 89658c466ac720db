"""Reads the index and board pages share."""

import math
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db.models import Count, Sum
from django.http import Http404
from django.utils import timezone

from luntan.accounts.models import User
from luntan.accounts.querysets import newest_member
from luntan.core.pagination import page_window
from luntan.permissions.policy import ForumPermissions
from luntan.threads.models import Post, Thread

from .models import Board, BoardGroup, ThreadType


def _start_of_today() -> datetime:
    return timezone.localtime().replace(hour=0, minute=0, second=0, microsecond=0)


def posts_per_board_since(start: datetime, end: datetime | None = None) -> dict[int, int]:
    posts = Post.objects.filter(created_at__gte=start, is_deleted=False)
    if end is not None:
        posts = posts.filter(created_at__lt=end)
    rows = posts.values("thread__board_id").annotate(n=Count("pk"))
    return {row["thread__board_id"]: row["n"] for row in rows}


def index_groups(perms) -> list[BoardGroup]:
    """Board groups with their visible top-level boards, each with `visible_children`,
    `today_posts` and `last_thread_shown` (its last thread, or None when the reader may not
    read that thread: the index never shows a title, poster or time of a post its reader
    could not open)."""
    today = posts_per_board_since(_start_of_today())
    boards = (
        Board.objects.filter(parent__isnull=True)
        .select_related("last_thread")
        .prefetch_related("children", "moderators")
        .order_by("position", "pk")
    )
    by_group: dict[int, list[Board]] = {}
    for board in boards:
        if not perms.can_view_board(board):
            continue
        board.visible_children = [c for c in board.children.all() if perms.can_view_board(c)]
        board.today_posts = today.get(board.pk, 0) + sum(
            today.get(child.pk, 0) for child in board.visible_children
        )
        last = board.last_thread
        readable = last is not None and perms.can_read_thread(last, board=board)
        board.last_thread_shown = last if readable else None
        by_group.setdefault(board.group_id, []).append(board)
    groups = list(BoardGroup.objects.filter(pk__in=by_group))
    for group in groups:
        group.visible_boards = by_group[group.pk]
    return groups


@dataclass
class ForumStats:
    today: int
    yesterday: int
    posts: int
    members: int
    newest_member: User | None


def forum_stats() -> ForumStats:
    start = _start_of_today()
    today = sum(posts_per_board_since(start).values())
    yesterday = sum(posts_per_board_since(start - timedelta(days=1), start).values())
    return ForumStats(
        today=today,
        yesterday=yesterday,
        posts=Board.objects.aggregate(total=Sum("post_count"))["total"] or 0,
        members=User.objects.filter(is_active=True).count(),
        newest_member=newest_member(),
    )


@dataclass
class ThreadListPage:
    threads: list[Thread]
    page: int
    page_count: int

    @property
    def page_numbers(self) -> list[int]:
        return page_window(self.page, self.page_count)


def board_thread_page(
    board: Board,
    perms: ForumPermissions,
    *,
    page: int,
    per_page: int,
    thread_type: ThreadType | None = None,
    order: str = "last_post",
    digest_only: bool = False,
) -> ThreadListPage:
    """Page `page` of the board's threads `perms` may read (optionally of one type), sticky first;
    the board page and the Archiver both list through here, so page N is the same in both.
    Page 1 of the whole list also starts with the 分区/全局置顶 threads of other boards.
    Raises Http404 past the last page."""
    threads = Thread.objects.visible_to(perms, boards=[board])
    if thread_type is not None or digest_only:
        if thread_type is not None:
            threads = threads.filter(thread_type=thread_type)
        if digest_only:
            threads = threads.filter(digest__gt=0)
        total = threads.count()
    else:
        total = Thread.objects.count_readable_in(board, perms)
    page_count = max(1, math.ceil(total / per_page))
    if not 1 <= page <= page_count:
        raise Http404
    start = (page - 1) * per_page
    rows = list(threads.for_listing(order=order)[start : start + per_page])
    if page == 1 and thread_type is None and not digest_only:
        rows = list(Thread.objects.visible_to(perms).stuck_elsewhere(board)) + rows
    return ThreadListPage(threads=rows, page=page, page_count=page_count)
