"""Who a post's BBCode source names: @mentions and the authors of the posts it quotes."""

import re

# At most this many members are told about one post's mentions (Discuz! allows 10 too).
MAX_MENTIONS = 10

# What someone else wrote (a quote) or code may contain @names; they are not this post's.
_NOT_OWN = re.compile(r"\[(quote|code)\].*?\[/\1\]", re.DOTALL | re.IGNORECASE)
# A name runs from @ to a space or punctuation; \w takes Chinese names too.
_MENTION = re.compile(r"(?<![\w@])@([\w.+-]{2,150})")
# The header `core.markup.quote_source` writes at the top of a quote.
_QUOTED = re.compile(r"\[quote\]\s*\[size=2\]\[color=#999999\](.+?) 写道：\[/color\]")


def mentioned_names(source: str) -> list[str]:
    """The names after @ in the post's own text, in order, each once, at most MAX_MENTIONS."""
    names: list[str] = []
    for name in _MENTION.findall(_NOT_OWN.sub(" ", source)):
        name = name.rstrip(".-")
        if name and name not in names:
            names.append(name)
    return names[:MAX_MENTIONS]


def quoted_names(source: str) -> list[str]:
    return list(dict.fromkeys(_QUOTED.findall(source)))
