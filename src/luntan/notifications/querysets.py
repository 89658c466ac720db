"""Reads about notifications that pages share."""

from django.core.cache import cache
from django.db import transaction
from django.http import HttpRequest
from django.template.loader import render_to_string

from .models import Notification

# Bounds how long a count can lag if a write's invalidation raced a reader's refill.
_COUNT_SECONDS = 300


def _count_key(user_id: int) -> str:
    return f"notices:unread:{user_id}"


def unread_count(user_id: int) -> int:
    """One cache read; on a miss, one count on the (recipient, is_read) index."""
    count = cache.get(_count_key(user_id))
    if count is None:
        count = Notification.objects.filter(recipient_id=user_id, is_read=False).count()
        cache.set(_count_key(user_id), count, _COUNT_SECONDS)
    return count


def forget_unread_counts(user_ids) -> None:
    """Drop the members' cached counts now and again after the commit: a reader refilling one
    in between would have counted the rows as they were before it."""
    keys = [_count_key(pk) for pk in user_ids]
    cache.delete_many(keys)
    transaction.on_commit(lambda: cache.delete_many(keys))


def notice_count_link(request: HttpRequest) -> str:
    """The header's 提醒 link with the reader's unread count (a per-reader hole)."""
    return render_to_string(
        "notifications/_header_link.html", {"unread": unread_count(request.user.pk)}
    )


def notifications_of(user_id: int):
    return (
        Notification.objects.filter(recipient_id=user_id)
        .select_related("thread__board", "post")
        .order_by("-created_at", "-pk")
    )
