"""短消息 writes: sending, reading, deleting for oneself, the block list. Each one transaction.

Every refusal is a `ConversationError` with the reason in Chinese, raised before anything is
written. The site's word list checks the text too (`core.wordcheck`).
"""

import time

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from luntan.accounts.models import User
from luntan.core.wordcheck import filter_text
from luntan.permissions.policy import for_user

from .models import Block, Conversation, Message, Participant
from .querysets import forget_unread_conversations


class ConversationError(Exception):
    """A message that may not be sent, a member who may not be blocked: the reason in Chinese."""


def member_named(name: str) -> User:
    user = User.objects.filter(username=name.strip(), is_active=True).first()
    if user is None:
        raise ConversationError(_("没有叫「%(name)s」的会员。") % {"name": name.strip()})
    return user


def _check_rate(sender: User) -> None:
    """At most LUNTAN_PM_PER_HOUR messages a member per clock hour; staff are exempt."""
    limit = settings.LUNTAN_PM_PER_HOUR
    if limit <= 0 or sender.is_staff:
        return
    key = f"pm:rate:{sender.pk}:{int(time.time() // 3600)}"
    cache.add(key, 0, 3600)
    try:
        sent = cache.incr(key)
    except ValueError:  # evicted between add and incr: count from here
        cache.set(key, 1, 3600)
        sent = 1
    if sent > limit:
        raise ConversationError(
            _("您发短消息太频繁了：每小时最多 %(n)d 条，请稍后再发。") % {"n": limit}
        )


def _check_can_send(sender: User, recipient: User, body: str) -> str:
    """The body to send (the word list's replacements made), or ConversationError."""
    if recipient.pk == sender.pk:
        raise ConversationError(_("不能给自己发短消息。"))
    try:
        for_user(sender).check_send_pm()
    except PermissionDenied as denied:
        raise ConversationError(str(denied)) from None
    if not body.strip():
        raise ConversationError(_("请填写短消息内容。"))
    if len(body) > settings.LUNTAN_PM_MAX_LENGTH:
        raise ConversationError(
            _("短消息太长了：最多 %(max)d 字，您写了 %(n)d 字。")
            % {"max": settings.LUNTAN_PM_MAX_LENGTH, "n": len(body)}
        )
    if Block.objects.filter(user=recipient, blocked=sender).exists():
        raise ConversationError(_("%(name)s 不接收您的短消息。") % {"name": recipient.username})
    try:
        # Nothing is held for review in a private conversation: a 审核 word refuses too.
        body = filter_text(body, allow_review=False)
    except ValidationError as refused:
        raise ConversationError(" ".join(refused.messages)) from None
    _check_rate(sender)
    return body


def send_message(*, sender: User, recipient: User, body: str) -> Message:
    """Send `body` to `recipient` in the one conversation the two share (made on first use)."""
    body = _check_can_send(sender, recipient, body)
    now = timezone.now()
    low, high = sorted((sender, recipient), key=lambda user: user.pk)
    with transaction.atomic():
        conversation, created = Conversation.objects.get_or_create(
            low=low, high=high, defaults={"last_message_at": now}
        )
        if created:
            Participant.objects.bulk_create(
                [
                    Participant(
                        conversation=conversation, user=low, other=high, last_message_at=now
                    ),
                    Participant(
                        conversation=conversation, user=high, other=low, last_message_at=now
                    ),
                ]
            )
        message = Message.objects.create(
            conversation=conversation, sender=sender, body=body.strip(), created_at=now
        )
        Conversation.objects.filter(pk=conversation.pk).update(last_message_at=now)
        Participant.objects.filter(conversation=conversation).update(last_message_at=now)
        Participant.objects.filter(conversation=conversation, user=sender).update(read_at=now)
        forget_unread_conversations([recipient.pk])
    return message


def mark_read(*, participant: Participant) -> None:
    if participant.read_at is not None and participant.read_at >= participant.last_message_at:
        return
    with transaction.atomic():
        Participant.objects.filter(pk=participant.pk).update(read_at=timezone.now())
        forget_unread_conversations([participant.user_id])


def delete_for_me(*, participant: Participant) -> None:
    """删除: the conversation's messages so far disappear for this member only; the other
    member keeps theirs, and a new message brings the conversation back."""
    now = timezone.now()
    with transaction.atomic():
        Participant.objects.filter(pk=participant.pk).update(cleared_at=now, read_at=now)
        forget_unread_conversations([participant.user_id])


def block(*, user: User, name: str) -> User:
    blocked = member_named(name)
    if blocked.pk == user.pk:
        raise ConversationError(_("不能把自己加入黑名单。"))
    Block.objects.get_or_create(user=user, blocked=blocked)
    return blocked


def unblock(*, user: User, blocked_id: int) -> None:
    Block.objects.filter(Q(user=user) & Q(blocked_id=blocked_id)).delete()
