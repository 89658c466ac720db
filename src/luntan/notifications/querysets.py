"""Reads about notifications that pages share."""

from django.core.cache import cache
from django.db import transaction
from django.http import HttpRequest

from luntan.conversations.querysets import count_key, count_unread_conversations
from luntan.core.member_pages import prefetched, render_once

from .models import Notification

# Bounds how long a count can lag if a write's invalidation raced a reader's refill.
_COUNT_SECONDS = 300


def _count_key(user_id: int) -> str:
    return f"notices:unread:{user_id}"


def unread_count(user_id: int) -> int:
    return header_counts(user_id)[0]


def forget_unread_counts(user_ids) -> None:
    """Drop the members' cached counts now and again after the commit: a reader refilling one
    in between would have counted the rows as they were before it."""
    keys = [_count_key(pk) for pk in user_ids]
    cache.delete_many(keys)
    transaction.on_commit(lambda: cache.delete_many(keys))


def header_count_keys(user_id: int) -> list[str]:
    return [_count_key(user_id), count_key(user_id)]


def header_counts(user_id: int, known: dict | None = None) -> tuple[int, int]:
    """Unread notifications and unread 短消息 conversations: one cache round trip (none when
    `known`, what the page's own lookup read, holds both); on a miss, each is one count on an
    index range."""
    notices_key, conversations_key = header_count_keys(user_id)
    counters = {
        notices_key: lambda: Notification.objects.filter(
            recipient_id=user_id, is_read=False
        ).count(),
        conversations_key: lambda: count_unread_conversations(user_id),
    }
    found = dict(known or {})
    if len(found) < len(counters):
        found |= cache.get_many([key for key in counters if key not in found])
    missing = {key: count() for key, count in counters.items() if key not in found}
    if missing:
        cache.set_many(missing, _COUNT_SECONDS)
    found |= missing
    return found[notices_key], found[conversations_key]


def notice_count_link(request: HttpRequest) -> str:
    """The header's 提醒 and 短消息 links with the reader's unread counts (a per-reader hole)."""
    user_id = request.user.pk
    notices, conversations = header_counts(user_id, prefetched(request, header_count_keys(user_id)))
    return render_once(
        "notifications/_header_link.html",
        (notices, conversations),
        {"unread": notices, "unread_pm": conversations},
    )


def prefetch_header_counts(request: HttpRequest) -> list[str]:
    return header_count_keys(request.user.pk)


def notifications_of(user_id: int):
    return (
        Notification.objects.filter(recipient_id=user_id)
        .select_related("thread__board", "post")
        .order_by("-created_at", "-pk")
    )
