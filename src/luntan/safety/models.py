from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from . import wordfilter


class FilterWord(models.Model):
    """詞語過濾 entry: a word (with optional `{n}` gaps) and what a text containing it gets."""

    class Action(models.TextChoices):
        BANNED = wordfilter.BANNED, wordfilter.ACTION_LABELS[wordfilter.BANNED]
        REVIEW = wordfilter.REVIEW, wordfilter.ACTION_LABELS[wordfilter.REVIEW]
        REPLACE = wordfilter.REPLACE, wordfilter.ACTION_LABELS[wordfilter.REPLACE]

    pattern = models.CharField(
        _("词语"),
        max_length=100,
        help_text=_("可用 {n} 表示两部分之间最多相隔 n 个字，如 代{2}发票"),
    )
    # The folded pattern: 法輪功 and 法轮功 are one entry.
    key = models.CharField(max_length=200, unique=True, editable=False)
    action = models.CharField(
        _("处理"), max_length=10, choices=Action.choices, default=Action.BANNED
    )
    replacement = models.CharField(_("替换为"), max_length=100, blank=True)
    created_at = models.DateTimeField(_("添加时间"), auto_now_add=True)
    # With the count and the highest id, tells the workers' compiled copies apart (querysets.py).
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("过滤词语")
        verbose_name_plural = _("词语过滤")
        ordering = ["pk"]

    def __str__(self) -> str:
        return self.pattern

    def save(self, *args, **kwargs) -> None:
        self.key = wordfilter.pattern_key(self.pattern)
        super().save(*args, **kwargs)

    def clean(self) -> None:
        try:
            self.key = wordfilter.pattern_key(self.pattern)
        except wordfilter.PatternError as error:
            raise ValidationError({"pattern": str(error)}) from None
        if FilterWord.objects.filter(key=self.key).exclude(pk=self.pk).exists():
            raise ValidationError({"pattern": _("词表中已有相同的词语。")})
        if self.action == self.Action.REPLACE and not self.replacement:
            raise ValidationError({"replacement": _("“替换”需要填写替换为的文字。")})


class ReviewSettings(models.Model):
    """先审后发: when a member's new thread or reply waits for a moderator (one row, pk=1).
    Moderators and administrators are never held in the boards they look after."""

    hold_boards = models.ManyToManyField(
        "boards.Board",
        verbose_name=_("需要审核的版块"),
        blank=True,
        related_name="+",
        help_text=_("这些版块的新主题和回复都先审后发"),
    )
    hold_groups = models.ManyToManyField(
        "accounts.UserGroup",
        verbose_name=_("需要审核的用户组"),
        blank=True,
        related_name="+",
    )
    new_member_hours = models.PositiveIntegerField(
        _("新注册会员审核时长（小时）"),
        default=0,
        help_text=_("注册不满这么多小时的会员发帖需要审核；0 为不限"),
    )
    first_posts = models.PositiveIntegerField(
        _("前几个帖子需要审核"),
        default=0,
        help_text=_("会员的帖子数少于此数时发帖需要审核；0 为不限"),
    )
    hold_links = models.BooleanField(_("含链接的帖子需要审核"), default=False)
    hold_images = models.BooleanField(_("含图片的帖子需要审核"), default=False)
    review_hours = models.CharField(
        _("发帖审核时间段"),
        max_length=100,
        blank=True,
        help_text=_("如 22:00-06:00，多个时间段用逗号分隔；北京时间"),
    )
    closed_hours = models.CharField(
        _("禁止发帖时间段"),
        max_length=100,
        blank=True,
        help_text=_("如 02:00-05:00，多个时间段用逗号分隔；北京时间"),
    )

    class Meta:
        verbose_name = _("先审后发设置")
        verbose_name_plural = _("先审后发设置")

    def __str__(self) -> str:
        return str(_("先审后发设置"))

    def clean(self) -> None:
        from .review_rules import HoursError, parse_hours

        for name in ("review_hours", "closed_hours"):
            try:
                parse_hours(getattr(self, name))
            except HoursError as error:
                raise ValidationError({name: str(error)}) from None


