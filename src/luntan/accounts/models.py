from django.contrib.auth.models import AbstractUser
from django.core.validators import URLValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from luntan.core.models import ForgetsCachesOnWrite


class UserGroup(ForgetsCachesOnWrite):
    """用户组: member groups climb by credits; special and staff groups are assigned."""

    class Kind(models.TextChoices):
        MEMBER = "member", _("会员组")
        SPECIAL = "special", _("特殊组")
        STAFF = "staff", _("管理组")

    name = models.CharField(_("名称"), max_length=30)
    kind = models.CharField(_("类型"), max_length=10, choices=Kind.choices, default=Kind.MEMBER)
    credits_min = models.IntegerField(_("积分下限"), null=True, blank=True)
    stars = models.PositiveSmallIntegerField(_("星级"), default=1)
    color = models.CharField(_("颜色"), max_length=7, blank=True)

    class Meta:
        verbose_name = _("用户组")
        verbose_name_plural = _("用户组")
        ordering = ["kind", "credits_min"]

    def __str__(self) -> str:
        return self.name

    @classmethod
    def forget_caches(cls) -> None:
        from .querysets import forget_member_groups

        forget_member_groups()


class User(AbstractUser):
    """会员. Counters are denormalised for author cards; `recount_members` repairs them."""

    post_count = models.PositiveIntegerField(_("帖子数"), default=0)
    thread_count = models.PositiveIntegerField(_("主题数"), default=0)
    credits = models.IntegerField(_("积分"), default=0)
    group = models.ForeignKey(
        UserGroup,
        verbose_name=_("用户组"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        help_text=_("留空则按积分自动归入会员组"),
    )
    last_post_at = models.DateTimeField(_("最后发帖"), null=True, blank=True)
    # Taken from QQ/WeChat/Weibo when the member signs up or binds through them.
    avatar_url = models.URLField(
        _("头像地址"),
        max_length=500,
        blank=True,
        validators=[URLValidator(schemes=["http", "https"])],
    )
    # 0: no picture of their own; each upload adds one, which names its files (accounts/avatars.py).
    avatar_version = models.PositiveIntegerField(_("头像版本"), default=0)
    signature = models.TextField(_("个人签名"), blank=True)
    # Rendered when saved (accounts/signatures.py), like posts.
    signature_html = models.TextField(blank=True)

    class Meta:
        verbose_name = _("会员")
        verbose_name_plural = _("会员")

    def __str__(self) -> str:
        return self.username


class SignatureRule(models.Model):
    """签名 rules of one user group; the row without a group applies to every other group."""

    group = models.OneToOneField(
        UserGroup,
        verbose_name=_("用户组"),
        null=True,
        blank=True,
        related_name="signature_rule",
        on_delete=models.CASCADE,
        help_text=_("留空则适用于所有没有自己规则的用户组"),
    )
    max_length = models.PositiveIntegerField(
        _("签名最大长度"), default=200, help_text=_("0 为不允许使用签名")
    )
    allow_images = models.BooleanField(_("允许在签名中使用图片 [img]"), default=False)

    class Meta:
        verbose_name = _("签名规则")
        verbose_name_plural = _("签名规则")
        constraints = [
            models.UniqueConstraint(
                fields=["group"],
                condition=models.Q(group__isnull=True),
                name="signature_rule_one_default",
            )
        ]

    def __str__(self) -> str:
        return str(self.group) if self.group_id else str(_("默认"))


class Visibility(models.TextChoices):
    PUBLIC = "public", _("公开")
    MEMBERS = "members", _("仅会员可见")
    SELF = "self", _("仅自己可见")


class Profile(models.Model):
    """个人资料: what a member tells about themselves, each field with who may see it, and
    their activity (最后访问, 在线时间) recorded by `accounts.online`."""

    class Gender(models.TextChoices):
        SECRET = "", _("保密")
        MALE = "m", _("男")
        FEMALE = "f", _("女")

    user = models.OneToOneField(
        User, primary_key=True, related_name="profile", on_delete=models.CASCADE
    )
    gender = models.CharField(_("性别"), max_length=1, choices=Gender.choices, blank=True)
    gender_visibility = models.CharField(
        max_length=8, choices=Visibility.choices, default=Visibility.PUBLIC
    )
    birthday = models.DateField(_("生日"), null=True, blank=True)
    birthday_visibility = models.CharField(
        max_length=8, choices=Visibility.choices, default=Visibility.SELF
    )
    location = models.CharField(_("所在地"), max_length=50, blank=True)
    location_visibility = models.CharField(
        max_length=8, choices=Visibility.choices, default=Visibility.MEMBERS
    )
    bio = models.CharField(_("个人简介"), max_length=200, blank=True)
    bio_visibility = models.CharField(
        max_length=8, choices=Visibility.choices, default=Visibility.PUBLIC
    )
    last_seen_at = models.DateTimeField(_("最后访问"), null=True, blank=True)
    online_seconds = models.PositiveIntegerField(_("在线时间"), default=0)

    PRIVATE_FIELDS = ("gender", "birthday", "location", "bio")

    class Meta:
        verbose_name = _("个人资料")
        verbose_name_plural = _("个人资料")

    def __str__(self) -> str:
        return str(self.user_id)
