"""Flood control: one post per member per LUNTAN_POST_INTERVAL seconds."""

from django.conf import settings
from django.core.cache import cache
from django.utils.translation import gettext as _

from luntan.permissions.policy import for_user

from .errors import FloodControlError


def check_post_interval(user, board_id: int) -> None:
    interval = settings.LUNTAN_POST_INTERVAL
    if interval <= 0 or for_user(user).may_post_without_interval(board_id):
        return
    # cache.add is atomic: only the first of two simultaneous posts gets the slot.
    if not cache.add(f"posting:flood:{user.pk}", 1, interval):
        raise FloodControlError(_("您发帖太快了，请 %(n)d 秒后再试。") % {"n": interval})
