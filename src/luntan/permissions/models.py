"""用户组权限 and 版块权限: what each user group may do, everywhere and board by board.

A group's defaults (`GroupPermissions`) hold on every board; a `BoardGrant` row changes some of
them for one board. `policy.for_user` folds both into sets of board ids once per request.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

from luntan.core.models import ForgetsCachesOnWrite
from luntan.core.page_cache import SITE, forget

# The per-board abilities, named alike on both models: `allow_<ability>` on the group,
# `<ability>` on a board grant.
ABILITIES = ("view_board", "read", "start_thread", "reply", "upload", "download")


class PermissionRow(ForgetsCachesOnWrite):
    """Rows the per-request permissions are folded from. A change forgets the cached table and
    every cached anonymous page: what a guest may see has just changed."""

    class Meta:
        abstract = True

    @classmethod
    def forget_caches(cls) -> None:
        from .querysets import forget_permission_table

        forget_permission_table()
        forget(SITE)


class GroupPermissions(PermissionRow):
    class Role(models.TextChoices):
        MEMBER = "", _("普通")
        GUEST = "guest", _("游客")
        ADMIN = "admin", _("管理员")
        SUPER_MODERATOR = "super_moderator", _("超级版主")
        MODERATOR = "moderator", _("版主")

    group = models.OneToOneField(
        "accounts.UserGroup",
        verbose_name=_("用户组"),
        primary_key=True,
        related_name="permissions",
        on_delete=models.CASCADE,
    )
    role = models.CharField(
        _("身份"),
        max_length=20,
        choices=Role.choices,
        default=Role.MEMBER,
        blank=True,
        help_text=_(
            "游客：未登录的访客使用此组的权限；管理员：拥有全部权限；超级版主：可管理所有版块；"
            "版主：只是头衔，管理权限来自版块的版主设置。"
        ),
    )
    allow_visit = models.BooleanField(
        _("允许访问"), default=True, help_text=_("不勾选则此组会员看不到任何版块和帖子")
    )
    read_access = models.PositiveSmallIntegerField(
        _("阅读权限"),
        default=10,
        help_text=_("不低于版块或主题设置的阅读权限才能阅读；管理组通常为 100 以上"),
    )
    allow_view_board = models.BooleanField(_("浏览版块"), default=True)
    allow_read = models.BooleanField(_("阅读主题"), default=True)
    allow_start_thread = models.BooleanField(_("发表主题"), default=True)
    allow_reply = models.BooleanField(_("发表回复"), default=True)
    allow_upload = models.BooleanField(_("上传附件"), default=True)
    allow_download = models.BooleanField(_("下载附件"), default=True)
    allow_send_pm = models.BooleanField(
        _("发短消息"), default=True, help_text=_("不勾选则此组会员不能发短消息")
    )

    class Meta:
        verbose_name = _("用户组权限")
        verbose_name_plural = _("用户组权限")

    def __str__(self) -> str:
        return str(self.group)


class BoardGrant(PermissionRow):
    """One group's permissions on one board. An empty cell keeps the group's default."""

    board = models.ForeignKey(
        "boards.Board", verbose_name=_("版块"), related_name="grants", on_delete=models.CASCADE
    )
    group = models.ForeignKey(
        "accounts.UserGroup",
        verbose_name=_("用户组"),
        related_name="board_grants",
        on_delete=models.CASCADE,
    )
    view_board = models.BooleanField(_("浏览版块"), null=True, blank=True)
    read = models.BooleanField(_("阅读主题"), null=True, blank=True)
    start_thread = models.BooleanField(_("发表主题"), null=True, blank=True)
    reply = models.BooleanField(_("发表回复"), null=True, blank=True)
    upload = models.BooleanField(_("上传附件"), null=True, blank=True)
    download = models.BooleanField(_("下载附件"), null=True, blank=True)

    class Meta:
        verbose_name = _("版块权限")
        verbose_name_plural = _("版块权限")
        constraints = [
            models.UniqueConstraint(fields=["board", "group"], name="board_grant_unique")
        ]

    def __str__(self) -> str:
        return f"{self.board} / {self.group}"
