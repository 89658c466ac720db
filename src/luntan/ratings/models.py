"""评分: members give or take a post author's credits, within their group's limits."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from luntan.credits.models import SLOTS, CreditAmounts


class RatingLimit(models.Model):
    """评分额度: how much a group's members may give or take of one credit kind."""

    group = models.ForeignKey(
        "accounts.UserGroup",
        verbose_name=_("用户组"),
        related_name="rating_limits",
        on_delete=models.CASCADE,
    )
    slot = models.PositiveSmallIntegerField(
        _("积分项"), choices=[(slot, f"extcredits{slot}") for slot in SLOTS]
    )
    max_per_rating = models.PositiveSmallIntegerField(
        _("每次最多"), default=1, help_text=_("一次评分可加或减的最大值")
    )
    max_per_day = models.PositiveIntegerField(
        _("每天最多"), default=5, help_text=_("一天内评分加减的总量（按绝对值累计）")
    )

    class Meta:
        verbose_name = _("评分额度")
        verbose_name_plural = _("评分额度")
        constraints = [models.UniqueConstraint(fields=["group", "slot"], name="rating_limit_once")]

    def __str__(self) -> str:
        return f"{self.group} extcredits{self.slot}"


class Rating(CreditAmounts):
    """One member's rating of one post: the amounts per kind slot and why."""

    post = models.ForeignKey("threads.Post", related_name="ratings", on_delete=models.CASCADE)
    rater = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, related_name="+", on_delete=models.SET_NULL
    )
    rater_name = models.CharField(_("评分人"), max_length=150)
    reason = models.CharField(_("理由"), max_length=100)
    created_at = models.DateTimeField(_("时间"))
    # The author's credit log entry this rating wrote, and its reversal once withdrawn.
    credit_log = models.ForeignKey(
        "credits.CreditLog", null=True, related_name="+", on_delete=models.SET_NULL
    )
    withdrawn_at = models.DateTimeField(_("撤销时间"), null=True, blank=True)
    withdrawn_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, related_name="+", on_delete=models.SET_NULL
    )

    class Meta:
        verbose_name = _("评分")
        verbose_name_plural = _("评分")
        constraints = [models.UniqueConstraint(fields=["post", "rater"], name="rating_once")]
        indexes = [models.Index(fields=["rater", "created_at"], name="rating_rater_day")]

    def __str__(self) -> str:
        return f"{self.rater_name} → {self.post_id}"
