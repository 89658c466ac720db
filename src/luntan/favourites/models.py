from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class Favourite(models.Model):
    """收藏: a thread or a board a member keeps to come back to."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, related_name="favourites", on_delete=models.CASCADE
    )
    thread = models.ForeignKey(
        "threads.Thread", null=True, blank=True, related_name="+", on_delete=models.CASCADE
    )
    board = models.ForeignKey(
        "boards.Board", null=True, blank=True, related_name="+", on_delete=models.CASCADE
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("收藏")
        verbose_name_plural = _("收藏")
        constraints = [
            models.CheckConstraint(
                condition=Q(thread__isnull=False, board__isnull=True)
                | Q(thread__isnull=True, board__isnull=False),
                name="favourite_one_target",
            ),
            # Rows of the other kind hold NULL here, and NULLs never collide: every database
            # (MariaDB has no partial unique index) keeps each thread and board once per member.
            models.UniqueConstraint(fields=["user", "thread"], name="favourite_thread_once"),
            models.UniqueConstraint(fields=["user", "board"], name="favourite_board_once"),
        ]
        indexes = [models.Index(fields=["user", "-created_at"], name="favourite_recent")]

    def __str__(self) -> str:
        return f"{self.user_id} ★ {self.thread_id or self.board_id}"
