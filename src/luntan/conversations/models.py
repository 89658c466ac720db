"""短消息: one-to-one conversations between members."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Conversation(models.Model):
    """The one conversation between two members (`low` has the smaller id)."""

    low = models.ForeignKey(settings.AUTH_USER_MODEL, related_name="+", on_delete=models.CASCADE)
    high = models.ForeignKey(settings.AUTH_USER_MODEL, related_name="+", on_delete=models.CASCADE)
    last_message_at = models.DateTimeField()

    class Meta:
        verbose_name = _("短消息会话")
        verbose_name_plural = _("短消息会话")
        constraints = [
            models.UniqueConstraint(fields=["low", "high"], name="conversation_pair_once"),
            models.CheckConstraint(
                condition=models.Q(low__lt=models.F("high")), name="pair_ordered"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.low_id} ↔ {self.high_id}"


class Participant(models.Model):
    """One member's side of a conversation: what they have read, what they deleted."""

    conversation = models.ForeignKey(
        Conversation, related_name="participants", on_delete=models.CASCADE
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, related_name="conversations", on_delete=models.CASCADE
    )
    other = models.ForeignKey(settings.AUTH_USER_MODEL, related_name="+", on_delete=models.CASCADE)
    # Messages up to here are read; those up to `cleared_at` are deleted for this member.
    read_at = models.DateTimeField(null=True, blank=True)
    cleared_at = models.DateTimeField(null=True, blank=True)
    last_message_at = models.DateTimeField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "conversation"], name="participant_once")
        ]
        indexes = [models.Index(fields=["user", "-last_message_at"], name="participant_inbox")]

    def __str__(self) -> str:
        return f"{self.user_id} in {self.conversation_id}"


class Message(models.Model):
    conversation = models.ForeignKey(
        Conversation, related_name="messages", on_delete=models.CASCADE
    )
    sender = models.ForeignKey(settings.AUTH_USER_MODEL, related_name="+", on_delete=models.CASCADE)
    body = models.TextField(_("内容"))
    created_at = models.DateTimeField()

    class Meta:
        indexes = [models.Index(fields=["conversation", "created_at"], name="message_time")]

    def __str__(self) -> str:
        return self.body[:30]


class Block(models.Model):
    """黑名单: `blocked` may not send `user` messages."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, related_name="blocks", on_delete=models.CASCADE
    )
    blocked = models.ForeignKey(
        settings.AUTH_USER_MODEL, related_name="+", on_delete=models.CASCADE
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "blocked"], name="block_once")]

    def __str__(self) -> str:
        return f"{self.user_id} ⊘ {self.blocked_id}"