class HeldPost(models.Model):
    """A new thread or reply waiting for review. It is not a Post: it has no floor, counts in
    no total and appears on no page but the author's own list and the moderators' queue, until
    approval publishes it through the posting services (floor, counters, credits then)."""

    class Status(models.TextChoices):
        PENDING = "pending", _("待审核")
        APPROVED = "approved", _("已通过")
        REJECTED = "rejected", _("未通过")

    board = models.ForeignKey("boards.Board", related_name="+", on_delete=models.CASCADE)
    # The thread a reply goes to; empty for a new thread.
    thread = models.ForeignKey(
        "threads.Thread", null=True, blank=True, related_name="+", on_delete=models.CASCADE
    )
    thread_type = models.ForeignKey(
        "boards.ThreadType", null=True, blank=True, related_name="+", on_delete=models.SET_NULL
    )
    title = models.CharField(_("标题"), max_length=80, blank=True)
    body = models.TextField(_("内容"))
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, related_name="held_posts", on_delete=models.CASCADE
    )
    author_ip = models.GenericIPAddressField(null=True, blank=True)
    reason = models.CharField(_("审核原因"), max_length=200)
    created_at = models.DateTimeField(_("提交时间"))
    status = models.CharField(
        _("状态"), max_length=10, choices=Status.choices, default=Status.PENDING
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, related_name="+", on_delete=models.SET_NULL
    )
    # The post approval made.
    post = models.ForeignKey(
        "threads.Post", null=True, blank=True, related_name="+", on_delete=models.SET_NULL
    )

    class Meta:
        verbose_name = _("待审核帖子")
        verbose_name_plural = _("待审核帖子")
        indexes = [
            models.Index(fields=["status", "board", "created_at"], name="held_queue"),
            models.Index(fields=["author", "-created_at"], name="held_author"),
        ]

    def __str__(self) -> str:
        return self.title or self.body[:30]

    @property
    def is_thread(self) -> bool:
        return self.thread_id is None


class ReportReason(models.Model):
    """举报理由: the operator's list a reporter picks from."""

    name = models.CharField(_("理由"), max_length=50, unique=True)
    position = models.PositiveSmallIntegerField(_("显示顺序"), default=0)

    class Meta:
        verbose_name = _("举报理由")
        verbose_name_plural = _("举报理由")
        ordering = ["position", "pk"]

    def __str__(self) -> str:
        return self.name


class Report(models.Model):
    """举报 of one post (floor 1 stands for its thread), by one member, once."""

    class Status(models.TextChoices):
        OPEN = "open", _("待处理")
        HANDLED = "handled", _("已处理")

    post = models.ForeignKey("threads.Post", related_name="+", on_delete=models.CASCADE)
    # The post's board when reported, for the moderators' queue.
    board = models.ForeignKey("boards.Board", related_name="+", on_delete=models.CASCADE)
    reporter = models.ForeignKey(
        settings.AUTH_USER_MODEL, related_name="reports", on_delete=models.CASCADE
    )
    # The reason's name as it was chosen: the operator may rename or remove reasons later.
    reason = models.CharField(_("举报理由"), max_length=50)
    text = models.TextField(_("补充说明"), max_length=500, blank=True)
    created_at = models.DateTimeField(_("举报时间"))
    status = models.CharField(_("状态"), max_length=10, choices=Status.choices, default=Status.OPEN)
    handled_at = models.DateTimeField(null=True, blank=True)
    handled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, related_name="+", on_delete=models.SET_NULL
    )

    class Meta:
        verbose_name = _("举报")
        verbose_name_plural = _("举报")
        constraints = [
            models.UniqueConstraint(fields=["post", "reporter"], name="report_once_per_member")
        ]
        indexes = [models.Index(fields=["status", "board", "created_at"], name="report_queue")]

    def __str__(self) -> str:
        return f"{self.post} · {self.reason}"


class CaptchaSettings(models.Model):
    """验证码: where people must type one (one row, pk=1)."""

    on_register = models.BooleanField(_("注册时需要验证码"), default=True)
    login_failures = models.PositiveSmallIntegerField(
        _("登录失败几次后需要验证码"),
        default=5,
        help_text=_(
            "一个账号登录失败这么多次后，登录这个账号需要输入验证码（而不是锁定账号）；0 为总是需要"
        ),
    )
    post_below_credits = models.IntegerField(
        _("积分低于此数的会员发帖需要验证码"),
        default=0,
        help_text=_("0 为不需要；新手上路的积分下限通常是 0 以上"),
    )

    class Meta:
        verbose_name = _("验证码设置")
        verbose_name_plural = _("验证码设置")

    def __str__(self) -> str:
        return str(_("验证码设置"))
