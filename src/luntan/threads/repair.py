"""Repair paths for every denormalised counter, recomputed from the posts themselves.

The formulas that say what a last post is (`last_visible_post`, `member_last_post_at`, and
`boards.repair.refresh_board_last_post` for boards) are shared with the write path in
`posting.services`, so a recount
after any sequence of writes finds nothing to change. Each `recount_*` returns what it changed,
as `field: old → new` lines, for `manage.py recount_forum` to print.
"""

from datetime import datetime

from django.db import models, transaction
from django.db.models import Count, Max, Q
from django.utils import timezone

from luntan.accounts.models import User

from .models import Post, Thread


def last_visible_post(thread_id: int) -> Post | None:
    """The thread's newest post still shown (through the (thread, floor) index)."""
    return (
        Post.objects.filter(thread_id=thread_id, is_deleted=False)
        .order_by("-floor")
        .only("created_at", "author_name")
        .first()
    )


def member_last_post_at(user_id: int) -> datetime | None:
    """When the member last posted, counting only posts still shown in threads still shown."""
    posts = Post.objects.filter(author_id=user_id, is_deleted=False, thread__is_deleted=False)
    return posts.aggregate(last=Max("created_at"))["last"]


def thread_last_post(thread: Thread) -> dict:
    """The thread's last-post fields as its newest shown post gives them (the first post's
    author and time when every reply is gone), listed where a moderator's 提升/下沉 put it."""
    last = last_visible_post(thread.pk)
    return {
        "last_post_at": listed_time(thread, last),
        "last_poster_name": last.author_name if last else thread.author_name,
    }


def listed_time(thread: Thread, last_visible: Post | None) -> datetime:
    """The time a thread is listed under: its last visible post's, unless a moderator's 提升/下沉
    came after that post."""
    posted = last_visible.created_at if last_visible else thread.created_at
    moved = thread.listed_by_moderator_at
    if moved is not None and thread.listed_at is not None and posted <= moved:
        return thread.listed_at
    return posted


def write_changes(model: type[models.Model], pk: int, wanted: dict) -> list[str]:
    """Write the fields of `wanted` that differ from the row (locked); what changed."""
    current = model.objects.select_for_update().filter(pk=pk).values(*wanted).first()
    if current is None:
        return []
    changed = {name: value for name, value in wanted.items() if current[name] != value}
    if changed:
        model.objects.filter(pk=pk).update(**changed)
    return [describe_change(name, current[name], value) for name, value in changed.items()]


def describe_change(name: str, old, new) -> str:
    """`field: old → new`, times in the site's zone, for the recount commands' reports."""
    return f"{name}: {_shown(old)} → {_shown(new)}"


def _shown(value) -> str:
    if isinstance(value, datetime):
        return timezone.localtime(value).isoformat(sep=" ", timespec="microseconds")
    return repr(value)


def recount_thread(thread: Thread) -> list[str]:
    """A shown thread's floors, replies and last post. Deleted threads keep what they had when
    deleted (a restore recounts them)."""
    if thread.is_deleted:
        return []
    with transaction.atomic():
        thread = Thread.objects.select_for_update().get(pk=thread.pk)
        stats = Post.objects.filter(thread=thread).aggregate(
            last_floor=Max("floor"),
            visible=Count("pk", filter=Q(is_deleted=False)),
        )
        return write_changes(
            Thread,
            thread.pk,
            {
                # Floors are never handed out twice: a 分割 that took the highest floors away
                # leaves the counter where it was.
                "last_floor": max(stats["last_floor"] or 0, thread.last_floor),
                "reply_count": max((stats["visible"] or 0) - 1, 0),
                **thread_last_post(thread),
            },
        )


def recount_member(user: User) -> list[str]:
    with transaction.atomic():
        posts = Post.objects.filter(author=user, is_deleted=False, thread__is_deleted=False)
        return write_changes(
            User,
            user.pk,
            {
                "post_count": posts.count(),
                "thread_count": Thread.objects.visible().filter(author=user).count(),
                "last_post_at": member_last_post_at(user.pk),
            },
        )
