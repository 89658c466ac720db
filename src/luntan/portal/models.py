"""What the operator edits about the site itself: one settings row and the site pages."""

import re

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator, URLValidator
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from luntan.core.markup import excerpt, render_bbcode
from luntan.core.shared_config import forget_shared_config
from luntan.core.traditional import TraditionalVariant

# Bump the suffix when SiteInfo's shape changes, so a deploy never unpickles an old one.
SITE_CACHE_KEY = "portal:site:v3"

# The public-security record code is the long run of digits in "蒙公网安备 15058102000003号".
_RECORD_CODE_RE = re.compile(r"\d{6,}")


def forget_site_info() -> None:
    """Drop the cached settings and footer links after a change (now and after its commit)."""
    forget_shared_config(SITE_CACHE_KEY)


def default_site_name() -> str:
    return settings.LUNTAN_SITE_NAME


def default_language() -> str:
    return settings.LANGUAGE_CODE


def validate_logo_url(value: str) -> None:
    """An absolute http(s) address or a path on this site; nothing a browser would run."""
    if value.startswith("/") and not value.startswith("//"):
        if re.search(r"[\s\"'<>\\]", value):
            raise ValidationError(_("站内路径不能包含空格、引号或尖括号。"))
        return
    URLValidator(
        schemes=["http", "https"], message=_("请填写 http(s):// 开头的地址或以 / 开头的站内路径。")
    )(value)


class SiteSettings(models.Model):
    """站点设置: a single row (pk 1), read through `luntan.portal.querysets.site_info()`."""

    site_name = models.CharField(_("站点名称"), max_length=50, default=default_site_name)
    description = models.CharField(
        _("站点简介"),
        max_length=200,
        blank=True,
        help_text=_("搜索引擎显示的网站描述；页面没有自己的描述时使用。"),
    )
    logo_url = models.CharField(
        _("标志图片地址"),
        max_length=500,
        blank=True,
        validators=[validate_logo_url],
        help_text=_("例如 /static/logo.png 或 https://…/logo.png；留空则只显示站点名称。"),
    )
    copyright_start_year = models.PositiveSmallIntegerField(
        _("版权起始年份"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1990, _("年份不能早于 1990 年。"))],
        help_text=_("页脚显示“起始年份–今年”；留空只显示今年。"),
    )
    icp_number = models.CharField(_("ICP 备案号"), max_length=60, blank=True)
    police_number = models.CharField(
        _("公安备案号"),
        max_length=60,
        blank=True,
        help_text=_("例如：蒙公网安备 15058102000003号。其中的数字用于链接到备案查询页。"),
    )
    address = models.CharField(_("地址"), max_length=200, blank=True)
    qq_group = models.CharField(_("官方QQ群"), max_length=30, blank=True)
    contact_qq = models.CharField(_("联系QQ"), max_length=30, blank=True)
    phone = models.CharField(_("电话"), max_length=50, blank=True)
    email = models.EmailField(_("邮箱"), blank=True)
    notice = models.TextField(_("特别声明"), max_length=1000, blank=True)
    default_language = models.CharField(
        _("默认语言"),
        max_length=10,
        choices=settings.LANGUAGES,
        default=default_language,
        help_text=_("读者没有选择繁简、浏览器也没有偏好时显示的文字。"),
    )
    traditional_variant = models.CharField(
        _("繁体用字"),
        max_length=10,
        choices=TraditionalVariant.choices,
        default=TraditionalVariant.STANDARD,
        help_text=_(
            "繁体页面的界面文字和会员发表的内容都按这里转换：标准用字只转换字形，词语照原文；"
            "台湾用语还把软件、网络这类词换成台湾的说法。"
        ),
    )
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    class Meta:
        verbose_name = _("站点设置")
        verbose_name_plural = _("站点设置")

    def __str__(self) -> str:
        return str(_("站点设置"))

    def save(self, *args, **kwargs) -> None:
        self.pk = 1
        super().save(*args, **kwargs)
        forget_site_info()

    def delete(self, *args, **kwargs):
        result = super().delete(*args, **kwargs)
        forget_site_info()
        return result

    def clean(self) -> None:
        year = self.copyright_start_year
        if year is not None and year > timezone.localdate().year:
            raise ValidationError({"copyright_start_year": _("起始年份不能晚于今年。")})

    @property
    def copyright_years(self) -> str:
        this_year = timezone.localdate().year
        start = self.copyright_start_year
        return f"{start}–{this_year}" if start and start < this_year else str(this_year)

    @property
    def police_record_code(self) -> str:
        found = _RECORD_CODE_RE.search(self.police_number)
        return found.group(0) if found else ""

    @property
    def has_contact(self) -> bool:
        return any((self.address, self.qq_group, self.contact_qq, self.phone, self.email))


class SitePage(models.Model):
    """网站介绍, 广告服务, 免责声明…: operator-written pages linked from the footer."""

    slug = models.SlugField(
        _("网址"),
        max_length=50,
        unique=True,
        help_text=_("页面地址 /page/网址/ 中的网址部分，只能用字母、数字、- 和 _。"),
    )
    title = models.CharField(_("标题"), max_length=50)
    body = models.TextField(_("内容"), help_text=_("可以使用与帖子相同的 BBCode。"))
    # Rendered once on save, like posts, so showing a page never parses markup.
    html = models.TextField(editable=False)
    position = models.PositiveIntegerField(_("显示顺序"), default=0)
    show_in_footer = models.BooleanField(_("显示在页脚"), default=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    class Meta:
        verbose_name = _("站点页面")
        verbose_name_plural = _("站点页面")
        ordering = ["position", "pk"]

    def __str__(self) -> str:
        return self.title

    def save(self, *args, **kwargs) -> None:
        self.html = render_bbcode(self.body)
        super().save(*args, **kwargs)
        forget_site_info()

    def get_absolute_url(self) -> str:
        return reverse("site-page", args=[self.slug])

    def delete(self, *args, **kwargs):
        result = super().delete(*args, **kwargs)
        forget_site_info()
        return result

    @property
    def summary(self) -> str:
        """Plain text for the meta description."""
        return excerpt(self.body, 120) or self.title
