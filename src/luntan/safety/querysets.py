"""The word list every post is screened with, compiled once per change per worker.

The shared configuration (see `core.shared_config`) holds only the list's version: its size, its
highest id and its latest change, read in one query when the cache has lost it. Each worker keeps
the automaton it compiled for the version it last saw and reads the entries again only when the
version moves, so neither a 20,000-entry list nor its compilation is paid per request, and a
cache eviction costs one small query, not a recompilation.
"""

from django.db import transaction
from django.db.models import Count, Max

from luntan.core.shared_config import forget_shared_config, shared_config

from .models import FilterWord
from .wordfilter import Entry, Matcher, Screening

_CACHE_KEY = "safety:word-list-version"
_CACHE_SECONDS = 3600
_compiled: tuple[tuple, Matcher] | None = None


def _read_version() -> tuple:
    row = FilterWord.objects.aggregate(n=Count("pk"), last=Max("pk"), changed=Max("updated_at"))
    return (row["n"], row["last"], row["changed"])


def word_matcher() -> Matcher:
    global _compiled
    version = shared_config(_CACHE_KEY, _read_version, _CACHE_SECONDS)
    if _compiled is None or _compiled[0] != version:
        rows = FilterWord.objects.order_by("pk").values_list("pattern", "action", "replacement")
        _compiled = (version, Matcher(Entry(*row) for row in rows))
    return _compiled[1]


def screen(text: str, *, markup: bool = False) -> Screening:
    """What the operator's word list makes of `text` (`markup`: BBCode, whose tags are skipped)."""
    return word_matcher().screen(text, markup=markup)


def forget_word_list() -> None:
    """After a change to the list: now, and again after commit for the workers that read the
    cache in between."""
    forget_shared_config(_CACHE_KEY)
    transaction.on_commit(lambda: forget_shared_config(_CACHE_KEY))
