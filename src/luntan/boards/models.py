from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _


class BoardGroup(models.Model):
    """分区: a heading on the index page that holds boards."""

    name = models.CharField(_("名称"), max_length=50)
    position = models.PositiveIntegerField(_("显示顺序"), default=0)

    class Meta:
        verbose_name = _("分区")
        verbose_name_plural = _("分区")
        ordering = ["position", "pk"]

    def __str__(self) -> str:
        return self.name


class Board(models.Model):
    """版块. Totals and the last post are denormalised; `recount_boards` repairs them."""

    group = models.ForeignKey(
        BoardGroup, verbose_name=_("分区"), related_name="boards", on_delete=models.PROTECT
    )
    parent = models.ForeignKey(
        "self",
        verbose_name=_("上级版块"),
        null=True,
        blank=True,
        related_name="children",
        on_delete=models.PROTECT,
    )
    name = models.CharField(_("名称"), max_length=50)
    description = models.CharField(_("简介"), max_length=255, blank=True)
    position = models.PositiveIntegerField(_("显示顺序"), default=0)
    requires_thread_type = models.BooleanField(_("发帖必须选择主题分类"), default=False)
    read_level = models.PositiveSmallIntegerField(
        _("阅读权限"),
        default=0,
        help_text=_("用户组的阅读权限低于此值时不能阅读本版主题；0 为不限制"),
    )
    moderators = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("版主"),
        blank=True,
        related_name="moderated_boards",
    )

    thread_count = models.PositiveIntegerField(_("主题数"), default=0)
    post_count = models.PositiveIntegerField(_("帖子数"), default=0)
    last_post_at = models.DateTimeField(_("最后发表"), null=True, blank=True)
    # A display pointer, kept without a database constraint: checking one makes every write of
    # it lock that thread's row, and a thread deletion (holding this board) pointing it at the
    # next thread then deadlocked with replies to that thread (which wait for this board).
    last_thread = models.ForeignKey(
        "threads.Thread",
        null=True,
        blank=True,
        related_name="+",
        on_delete=models.SET_NULL,
        db_constraint=False,
    )
    last_poster_name = models.CharField(max_length=150, blank=True)

    class Meta:
        verbose_name = _("版块")
        verbose_name_plural = _("版块")
        ordering = ["position", "pk"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("board", args=[self.pk])


class ThreadType(models.Model):
    """主题分类: a per-board prefix such as [本地动态]."""

    board = models.ForeignKey(
        Board, verbose_name=_("版块"), related_name="thread_types", on_delete=models.CASCADE
    )
    name = models.CharField(_("名称"), max_length=20)
    position = models.PositiveIntegerField(_("显示顺序"), default=0)

    class Meta:
        verbose_name = _("主题分类")
        verbose_name_plural = _("主题分类")
        ordering = ["position", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["board", "name"], name="thread_type_unique_per_board")
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return f"{self.board.get_absolute_url()}?type={self.pk}"
