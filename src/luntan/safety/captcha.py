"""验证码 (django-simple-captcha) where the operator switches it on, and the per-account count
of failed logins that makes an account ask for one instead of locking its owner out.

A stranger guessing a member's password used to lock the member out (allauth's per-account
limit). Now the account's failures only make its login form ask for a captcha; what refuses
logins outright is the per-address limit, which counts the stranger, not the member.
"""

import hashlib
import re
from dataclasses import dataclass

from captcha.fields import CaptchaField, CaptchaTextInput
from django.conf import settings
from django.core.cache import cache
from django.utils.translation import gettext_lazy as _

from luntan.core.shared_config import forget_shared_config, shared_config

_CACHE_KEY = "safety:captcha-settings:v1"
_CACHE_SECONDS = 3600


@dataclass(frozen=True)
class CaptchaRules:
    on_register: bool = True
    login_failures: int = 5
    post_below_credits: int = 0


def captcha_rules() -> CaptchaRules:
    return shared_config(_CACHE_KEY, _read_captcha_rules, _CACHE_SECONDS)


def _read_captcha_rules() -> CaptchaRules:
    from .models import CaptchaSettings

    row = CaptchaSettings.objects.filter(pk=1).first()
    if row is None:
        return CaptchaRules()
    return CaptchaRules(row.on_register, row.login_failures, row.post_below_credits)


def forget_captcha_rules() -> None:
    forget_shared_config(_CACHE_KEY)


class _LabelledCaptchaInput(CaptchaTextInput):
    """A <label> (not a fieldset's legend, which names no input) for the box the reader types
    into: the second input, not the hidden key."""

    use_fieldset = False

    def id_for_label(self, id_: str) -> str:
        return f"{id_}_1" if id_ else id_


def captcha_field() -> CaptchaField:
    return CaptchaField(
        widget=_LabelledCaptchaInput,
        label=_("验证码"),
        help_text=_("请输入图片中的字符，不区分大小写"),
        error_messages={
            "invalid": _("验证码不正确，请重新输入。"),
            "required": _("请输入验证码。"),
        },
    )


def _failures_key(login: str) -> str:
    """One key per account, whether its name or its e-mail address was typed (as allauth tells
    them apart: by the @)."""
    from luntan.accounts.models import User

    login = login.strip()
    lookup = "email__iexact" if "@" in login else "username__iexact"
    user_id = User.objects.filter(**{lookup: login}).values_list("pk", flat=True).first()
    account = f"user:{user_id}" if user_id else f"name:{login.lower()}"
    digest = hashlib.blake2b(account.encode(), digest_size=16).hexdigest()
    return f"safety:login-failures:{digest}"


def count_login_failure(login: str) -> None:
    key = _failures_key(login)
    window = settings.LUNTAN_LOGIN_FAILURE_SECONDS
    cache.add(key, 0, window)
    try:
        cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, window)


def login_needs_captcha(login: str) -> bool:
    threshold = captcha_rules().login_failures
    if threshold == 0:
        return True
    return bool(login) and (cache.get(_failures_key(login)) or 0) >= threshold


def post_needs_captcha(user) -> bool:
    below = captcha_rules().post_below_credits
    return bool(below) and user.credits < below


_UNITS = {"s": _("%(n)d 秒"), "m": _("%(n)d 分钟"), "h": _("%(n)d 小时"), "d": _("%(n)d 天")}
_SECONDS = {"s": 1, "m": 60, "h": 3600, "d": 86400}


def rate_limit_period(action: str) -> str:
    """When someone stopped by allauth's limits for `action` ("login_failed", "signup", …) may
    try again, read from ACCOUNT_RATE_LIMITS ("10/m/ip" → “1 分钟”): the longest period among
    the action's limits, so the answer is never too early."""
    limits = settings.ACCOUNT_RATE_LIMITS or {}
    periods = []
    for rule in (limits.get(action) or "").split(","):
        parts = rule.strip().split("/")
        found = re.fullmatch(r"(\d*)([smhd])", parts[1]) if len(parts) >= 2 else None
        if found:
            count = int(found.group(1) or 1)
            periods.append((count * _SECONDS[found.group(2)], count, found.group(2)))
    if not periods:
        return str(_("几分钟"))
    _seconds, count, unit = max(periods)
    return str(_UNITS[unit] % {"n": count})
