"""附件: files and images members attach to posts, and the upload limits of each user group.

An attachment is uploaded first (``post`` empty: only its uploader may see it, in the editor)
and bound to a post when the post is saved; uploads never posted are removed after a day.
The bytes live in the ``attachments`` storage under a random name; the name a member gave is
kept for display and for the download's Content-Disposition only.
"""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from .querysets import AttachmentQuerySet


class Attachment(models.Model):
    uploader = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("上传者"),
        related_name="attachments",
        on_delete=models.CASCADE,
    )
    post = models.ForeignKey(
        "threads.Post",
        verbose_name=_("帖子"),
        null=True,
        blank=True,
        related_name="attachments",
        on_delete=models.CASCADE,
    )
    file = models.CharField(_("文件"), max_length=200)
    thumbnail = models.CharField(_("缩略图"), max_length=200, blank=True)
    name = models.CharField(_("文件名"), max_length=100)
    kind = models.CharField(_("类型"), max_length=10)  # the detected type: jpg, png, pdf, zip…
    content_type = models.CharField(max_length=60)
    size = models.PositiveIntegerField(_("大小"))
    width = models.PositiveIntegerField(null=True, blank=True)
    height = models.PositiveIntegerField(null=True, blank=True)
    price = models.PositiveIntegerField(_("附件售价"), default=0)
    download_count = models.PositiveIntegerField(_("下载次数"), default=0)
    created_at = models.DateTimeField(_("上传时间"))

    objects = AttachmentQuerySet.as_manager()

    class Meta:
        verbose_name = _("附件")
        verbose_name_plural = _("附件")
        indexes = [
            models.Index(fields=["uploader", "created_at"], name="attachment_uploader_day"),
            models.Index(fields=["post", "created_at"], name="attachment_post_created"),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("attachment", args=[self.pk])

    def get_thumbnail_url(self) -> str:
        return reverse("attachment-thumbnail", args=[self.pk])

    @property
    def is_image(self) -> bool:
        return bool(self.thumbnail)


class UploadLimit(models.Model):
    """附件上传限制 of one user group; the row without a group applies to every other group."""

    group = models.OneToOneField(
        "accounts.UserGroup",
        verbose_name=_("用户组"),
        null=True,
        blank=True,
        related_name="upload_limit",
        on_delete=models.CASCADE,
        help_text=_("留空则适用于所有没有自己限制的用户组"),
    )
    max_size_kb = models.PositiveIntegerField(_("单个附件最大尺寸 (KB)"), default=2048)
    types = models.CharField(
        _("允许的附件类型"),
        max_length=200,
        default="jpg,png,gif,webp,pdf,zip,rar,7z,txt",
        help_text=_("用逗号分隔，例如 jpg,png,gif,pdf,zip"),
    )
    max_per_day = models.PositiveIntegerField(_("每天最多上传个数"), default=50)
    max_day_kb = models.PositiveIntegerField(_("每天最多上传总大小 (KB)"), default=51200)

    class Meta:
        verbose_name = _("附件上传限制")
        verbose_name_plural = _("附件上传限制")
        constraints = [
            models.UniqueConstraint(
                fields=["group"],
                condition=models.Q(group__isnull=True),
                name="upload_limit_one_default",
            )
        ]

    def __str__(self) -> str:
        return str(self.group) if self.group_id else str(_("默认"))

    @property
    def type_list(self) -> frozenset[str]:
        return frozenset(t.strip().lower() for t in self.types.split(",") if t.strip())


class AttachmentPurchase(models.Model):
    """A member paid an attachment's price (附件售价) once; they may download it from then on."""

    attachment = models.ForeignKey(Attachment, related_name="purchases", on_delete=models.CASCADE)
    buyer = models.ForeignKey(
        settings.AUTH_USER_MODEL, related_name="attachment_purchases", on_delete=models.CASCADE
    )
    price = models.PositiveIntegerField()
    created_at = models.DateTimeField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["attachment", "buyer"], name="attachment_bought_once")
        ]

    def __str__(self) -> str:
        return f"{self.buyer_id} → {self.attachment_id}"
