"""版主管理: the moderation log, the recycle bin, warnings, member and IP bans, and the operator's
settings for them."""

import ipaddress

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from luntan.core.models import ForgetsCachesOnWrite


class Action(models.TextChoices):
    STICKY = "sticky", _("置顶")
    UNSTICKY = "unsticky", _("解除置顶")
    DIGEST = "digest", _("精华")
    UNDIGEST = "undigest", _("解除精华")
    HIGHLIGHT = "highlight", _("高亮")
    CLOSE = "close", _("关闭")
    OPEN = "open", _("打开")
    BUMP = "bump", _("提升")
    SINK = "sink", _("下沉")
    MOVE = "move", _("移动")
    MERGE = "merge", _("合并")
    SPLIT = "split", _("分割")
    DELETE_THREAD = "delete_thread", _("删除主题")
    DELETE_POST = "delete_post", _("删除帖子")
    HIDE = "hide", _("屏蔽")
    UNHIDE = "unhide", _("解除屏蔽")
    WARN = "warn", _("警告")
    RESTORE = "restore", _("恢复")
    PURGE = "purge", _("彻底删除")
    MUTE = "mute", _("禁言")
    BAN_VISIT = "ban_visit", _("禁止访问")
    LIFT_BAN = "lift_ban", _("解除禁言/禁止访问")


class ModerationSettings(models.Model):
    """The operator's choices; one row (pk 1)."""

    deletion_to_bin = models.BooleanField(
        _("删除进入回收站"), default=True, help_text=_("不勾选则删除即为彻底删除，不能恢复")
    )
    bin_keep_days = models.PositiveSmallIntegerField(
        _("回收站保留天数"), default=30, help_text=_("超过天数的内容由 purge_recycle_bin 彻底删除")
    )
    warnings_to_ban = models.PositiveSmallIntegerField(
        _("警告次数"),
        default=3,
        help_text=_("会员在下面的天数内被警告达到此次数即自动禁言；0 为不自动禁言"),
    )
    warning_days = models.PositiveSmallIntegerField(_("警告统计天数"), default=30)
    warning_ban_days = models.PositiveSmallIntegerField(
        _("自动禁言天数"), default=7, help_text=_("0 为永久")
    )

    class Meta:
        verbose_name = _("管理设置")
        verbose_name_plural = _("管理设置")

    def __str__(self) -> str:
        return str(_("管理设置"))

    @classmethod
    def current(cls) -> "ModerationSettings":
        return cls.objects.filter(pk=1).first() or cls(pk=1)


class ModerationLog(models.Model):
    """管理日志: one action of a moderator, with what it changed."""

    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, related_name="+", on_delete=models.SET_NULL
    )
    actor_name = models.CharField(_("操作人"), max_length=150)
    created_at = models.DateTimeField(_("时间"), db_index=True)
    action = models.CharField(_("操作"), max_length=20, choices=Action.choices)
    board = models.ForeignKey(
        "boards.Board", null=True, blank=True, related_name="+", on_delete=models.SET_NULL
    )
    thread = models.ForeignKey(
        "threads.Thread", null=True, blank=True, related_name="+", on_delete=models.SET_NULL
    )
    # Kept as text: the thread may be purged later.
    thread_title = models.CharField(_("主题"), max_length=80, blank=True)
    floors = models.CharField(_("楼层"), max_length=200, blank=True)
    member = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        related_name="+",
        on_delete=models.SET_NULL,
    )
    member_name = models.CharField(_("会员"), max_length=150, blank=True)
    reason = models.CharField(_("理由"), max_length=200, blank=True)
    before = models.JSONField(default=dict, blank=True)
    after = models.JSONField(default=dict, blank=True)

    class Meta:
        verbose_name = _("管理日志")
        verbose_name_plural = _("管理日志")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["board", "-created_at"], name="modlog_board_recent")]

    def __str__(self) -> str:
        return f"{self.actor_name} {self.action} {self.thread_title}"


