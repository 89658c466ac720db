"""积分: up to eight named credit kinds (Discuz!'s extcredits1..8), the rules that move them,
each member's balances and a log of every change.

The balances, rules and log entries all carry one column per kind slot (`extcredits1` ..
`extcredits8`), as Discuz! does, so a change is one row update and a log line one row.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from luntan.core.models import ForgetsCachesOnWrite

from .formula import DEFAULT_FORMULA

SLOTS = tuple(range(1, 9))
SLOT_FIELDS = tuple(f"extcredits{slot}" for slot in SLOTS)


def _amount(slot: int) -> models.IntegerField:
    return models.IntegerField(f"extcredits{slot}", default=0)


class CreditAmounts(models.Model):
    """Eight amounts, one per kind slot: a rule's change, a balance or a log entry's change."""

    extcredits1 = _amount(1)
    extcredits2 = _amount(2)
    extcredits3 = _amount(3)
    extcredits4 = _amount(4)
    extcredits5 = _amount(5)
    extcredits6 = _amount(6)
    extcredits7 = _amount(7)
    extcredits8 = _amount(8)

    class Meta:
        abstract = True

    @property
    def amounts(self) -> tuple[int, ...]:
        return tuple(getattr(self, name) for name in SLOT_FIELDS)


class ForgetsConfigOnSave(ForgetsCachesOnWrite):
    """Configuration the credits services cache: any change forgets the cache after commit."""

    class Meta:
        abstract = True

    @classmethod
    def forget_caches(cls) -> None:
        from .querysets import forget_credit_config

        forget_credit_config()


class CreditKind(ForgetsConfigOnSave):
    slot = models.PositiveSmallIntegerField(
        _("编号"), unique=True, choices=[(slot, f"extcredits{slot}") for slot in SLOTS]
    )
    name = models.CharField(_("名称"), max_length=20)
    unit = models.CharField(_("单位"), max_length=10, blank=True)
    is_enabled = models.BooleanField(_("启用"), default=True)
    is_visible = models.BooleanField(
        _("公开显示"), default=True, help_text=_("在会员资料和积分规则页显示")
    )
    lower_limit = models.IntegerField(
        _("积分下限"),
        default=0,
        help_text=_("会员主动的操作（如发帖）若会让此项积分低于下限，则操作被拒绝"),
    )

    class Meta:
        verbose_name = _("积分项")
        verbose_name_plural = _("积分项")
        ordering = ["slot"]

    def __str__(self) -> str:
        return self.name

    @property
    def field(self) -> str:
        return f"extcredits{self.slot}"


class CreditSettings(ForgetsConfigOnSave):
    """The one row of site-wide credit settings (pk=1)."""

    formula = models.CharField(
        _("总积分计算公式"),
        max_length=255,
        default=DEFAULT_FORMULA,
        help_text=_(
            "可用：posts（发帖数）、threads（主题数）、digests（精华帖数）、"
            "extcredits1 至 extcredits8（各积分项），数字，+ - * / 和括号。"
        ),
    )

    class Meta:
        verbose_name = _("积分设置")
        verbose_name_plural = _("积分设置")

    def __str__(self) -> str:
        return str(_("积分设置"))


class CreditRule(ForgetsConfigOnSave, CreditAmounts):
    """积分策略: what one action gives or takes, how often."""

    class Cycle(models.IntegerChoices):
        # Discuz!'s cycletype numbers, so imported rules keep their meaning.
        ONCE = 0, _("一次")
        DAILY = 1, _("每天")
        HOURLY = 2, _("每小时")
        UNLIMITED = 4, _("不限")

    action = models.SlugField(_("动作代码"), max_length=30, unique=True)
    name = models.CharField(_("动作名称"), max_length=30)
    cycle = models.PositiveSmallIntegerField(
        _("奖励周期"), choices=Cycle.choices, default=Cycle.UNLIMITED
    )
    max_rewards = models.PositiveSmallIntegerField(
        _("奖励次数"),
        default=1,
        help_text=_("每个周期内最多奖励几次（周期为“一次”时是总次数）；周期为“不限”时不限制"),
    )

    class Meta:
        verbose_name = _("积分规则")
        verbose_name_plural = _("积分规则")
        ordering = ["pk"]

    def __str__(self) -> str:
        return self.name


class BoardCreditRule(ForgetsConfigOnSave, CreditAmounts):
    """A board's own amounts for a rule; the rule's cycle and count still apply."""

    rule = models.ForeignKey(
        CreditRule, verbose_name=_("积分规则"), related_name="overrides", on_delete=models.CASCADE
    )
    board = models.ForeignKey(
        "boards.Board",
        verbose_name=_("版块"),
        related_name="credit_rules",
        on_delete=models.CASCADE,
    )

    class Meta:
        verbose_name = _("版块积分规则")
        verbose_name_plural = _("版块积分规则")
        constraints = [
            models.UniqueConstraint(fields=["rule", "board"], name="board_credit_rule_unique")
        ]

    def __str__(self) -> str:
        return f"{self.board} / {self.rule}"


class MemberCredits(CreditAmounts):
    """A member's balance of each kind, and the counts the total formula needs beyond User's."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("会员"),
        primary_key=True,
        related_name="credit_balance",
        on_delete=models.CASCADE,
    )
    digests = models.PositiveIntegerField(_("精华帖数"), default=0)

    class Meta:
        verbose_name = _("会员积分")
        verbose_name_plural = _("会员积分")

    def __str__(self) -> str:
        return str(self.user)


class CreditLog(CreditAmounts):
    """积分记录: one change of a member's credits and why. The amounts are the change."""

    class Kind(models.TextChoices):
        REWARD = "reward", _("规则奖励")
        REVERSAL = "reversal", _("收回奖励")
        ADJUSTMENT = "adjustment", _("管理员调整")
        SALE = "sale", _("附件交易")
        RATING = "rating", _("评分")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("会员"),
        related_name="credit_logs",
        on_delete=models.CASCADE,
    )
    kind = models.CharField(_("类型"), max_length=12, choices=Kind.choices)
    rule = models.ForeignKey(
        CreditRule,
        verbose_name=_("积分规则"),
        null=True,
        blank=True,
        related_name="+",
        on_delete=models.SET_NULL,
    )
    reason = models.CharField(_("原因"), max_length=100)
    board = models.ForeignKey(
        "boards.Board", null=True, blank=True, related_name="+", on_delete=models.SET_NULL
    )
    thread = models.ForeignKey(
        "threads.Thread", null=True, blank=True, related_name="+", on_delete=models.SET_NULL
    )
    post = models.ForeignKey(
        "threads.Post", null=True, blank=True, related_name="+", on_delete=models.SET_NULL
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("操作人"),
        null=True,
        blank=True,
        related_name="+",
        on_delete=models.SET_NULL,
    )
    # A reward whose action was undone (its post deleted, say); it no longer counts toward the
    # rule's cycle and cannot be taken back twice.
    revoked = models.BooleanField(_("已收回"), default=False)
    created_at = models.DateTimeField(_("时间"))

    class Meta:
        verbose_name = _("积分记录")
        verbose_name_plural = _("积分记录")
        indexes = [
            models.Index(fields=["user", "-created_at"], name="credit_log_user_recent"),
            models.Index(fields=["user", "rule", "created_at"], name="credit_log_user_rule"),
        ]

    def __str__(self) -> str:
        return f"{self.user} {self.reason}"
