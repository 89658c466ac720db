"""Any change to the word list forgets the compiled copies."""

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from .models import FilterWord
from .querysets import forget_word_list


@receiver(post_save, sender=FilterWord)
@receiver(post_delete, sender=FilterWord)
def _forget_on_change(**kwargs) -> None:
    forget_word_list()
