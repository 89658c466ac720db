"""The site-wide configuration every request reads (site settings, the permission table, the
credit rules, the member groups), kept by each worker between requests. One mechanism keeps all
of them true; docs/architecture.md states it for operators.

Each piece lives in the cache under its own key, stamped with the time it was read from the
database. A worker also keeps the copy it read, together with the configuration's *generation*:
a token in the cache that every change replaces. `SharedConfigMiddleware` reads the generation
once per request, and the background worker once per task (`one_generation`, luntan/celery.py),
so each pays one cache read for the whole configuration instead of one read and one unpickling
per piece.

Two ways a change arrives:
- **Forgotten**: a write through the models or the admin calls `forget_shared_config`, now and
  again after its commit; every worker reads the change on its next request.
- **Not forgotten** (a bulk `.update()`, a data migration, the shell, another program): no copy
  is used once it is `LUNTAN_CONFIG_MAX_AGE` seconds older than its database read, in the cache
  or in a worker. The worker that reads the database anew compares a digest of what it read with
  the previous one; if they differ it starts a new generation and forgets every cached page, as
  a forgotten change does. So every worker and every page follows within that bound.

Outside a request or task (commands, tests calling the functions directly) every call reads the
cache.
The copies are shared by the requests of a worker: callers treat them as read-only.
"""

import hashlib
import pickle
import secrets
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any, NamedTuple, TypeVar

from django.conf import settings
from django.core.cache import cache
from django.db import transaction

from . import page_cache

T = TypeVar("T")

_GENERATION_KEY = "config:generation"
_generation: ContextVar[str | None] = ContextVar("shared_config_generation", default=None)


class _Copy(NamedTuple):
    read_at: float  # wall-clock time of the database read, comparable across workers
    value: Any


_copies: dict[str, tuple[str, _Copy]] = {}


def shared_config(key: str, build: Callable[[], T], seconds: int | None = None) -> T:
    """The value cached under `key`, built by `build()` from the database when missing or older
    than `LUNTAN_CONFIG_MAX_AGE` (or `seconds`, if shorter); during a request, this worker's copy
    while the generation it was read under holds and it is not older than that either."""
    now = time.time()
    max_age = min(seconds or settings.LUNTAN_CONFIG_MAX_AGE, settings.LUNTAN_CONFIG_MAX_AGE)
    generation = _generation.get()
    if generation is not None:
        kept = _copies.get(key)
        if kept is not None and kept[0] == generation and now - kept[1].read_at < max_age:
            return kept[1].value
    copy = cache.get(key)
    if not isinstance(copy, _Copy) or now - copy.read_at >= max_age:
        copy = _Copy(now, build())
        cache.set(key, copy, max_age)
        _notice_change(key, copy.value)
    if generation is not None:
        _copies[key] = (generation, copy)
    return copy.value


def forget_shared_config(key: str) -> None:
    """Drop `key` from the cache and start a new generation, so every worker's copy is stale:
    at once (the request that made the change reads it anew) and again after the commit,
    because another reader may have re-filled the cache from the old rows meanwhile."""
    _forget(key)
    transaction.on_commit(lambda: _forget(key))


def _forget(key: str) -> None:
    _copies.pop(key, None)
    cache.delete(key)
    _new_generation()


def _new_generation() -> None:
    cache.set(_GENERATION_KEY, secrets.token_hex(8), None)


def _notice_change(key: str, value: Any) -> None:
    """After a database read: if the value differs from the last one read (a change nobody
    forgot), every worker's copy and every cached page are stale."""
    digest = hashlib.blake2b(pickle.dumps(value), digest_size=16).hexdigest()
    digest_key = f"config:digest:{key}"
    previous = cache.get(digest_key)
    if previous == digest:
        return
    cache.set(digest_key, digest, None)
    if previous is not None:
        _new_generation()
        page_cache.forget(page_cache.SITE)


def _current_generation() -> str | None:
    generation = cache.get(_GENERATION_KEY)
    if generation is None:
        # First request since the cache was emptied. If another worker's token won the race,
        # this request keeps no copies; its next one reads the winner.
        generation = secrets.token_hex(8)
        if not cache.add(_GENERATION_KEY, generation, None):
            return None
    return generation


@contextmanager
def one_generation() -> Iterator[None]:
    """A request's or a task's span: this process's copies serve it while the generation read
    here holds. Inside another such span (a task run in the request that queued it) that one's
    generation stands."""
    if _generation.get() is not None:
        yield
        return
    token = _generation.set(_current_generation())
    try:
        yield
    finally:
        _generation.reset(token)


class SharedConfigMiddleware:
    """Reads the configuration's generation for the request (see the module)."""

    def __init__(self, get_response) -> None:
        self.get_response = get_response

    def __call__(self, request):
        with one_generation():
            return self.get_response(request)
