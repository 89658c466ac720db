"""Who a post's BBCode source names: @mentions and the authors of the posts it quotes."""

import re

from luntan.core.markup import MENTION_RE

# At most this many members are told about one post's mentions (Discuz! allows 10 too).
MAX_MENTIONS = 10

# What someone else wrote (a quote) or code may contain @names; they are not this post's.
_NOT_OWN = re.compile(r"\[(quote|code)\].*?\[/\1\]", re.DOTALL | re.IGNORECASE)
# The header `core.markup.quote_source` writes at the top of a quote.
# It reads "name 发表于 time" (or "name 写道：" in older posts), in either script.
_QUOTED = re.compile(
    r"\[quote\]\s*\[size=2\]\[color=#999999\](.+?) (?:[写寫]道：|[发發]表[于於] \d)"
)


def mentioned_names(source: str) -> list[str]:
    """The names after @ in the post's own text, in order, each once, at most MAX_MENTIONS."""
    names: list[str] = []
    for name in MENTION_RE.findall(_NOT_OWN.sub(" ", source)):
        name = name.rstrip(".-")
        if name and name not in names:
            names.append(name)
    return names[:MAX_MENTIONS]


def quoted_names(source: str) -> list[str]:
    return list(dict.fromkeys(_QUOTED.findall(source)))


def mention_ids(source: str) -> dict[str, int]:
    """The @names in `source` that are active members, with their ids: what the renderer links."""
    from luntan.accounts.models import User

    names = mentioned_names(source)
    if not names:
        return {}
    return dict(
        User.objects.filter(username__in=names, is_active=True).values_list("username", "pk")
    )
