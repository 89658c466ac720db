import re

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from .querysets import PostQuerySet, ThreadQuerySet

# 高亮: a colour from the palette (shown through a CSS class) or `#rrggbb`, nothing else, since
# the colour ends up in the page's styles.
HIGHLIGHT_PALETTE = ("red", "orange", "green", "blue", "purple", "gray")
_HEX_COLOUR = re.compile(r"#[0-9a-fA-F]{6}")


def is_highlight_colour(value: str) -> bool:
    return value in HIGHLIGHT_PALETTE or bool(_HEX_COLOUR.fullmatch(value))


def validate_highlight_colour(value: str) -> None:
    if value and not is_highlight_colour(value):
        raise ValidationError(_("高亮颜色只能从调色板中选择，或写成 #rrggbb。"))


class Thread(models.Model):
    """主题. Thread and its posts form one aggregate: floors, reply count and last post move
    together, always through the functions in `luntan.posting.services`."""

    class Sticky(models.IntegerChoices):
        NONE = 0, _("不置顶")
        BOARD = 1, _("本版置顶")
        GROUP = 2, _("分区置顶")
        GLOBAL = 3, _("全局置顶")

    board = models.ForeignKey(
        "boards.Board", verbose_name=_("版块"), related_name="threads", on_delete=models.PROTECT
    )
    thread_type = models.ForeignKey(
        "boards.ThreadType",
        verbose_name=_("主题分类"),
        null=True,
        blank=True,
        related_name="threads",
        on_delete=models.SET_NULL,
    )
    title = models.CharField(_("标题"), max_length=80)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("作者"),
        null=True,
        related_name="threads",
        on_delete=models.SET_NULL,
    )
    author_name = models.CharField(_("作者"), max_length=150)
    created_at = models.DateTimeField(_("发表时间"), db_index=False)
    last_post_at = models.DateTimeField(_("最后回复时间"))
    last_poster_name = models.CharField(_("最后回复"), max_length=150)
    view_count = models.PositiveIntegerField(_("查看"), default=0)
    reply_count = models.PositiveIntegerField(_("回复"), default=0)
    # Highest floor ever handed out; floors are never reused, so this is also the next floor - 1.
    last_floor = models.PositiveIntegerField(default=0)
    sticky = models.PositiveSmallIntegerField(_("置顶"), choices=Sticky.choices, default=0)
    digest = models.PositiveSmallIntegerField(_("精华"), default=0)
    sticky_until = models.DateTimeField(_("置顶到期"), null=True, blank=True)
    highlight = models.CharField(
        _("高亮颜色"), max_length=7, blank=True, validators=[validate_highlight_colour]
    )
    highlight_bold = models.BooleanField(_("粗体"), default=False)
    highlight_italic = models.BooleanField(_("斜体"), default=False)
    highlight_underline = models.BooleanField(_("下划线"), default=False)
    highlight_until = models.DateTimeField(_("高亮到期"), null=True, blank=True)
    is_closed = models.BooleanField(_("关闭"), default=False)
    # 提升/下沉: the list time a moderator gave the thread (`listed_at`) holds until someone
    # posts after the moment they did it (`listed_by_moderator_at`); recount_thread agrees.
    listed_at = models.DateTimeField(null=True, blank=True)
    listed_by_moderator_at = models.DateTimeField(null=True, blank=True)
    # 转向: a stub left in the old board after a move, pointing at the moved thread.
    moved_to = models.ForeignKey(
        "self", null=True, blank=True, related_name="+", on_delete=models.CASCADE
    )
    # The last moderation action, shown on the thread: 「本帖被 … 执行 … 操作」.
    moderated_action = models.CharField(max_length=20, blank=True)
    moderated_by_name = models.CharField(max_length=150, blank=True)
    moderated_at = models.DateTimeField(null=True, blank=True)
    moderated_reason = models.CharField(max_length=200, blank=True)
    read_level = models.PositiveSmallIntegerField(
        _("阅读权限"),
        default=0,
        help_text=_("用户组的阅读权限低于此值时不能阅读本主题，也看不到它的标题；0 为不限制"),
    )
    is_deleted = models.BooleanField(_("已删除"), default=False)

    objects = ThreadQuerySet.as_manager()

    class Meta:
        verbose_name = _("主题")
        verbose_name_plural = _("主题")
        indexes = [
            models.Index(
                fields=["board", "is_deleted", "-sticky", "-last_post_at"], name="thread_board_last"
            ),
            models.Index(
                fields=["board", "is_deleted", "-sticky", "-created_at"], name="thread_board_new"
            ),
            models.Index(fields=["-last_post_at"], name="thread_last_post"),
            # Counting the threads above a reader's read level touches only those rows.
            models.Index(fields=["board", "read_level"], name="thread_board_read_level"),
            # 分区/全局置顶 shown on other boards' lists: the few threads stuck that high.
            models.Index(fields=["sticky", "-last_post_at"], name="thread_sticky_last"),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("thread", args=[self.pk])


class Post(models.Model):
    """帖子. `floor` is its place in the thread (1 = 楼主): unique per thread, never reused.
    `html` is rendered once at write time, so reading a thread never parses markup."""

    thread = models.ForeignKey(
        Thread, verbose_name=_("主题"), related_name="posts", on_delete=models.CASCADE
    )
    floor = models.PositiveIntegerField(_("楼层"))
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("作者"),
        null=True,
        related_name="posts",
        on_delete=models.SET_NULL,
    )
    author_name = models.CharField(_("作者"), max_length=150)
    created_at = models.DateTimeField(_("发表时间"), db_index=True)
    body = models.TextField(_("内容"))
    html = models.TextField()
    author_ip = models.GenericIPAddressField(_("IP"), null=True, blank=True)
    edited_at = models.DateTimeField(_("编辑时间"), null=True, blank=True)
    edited_by_name = models.CharField(_("编辑者"), max_length=150, blank=True)
    edit_count = models.PositiveIntegerField(default=0)
    is_deleted = models.BooleanField(_("已删除"), default=False)
    # 屏蔽: the floor stays, its text is shown only to moderators and its author.
    is_hidden = models.BooleanField(_("已屏蔽"), default=False)
    moderated_action = models.CharField(max_length=20, blank=True)
    moderated_by_name = models.CharField(max_length=150, blank=True)
    moderated_at = models.DateTimeField(null=True, blank=True)
    moderated_reason = models.CharField(max_length=200, blank=True)
    # A random token from the form: a double-submitted form hits the unique constraint
    # instead of creating a second post.
    client_token = models.CharField(max_length=40, null=True, blank=True)

    objects = PostQuerySet.as_manager()

    class Meta:
        verbose_name = _("帖子")
        verbose_name_plural = _("帖子")
        constraints = [
            models.UniqueConstraint(fields=["thread", "floor"], name="post_floor_unique"),
            models.UniqueConstraint(fields=["author", "client_token"], name="post_token_unique"),
        ]
        indexes = [
            models.Index(fields=["thread", "author", "floor"], name="post_thread_author_floor"),
            # A member's posts newest first (搜索 by 作者): read in order, not sorted.
            models.Index(fields=["author", "-created_at", "-id"], name="post_author_newest"),
        ]

    def __str__(self) -> str:
        return f"{self.thread_id}#{self.floor}"

    def get_absolute_url(self) -> str:
        return reverse("thread-floor", args=[self.thread_id, self.floor])

    @property
    def is_first(self) -> bool:
        return self.floor == 1


class PostRevision(models.Model):
    """What a post said before an edit, for moderators and the edit note."""

    post = models.ForeignKey(Post, related_name="revisions", on_delete=models.CASCADE)
    editor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, related_name="+", on_delete=models.SET_NULL
    )
    edited_at = models.DateTimeField()
    previous_title = models.CharField(max_length=80, blank=True)
    previous_body = models.TextField()

    class Meta:
        ordering = ["-edited_at"]

    def __str__(self) -> str:
        return f"{self.post_id} @ {self.edited_at:%Y-%m-%d %H:%M}"
