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
