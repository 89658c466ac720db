"""Repair paths for every denormalised counter, recomputed from the posts themselves."""

from datetime import datetime

from django.db import transaction
from django.db.models import Count, Max, Q

from luntan.accounts.models import User
from luntan.boards.models import Board

from .models import Post, Thread


def refresh_board_last_post(board_id: int) -> None:
    last = (
        Thread.objects.visible()
        .filter(board_id=board_id)
        .order_by("-last_post_at", "-pk")
        .only("pk", "last_post_at", "last_poster_name")
        .first()
    )
    Board.objects.filter(pk=board_id).update(
        last_thread=last,
        last_post_at=last.last_post_at if last else None,
        last_poster_name=last.last_poster_name if last else "",
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
            last_post_at=listed_time(thread, last_visible),
            last_poster_name=last_visible.author_name if last_visible else thread.author_name,
        )


def listed_time(thread: Thread, last_visible: Post | None) -> datetime:
    """The time a thread is listed under: its last visible post's, unless a moderator's 提升/下沉
    came after that post."""
    posted = last_visible.created_at if last_visible else thread.created_at
    moved = thread.listed_by_moderator_at
    if moved is not None and thread.listed_at is not None and posted <= moved:
        return thread.listed_at
    return posted


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
