"""Repair paths for every denormalised counter, recomputed from the posts themselves."""

from django.db import transaction
from django.db.models import Count, Max, Q

from luntan.accounts.models import User
from luntan.boards.models import Board

from .models import Post, Thread


def _newest_visible_thread(board_id: int, *, lock: bool = False) -> Thread | None:
    threads = Thread.objects.visible().filter(board_id=board_id).order_by("-last_post_at", "-pk")
    if lock:
        threads = threads.select_for_update()
    return threads.only("pk", "last_post_at", "last_poster_name").first()


def _point_board_at(board_id: int, last: Thread | None, **only_if) -> None:
    Board.objects.filter(pk=board_id, **only_if).update(
        last_thread=last,
        last_post_at=last.last_post_at if last else None,
        last_poster_name=last.last_poster_name if last else "",
    )


def refresh_board_last_post(board_id: int) -> None:
    _point_board_at(board_id, _newest_visible_thread(board_id))


def repoint_board_after_deletion(board_id: int, deleted_thread_id: int) -> None:
    """After a thread's deletion has committed: if the board's last post was in it, the newest
    remaining thread's takes its place. Its own transaction, locking that thread before the
    board — the order replies take them in; done inside the deletion, which holds the board,
    it deadlocked with replies to that thread. A reply that lands first already moved the
    board's last post, so the board is only changed while it still points at the deleted one."""
    with transaction.atomic():
        _point_board_at(
            board_id,
            _newest_visible_thread(board_id, lock=True),
            last_thread_id=deleted_thread_id,
        )


def recount_thread(thread: Thread) -> None:
    with transaction.atomic():
        stats = Post.objects.filter(thread=thread).aggregate(
            last_floor=Max("floor"),
            visible=Count("pk", filter=Q(is_deleted=False)),
        )
        last_visible = (
            Post.objects.filter(thread=thread, is_deleted=False).order_by("-floor").first()
        )
        Thread.objects.filter(pk=thread.pk).update(
            last_floor=stats["last_floor"] or 0,
            reply_count=max((stats["visible"] or 0) - 1, 0),
            last_post_at=last_visible.created_at if last_visible else thread.created_at,
            last_poster_name=last_visible.author_name if last_visible else thread.author_name,
        )


def recount_board(board: Board) -> None:
    with transaction.atomic():
        threads = Thread.objects.visible().filter(board=board)
        Board.objects.filter(pk=board.pk).update(
            thread_count=threads.count(),
            post_count=Post.objects.filter(
                thread__board=board, thread__is_deleted=False, is_deleted=False
            ).count(),
        )
        refresh_board_last_post(board.pk)


def recount_member(user: User) -> None:
    posts = Post.objects.filter(author=user, is_deleted=False, thread__is_deleted=False)
    User.objects.filter(pk=user.pk).update(
        post_count=posts.count(),
        thread_count=Thread.objects.visible().filter(author=user).count(),
        last_post_at=posts.aggregate(last=Max("created_at"))["last"],
    )
