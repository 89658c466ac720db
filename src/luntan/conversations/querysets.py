"""Reads about 短消息 that pages share."""

from django.core.cache import cache
from django.db import transaction
from django.db.models import Count, F, Q

from .models import Message, Participant


def count_key(user_id: int) -> str:
    """The cache key of the member's unread count (read with the header's other counts)."""
    return f"pm:unread:{user_id}"


def _unread(user_id: int):
    return Participant.objects.filter(user_id=user_id).filter(
        Q(read_at__isnull=True) | Q(read_at__lt=F("last_message_at"))
    )


def count_unread_conversations(user_id: int) -> int:
    """Conversations with a message the member has not read: a count on the member's
    (user, last_message_at) index range."""
    return _unread(user_id).count()


def forget_unread_conversations(user_ids) -> None:
    """Now and after the commit, as `notifications.querysets.forget_unread_counts`."""
    keys = [count_key(pk) for pk in user_ids]
    cache.delete_many(keys)
    transaction.on_commit(lambda: cache.delete_many(keys))


def inbox_of(user_id: int):
    """The member's conversations, newest first, with how many messages each has unread;
    those deleted for them stay away until a new message comes."""
    unread_messages = Count(
        "conversation__messages",
        filter=(Q(conversation__messages__created_at__gt=F("read_at")) | Q(read_at__isnull=True))
        & ~Q(conversation__messages__sender_id=user_id),
    )
    return (
        Participant.objects.filter(user_id=user_id)
        .filter(Q(cleared_at__isnull=True) | Q(last_message_at__gt=F("cleared_at")))
        .select_related("other")
        .annotate(unread=unread_messages)
        .order_by("-last_message_at", "-pk")
    )


def messages_for(participant: Participant):
    """The conversation's messages this member has not deleted, oldest first."""
    found = Message.objects.filter(conversation_id=participant.conversation_id)
    if participant.cleared_at is not None:
        found = found.filter(created_at__gt=participant.cleared_at)
    return found.select_related("sender").order_by("created_at", "pk")
