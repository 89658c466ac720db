from collections.abc import Iterable
from functools import lru_cache

from django.core.cache import cache
from django.db import models, transaction
from django.db.models import Q

from luntan.core.iplocation import ip_location
from luntan.core.markup import excerpt


class ThreadQuerySet(models.QuerySet):
    def visible(self) -> "ThreadQuerySet":
        return self.filter(is_deleted=False)

    def in_board(self, board) -> "ThreadQuerySet":
        return self.filter(board=board)

    def visible_to(self, perms, boards=None) -> "ThreadQuerySet":
        """Threads the reader may open: not deleted, in a board they may read, at or below their
        read level. Every list, feed, sitemap and search result starts from here. `boards`
        narrows the search to those boards (default: every board)."""
        if boards is None:
            # The board model through the foreign key: threads sit below boards (see
            # docs/architecture.md) and do not import them.
            boards = self.model._meta.get_field("board").related_model.objects.only(
                "pk", "read_level"
            )
        return self.visible().filter(perms.readable_threads(boards))

    def count_readable_in(self, board, perms) -> int:
        """How many of the board's threads the reader's list holds, without counting them all:
        the board's counter less the threads above the reader's read level (usually none, found
        through the (board, read_level) index)."""
        if not perms.can_read_board(board):
            return 0
        if perms.sees_every_thread_in(board.pk):
            return board.thread_count
        above = self.visible().in_board(board).filter(read_level__gt=perms.read_access)
        return board.thread_count - above.count()

    def stuck_elsewhere(self, board) -> "ThreadQuerySet":
        """Other boards' threads stuck where this board's list shows them: 全局置顶 anywhere,
        分区置顶 in the board's group."""
        return (
            self.filter(sticky__gte=2)  # through the (sticky, last_post_at) index
            .exclude(board=board)
            .filter(Q(sticky=3) | Q(board__group_id=board.group_id))
            .for_listing()
        )

    def for_listing(self, *, order: str = "last_post") -> "ThreadQuerySet":
        """Sticky threads first, then by last reply (default) or by creation time."""
        newest = "-created_at" if order == "created" else "-last_post_at"
        return self.select_related("thread_type").order_by("-sticky", newest, "-pk")


class PostQuerySet(models.QuerySet):
    def in_floor_range(self, thread, first: int, last: int) -> "PostQuerySet":
        """Posts of one page located through the (thread, floor) index, never by OFFSET."""
        return self.filter(thread=thread, floor__gte=first, floor__lte=last)

    def replied_by(self, thread_id: int, user_id: int) -> bool:
        """Whether the member has a live post in the thread (what a plain [hide] asks)."""
        return self.filter(thread_id=thread_id, author_id=user_id, is_deleted=False).exists()

    def with_authors(self) -> "PostQuerySet":
        return self.select_related("author")


SUMMARY_LENGTH = 120
# Pages past the first would re-read the first post on every view; its summary is kept this
# long (every view of page 1, which holds the post anyway, refreshes it), and an edit of the
# first post forgets it.
SUMMARY_CACHE_SECONDS = 3600


def _summary_key(thread_id: int) -> str:
    return f"threads:summary:{thread_id}"


def thread_summary(thread, loaded_posts: Iterable = ()) -> str:
    """Plain-text excerpt of the thread's first post, for meta description and og:description.

    A deleted first post gives the title instead, so removed text never reaches a crawler.
    """
    from .models import Post

    key = _summary_key(thread.pk)
    first = next((post for post in loaded_posts if post.floor == 1), None)
    if first is None:
        if (cached := cache.get(key)) is not None:
            return cached
        first = Post.objects.filter(thread=thread, floor=1).only("body", "is_deleted").first()
    summary = _summary_of(thread.title, None if first is None or first.is_deleted else first.body)
    cache.set(key, summary, SUMMARY_CACHE_SECONDS)  # for the other pages, which lack the post
    return summary


# A popular thread's first page is rendered again and again with the same first post.
@lru_cache(maxsize=256)
def _summary_of(title: str, body: str | None) -> str:
    return (excerpt(body, SUMMARY_LENGTH) if body is not None else "") or title


def forget_thread_summary_on_commit(thread_id: int) -> None:
    """The first post or the title changed: the summary is read afresh once that commits."""
    transaction.on_commit(lambda: cache.delete(_summary_key(thread_id)))


def member_location(user) -> str:
    """A member's IP属地: that of the address their latest post was written from."""
    from .models import Post

    latest = (
        Post.objects.filter(author=user, is_deleted=False)
        .order_by("-created_at")
        .values_list("author_ip", flat=True)
        .first()
    )
    return ip_location(latest)
