"""Changes to the word list and the review rules forget the workers' copies."""

from django.db.models.signals import m2m_changed, post_delete, post_save
from django.dispatch import receiver

from .captcha import forget_captcha_rules
from .models import CaptchaSettings, FilterWord, ReviewSettings
from .querysets import forget_word_list
from .review_rules import forget_review_rules


@receiver(post_save, sender=FilterWord)
@receiver(post_delete, sender=FilterWord)
def _forget_word_list(**kwargs) -> None:
    forget_word_list()


@receiver(post_save, sender=ReviewSettings)
@receiver(m2m_changed, sender=ReviewSettings.hold_boards.through)
@receiver(m2m_changed, sender=ReviewSettings.hold_groups.through)
def _forget_review_rules(**kwargs) -> None:
    forget_review_rules()


@receiver(post_save, sender=CaptchaSettings)
def _forget_captcha_rules(**kwargs) -> None:
    forget_captcha_rules()
