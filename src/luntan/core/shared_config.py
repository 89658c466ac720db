"""The site-wide configuration every request reads (site settings, the permission table, the
credit rules, the member groups), kept by each worker between requests.

Each piece lives in the cache under its own key, as before. A worker also keeps the copy it read,
stamped with the configuration's *generation*: a token in the cache that every change replaces.
`SharedConfigMiddleware` reads the generation once per request, so a request pays one cache read
for the whole configuration instead of one read and one unpickling per piece, and a change made
by any worker is seen by all of them from their next request. Outside a request (commands,
tests calling the functions directly) every call reads the cache, as before.

The copies are shared by the requests of a worker: callers treat them as read-only.
"""

import secrets
from collections.abc import Callable
from contextvars import ContextVar
from typing import Any, TypeVar

from django.core.cache import cache

T = TypeVar("T")

_GENERATION_KEY = "config:generation"
_generation: ContextVar[str | None] = ContextVar("shared_config_generation", default=None)
_copies: dict[str, tuple[str, Any]] = {}


def shared_config(key: str, build: Callable[[], T], seconds: int) -> T:
    """The value cached under `key`, built by `build()` and cached for `seconds` when missing;
    during a request, this worker's copy while the generation it was read under holds."""
    generation = _generation.get()
    if generation is not None:
        copy = _copies.get(key)
        if copy is not None and copy[0] == generation:
            return copy[1]
    value = cache.get(key)
    if value is None:
        value = build()
        cache.set(key, value, seconds)
    if generation is not None:
        _copies[key] = (generation, value)
    return value


def forget_shared_config(key: str) -> None:
    """Drop `key` from the cache and start a new generation, so every worker's copy is stale
    (this worker's at once: the request that made the change reads it anew)."""
    _copies.pop(key, None)
    cache.delete(key)
    cache.set(_GENERATION_KEY, secrets.token_hex(8), None)


def _current_generation() -> str | None:
    generation = cache.get(_GENERATION_KEY)
    if generation is None:
        # First request since the cache was emptied. If another worker's token won the race,
        # this request keeps no copies; its next one reads the winner.
        generation = secrets.token_hex(8)
        if not cache.add(_GENERATION_KEY, generation, None):
            return None
    return generation


class SharedConfigMiddleware:
    """Reads the configuration's generation for the request (see the module)."""

    def __init__(self, get_response) -> None:
        self.get_response = get_response

    def __call__(self, request):
        token = _generation.set(_current_generation())
        try:
            return self.get_response(request)
        finally:
            _generation.reset(token)
