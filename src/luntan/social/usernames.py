"""A username for the one-step page, made from a QQ/WeChat/Weibo nickname."""

import re
import unicodedata

from allauth.account import app_settings as account_settings
from allauth.account.adapter import get_adapter as get_account_adapter
from django.core.exceptions import ValidationError

from luntan.accounts.models import User

# What Django's username validator accepts: letters of any script (Chinese too), digits, @.+-_
NOT_ALLOWED = re.compile(r"[^\w.@+-]")
# Room for a numeric suffix and still short enough for the author card.
MAX_BASE_LENGTH = 20


def suggest_username(nickname: str, *, fallback: str) -> str:
    """The nickname with characters usernames can't hold removed (emoji, spaces, punctuation),
    full-width letters folded, and a number added when the name is taken: 小明 → 小明2.

    Empty when nothing usable was found; the reader then types a name."""
    base = NOT_ALLOWED.sub("", unicodedata.normalize("NFKC", nickname or ""))[:MAX_BASE_LENGTH]
    if len(base) < account_settings.USERNAME_MIN_LENGTH:
        base = NOT_ALLOWED.sub("", fallback)
    taken = {
        name.lower()
        for name in User.objects.filter(username__istartswith=base).values_list(
            "username", flat=True
        )
    }
    adapter = get_account_adapter()
    for suffix in range(1, 1000):
        candidate = base if suffix == 1 else f"{base}{suffix}"
        if candidate.lower() in taken:
            continue
        try:
            # The adapter's own check: validators, blacklist and the database's idea of "taken"
            # (MariaDB's collation may equate names that Python's lower() keeps apart).
            return adapter.clean_username(candidate)
        except ValidationError:
            continue
    return ""
