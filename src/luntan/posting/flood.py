"""Flood control: one post per member per LUNTAN_POST_INTERVAL seconds."""

from django.conf import settings
from django.core.cache import cache
from django.utils.translation import gettext as _

from .errors import FloodControlError


def check_post_interval(user) -> None:
    interval = settings.LUNTAN_POST_INTERVAL
    if interval <= 0 or user.is_staff:
        return
    # cache.add is atomic: only the first of two simultaneous posts gets the slot.
    if not cache.add(f"posting:flood:{user.pk}", 1, interval):
        raise FloodControlError(_("您发帖太快了，请 %(n)d 秒后再试。") % {"n": interval})
