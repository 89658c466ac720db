from django.db import models
from django.db.models import Q

from luntan.boards.models import Board


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
            boards = Board.objects.only("pk", "read_level")
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

    def with_authors(self) -> "PostQuerySet":
        return self.select_related("author")
