from django.db import models


class ThreadQuerySet(models.QuerySet):
    def visible(self) -> "ThreadQuerySet":
        return self.filter(is_deleted=False)

    def in_board(self, board) -> "ThreadQuerySet":
        return self.filter(board=board)

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
