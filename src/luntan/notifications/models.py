from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _


class Kind(models.TextChoices):
    REPLY = "reply", _("回复了我的主题")
    QUOTE = "quote", _("引用了我的帖子")
    MENTION = "mention", _("提到了我")
    WATCH = "watch", _("我订阅的主题有新回复")
    RATING = "rating", _("评分了我的帖子")
    MODERATION = "moderation", _("管理了我的帖子")
    SYSTEM = "system", _("系统提醒")


class Delivery(models.TextChoices):
    SITE = "site", _("站内提醒")
    EMAIL = "email", _("站内提醒并发邮件")
    OFF = "off", _("不提醒")


class Notification(models.Model):
    """提醒: one line in a member's notification list. Written only by `services.notify`.

    Its foreign keys have no database constraint (Django still cascades): InnoDB share-locks
    the rows a new row points at, and a fan-out holding the thread's and thousands of members'
    rows that way deadlocks with a deletion locking members, then the thread."""

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        related_name="notifications",
        on_delete=models.CASCADE,
        db_constraint=False,
    )
    kind = models.CharField(_("类型"), max_length=12, choices=Kind.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        related_name="+",
        on_delete=models.SET_NULL,
        db_constraint=False,
    )
    actor_name = models.CharField(_("来自"), max_length=150, blank=True)
    thread = models.ForeignKey(
        "threads.Thread",
        null=True,
        blank=True,
        related_name="+",
        on_delete=models.CASCADE,
        db_constraint=False,
    )
    post = models.ForeignKey(
        "threads.Post",
        null=True,
        blank=True,
        related_name="+",
        on_delete=models.CASCADE,
        db_constraint=False,
    )
    # What a moderator or the operator wrote (a reason, a notice); shown through |script.
    text = models.CharField(_("内容"), max_length=500, blank=True)
    created_at = models.DateTimeField(_("时间"))
    is_read = models.BooleanField(_("已读"), default=False)

    class Meta:
        verbose_name = _("提醒")
        verbose_name_plural = _("提醒")
        indexes = [
            # The notification page, newest first, and the unread count: both one index range.
            models.Index(fields=["recipient", "is_read", "-created_at"], name="notice_recipient"),
            models.Index(fields=["recipient", "-created_at"], name="notice_recipient_all"),
        ]

    def __str__(self) -> str:
        return f"{self.recipient_id} {self.kind}"

    def get_absolute_url(self) -> str:
        return reverse("notification-open", args=[self.pk])


class NotificationSetting(models.Model):
    """A member's choice for one kind; no row means the default (on the site)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, related_name="notification_settings", on_delete=models.CASCADE
    )
    kind = models.CharField(max_length=12, choices=Kind.choices)
    delivery = models.CharField(max_length=8, choices=Delivery.choices, default=Delivery.SITE)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "kind"], name="notice_setting_once")]

    def __str__(self) -> str:
        return f"{self.user_id} {self.kind}: {self.delivery}"


class ThreadWatch(models.Model):
    """订阅: the member is told about every new reply in the thread."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, related_name="thread_watches", on_delete=models.CASCADE
    )
    thread = models.ForeignKey("threads.Thread", related_name="watches", on_delete=models.CASCADE)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["thread", "user"], name="watch_once")]

    def __str__(self) -> str:
        return f"{self.user_id} → {self.thread_id}"


class SystemNotice(models.Model):
    """系统提醒 the operator sends from the admin; the worker tells each member (or a group)."""

    text = models.CharField(_("内容"), max_length=500)
    group = models.ForeignKey(
        "accounts.UserGroup",
        verbose_name=_("只发给用户组"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        help_text=_("留空则发给全体会员"),
    )
    created_at = models.DateTimeField(_("发送时间"), auto_now_add=True)
    sent_count = models.PositiveIntegerField(_("已送达"), default=0)

    class Meta:
        verbose_name = _("系统提醒")
        verbose_name_plural = _("系统提醒")

    def __str__(self) -> str:
        return self.text[:30]