class RecycleEntry(models.Model):
    """回收站: a deleted thread (post is None) or floor, with who, when and why, and the credit
    rewards its deletion took back (given again on restore)."""

    board = models.ForeignKey("boards.Board", related_name="+", on_delete=models.CASCADE)
    thread = models.ForeignKey("threads.Thread", related_name="+", on_delete=models.CASCADE)
    post = models.ForeignKey(
        "threads.Post", null=True, blank=True, related_name="+", on_delete=models.CASCADE
    )
    deleted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, related_name="+", on_delete=models.SET_NULL
    )
    deleted_by_name = models.CharField(_("操作人"), max_length=150)
    deleted_at = models.DateTimeField(_("删除时间"), db_index=True)
    reason = models.CharField(_("理由"), max_length=200, blank=True)
    taken_back = models.JSONField(default=list)  # ids of the CreditLog rewards reversed
    penalties = models.JSONField(default=list)  # ids of the 被删帖 entries it charged

    class Meta:
        verbose_name = _("回收站")
        verbose_name_plural = _("回收站")
        ordering = ["-deleted_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.thread_id}#{self.post_id or ''}"


class MemberWarning(models.Model):
    """警告 given to a member for one post."""

    member = models.ForeignKey(settings.AUTH_USER_MODEL, related_name="+", on_delete=models.CASCADE)
    post = models.ForeignKey("threads.Post", null=True, related_name="+", on_delete=models.SET_NULL)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, related_name="+", on_delete=models.SET_NULL
    )
    reason = models.CharField(_("理由"), max_length=200)
    created_at = models.DateTimeField(_("时间"))

    class Meta:
        verbose_name = _("警告")
        verbose_name_plural = _("警告")
        indexes = [models.Index(fields=["member", "created_at"], name="warning_member_recent")]

    def __str__(self) -> str:
        return f"{self.member_id} {self.reason}"


class MemberBan(models.Model):
    """禁言 (no posting) or 禁止访问 for a period or forever (`until` empty)."""

    class Kind(models.TextChoices):
        MUTE = "mute", _("禁言")
        VISIT = "visit", _("禁止访问")

    member = models.ForeignKey(settings.AUTH_USER_MODEL, related_name="+", on_delete=models.CASCADE)
    kind = models.CharField(_("类型"), max_length=10, choices=Kind.choices)
    until = models.DateTimeField(_("到期"), null=True, blank=True)
    reason = models.CharField(_("理由"), max_length=200)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, related_name="+", on_delete=models.SET_NULL
    )
    created_at = models.DateTimeField(_("时间"))
    lifted_at = models.DateTimeField(_("解除时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("会员禁言/禁止访问")
        verbose_name_plural = _("会员禁言/禁止访问")

    def __str__(self) -> str:
        return f"{self.member_id} {self.kind}"

    def in_force(self, now=None) -> bool:
        now = now or timezone.now()
        return self.lifted_at is None and (self.until is None or self.until > now)


def validate_network(value: str) -> None:
    try:
        ipaddress.ip_network(value.strip(), strict=False)
    except ValueError:
        raise ValidationError(
            _("请填写 IP 地址或网段，例如 203.0.113.7、203.0.113.0/24 或 2001:db8::/32。")
        ) from None


class IPBan(ForgetsCachesOnWrite):
    """禁止 IP: an address or a range (IPv4 or IPv6 CIDR) that may not register, log in or post."""

    network = models.CharField(_("IP 或网段"), max_length=64, validators=[validate_network])
    reason = models.CharField(_("理由"), max_length=200, blank=True)
    until = models.DateTimeField(_("到期"), null=True, blank=True, help_text=_("留空为永久"))
    created_at = models.DateTimeField(_("时间"), default=timezone.now)

    class Meta:
        verbose_name = _("禁止 IP")
        verbose_name_plural = _("禁止 IP")

    def __str__(self) -> str:
        return self.network

    def save(self, *args, **kwargs) -> None:
        # Stored in its normal form: 203.0.113.7/24 becomes 203.0.113.0/24.
        self.network = str(ipaddress.ip_network(self.network.strip(), strict=False))
        super().save(*args, **kwargs)

    @classmethod
    def forget_caches(cls) -> None:
        from .bans import forget_ban_lists

        forget_ban_lists()


class MergedThread(models.Model):
    """A thread merged into another: its old addresses answer 301 to where each floor went."""

    old_thread_id = models.BigIntegerField(primary_key=True)
    thread = models.ForeignKey("threads.Thread", related_name="+", on_delete=models.CASCADE)
    floors = models.JSONField(default=dict)  # old floor (as text) -> floor in `thread`

    class Meta:
        verbose_name = _("已合并的主题")
        verbose_name_plural = _("已合并的主题")

    def __str__(self) -> str:
        return f"{self.old_thread_id} → {self.thread_id}"

    def floor_for(self, old_floor: int | None) -> int:
        """The old thread's own address leads to where its first post went."""
        return self.floors.get(str(old_floor or 1), 1)
