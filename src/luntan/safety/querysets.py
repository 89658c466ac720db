"""The word list every post is screened with, read once per change and compiled once per worker.

The entries live in the shared configuration cache (see `core.shared_config`) with a token that
every change replaces; each worker keeps the automaton it compiled for the token it last saw, so
a 20,000-entry list is compiled once per change per worker, never per request.
"""

import secrets

from django.db import transaction

from luntan.core.shared_config import forget_shared_config, shared_config

from .models import FilterWord
from .wordfilter import Entry, Matcher, Screening

_CACHE_KEY = "safety:word-list:v1"
_CACHE_SECONDS = 3600
_compiled: tuple[str, Matcher] | None = None


def _read_word_list() -> tuple[str, tuple[Entry, ...]]:
    entries = tuple(
        Entry(pattern, action, replacement)
        for pattern, action, replacement in FilterWord.objects.order_by("pk").values_list(
            "pattern", "action", "replacement"
        )
    )
    return secrets.token_hex(8), entries


def word_matcher() -> Matcher:
    global _compiled
    token, entries = shared_config(_CACHE_KEY, _read_word_list, _CACHE_SECONDS)
    if _compiled is None or _compiled[0] != token:
        _compiled = (token, Matcher(entries))
    return _compiled[1]


def screen(text: str, *, markup: bool = False) -> Screening:
    """What the operator's word list makes of `text` (`markup`: BBCode, whose tags are skipped)."""
    return word_matcher().screen(text, markup=markup)


def forget_word_list() -> None:
    """After a change to the list: now, and again after commit for the workers that read the
    cache in between."""
    forget_shared_config(_CACHE_KEY)
    transaction.on_commit(lambda: forget_shared_config(_CACHE_KEY))
