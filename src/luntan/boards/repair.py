"""Repair of the boards' counters and last post, recomputed from their threads; the write path
in `posting.services` uses the same `refresh_board_last_post`."""

from django.db import transaction

from luntan.threads.models import Post, Thread
from luntan.threads.repair import write_changes

from .models import Board


def refresh_board_last_post(board_id: int) -> None:
    Board.objects.filter(pk=board_id).update(**_board_last_post(board_id))


def _board_last_post(board_id: int) -> dict:
    last = (
        Thread.objects.visible()
        .filter(board_id=board_id)
        .order_by("-last_post_at", "-pk")
        .only("pk", "last_post_at", "last_poster_name")
        .first()
    )
    return {
        "last_thread_id": last.pk if last else None,
        "last_post_at": last.last_post_at if last else None,
        "last_poster_name": last.last_poster_name if last else "",
    }


def recount_board(board: Board) -> list[str]:
    with transaction.atomic():
        threads = Thread.objects.visible().filter(board=board)
        return write_changes(
            Board,
            board.pk,
            {
                "thread_count": threads.count(),
                "post_count": Post.objects.filter(
                    thread__board=board, thread__is_deleted=False, is_deleted=False
                ).count(),
                **_board_last_post(board.pk),
            },
        )
