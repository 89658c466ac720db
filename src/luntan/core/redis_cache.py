"""Django's Redis cache, made to degrade instead of failing when Redis is unreachable.

Everything luntan keeps in the cache can be rebuilt or done without: cached pages and fragments
are re-rendered, sessions fall back to the database (`cached_db`), buffered views fall back to the
process. So a Redis outage must cost speed, never a 500. Every call gets a short socket timeout;
a failure opens a breaker for `RETRY_SECONDS`, during which calls answer at once as if the cache
were empty, instead of each request waiting for a timeout again.

What a failed call answers:
- reads (get, get_many, has_key) answer "not cached";
- writes (set, set_many, delete, touch, clear) are dropped;
- `add` answers True and `incr` answers `delta`: rate limits and flood control that count in the
  cache *fail open* while Redis is down — members can still post and log in, and the database
  constraints (unique floors, the form's client token) keep data correct. See docs/production.md.
"""

import logging
import threading
import time
from collections.abc import Callable
from typing import Any, TypeVar

from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.redis import RedisCache, RedisCacheClient
from redis.exceptions import RedisError

logger = logging.getLogger(__name__)

T = TypeVar("T")

RETRY_SECONDS = 5.0
_DEFAULT_OPTIONS = {"socket_connect_timeout": 0.25, "socket_timeout": 0.5}


class _ReusedClient(RedisCacheClient):
    """Django builds a new redis-py client for every call, and building one (it copies ~170
    response callbacks) cost more CPU than the command itself on a cached page. A client is
    thread-safe and cheap to keep: one per connection pool."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self._clients: dict[int, Any] = {}

    def get_client(self, key=None, *, write=False):
        index = self._get_connection_pool_index(write)
        client = self._clients.get(index)
        if client is None:
            if index not in self._pools:
                self._pools[index] = self._pool_class.from_url(
                    self._servers[index], **self._pool_options
                )
            client = self._clients[index] = self._client(connection_pool=self._pools[index])
        return client


class ResilientRedisCache(RedisCache):
    def __init__(self, server, params: dict) -> None:
        params = {**params, "OPTIONS": {**_DEFAULT_OPTIONS, **params.get("OPTIONS", {})}}
        super().__init__(server, params)
        self._class = _ReusedClient
        self._down_until = 0.0
        self._breaker_lock = threading.Lock()

    # --- the breaker -------------------------------------------------------------------------

    @property
    def available(self) -> bool:
        """False while the breaker is open after a failure."""
        return time.monotonic() >= self._down_until

    def mark_down(self, error: Exception) -> None:
        with self._breaker_lock:
            was_up = self.available
            self._down_until = time.monotonic() + RETRY_SECONDS
        if was_up:
            logger.warning(
                "Redis cache unreachable (%s); serving uncached for %ss", error, RETRY_SECONDS
            )

    def _guard(self, call: Callable[[], T], fallback: T) -> T:
        if not self.available:
            return fallback
        try:
            return call()
        except RedisError as error:
            self.mark_down(error)
            return fallback

    def raw_client(self) -> Any | None:
        """The redis-py client for commands Django's cache API lacks (HINCRBY, RENAME…), or None
        while the breaker is open. Callers catch RedisError and call `mark_down`."""
        if not self.available:
            return None
        return self._cache.get_client(write=True)

    # --- the cache API: Django's, each call behind the breaker --------------------------------

    def get(self, key, default=None, version=None):
        return self._guard(
            lambda: super(ResilientRedisCache, self).get(key, default, version), default
        )

    def get_many(self, keys, version=None) -> dict:
        return self._guard(lambda: super(ResilientRedisCache, self).get_many(keys, version), {})

    def has_key(self, key, version=None) -> bool:
        return self._guard(lambda: super(ResilientRedisCache, self).has_key(key, version), False)

    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None) -> None:
        self._guard(
            lambda: super(ResilientRedisCache, self).set(key, value, timeout, version), None
        )

    def set_many(self, data, timeout=DEFAULT_TIMEOUT, version=None) -> list:
        return self._guard(
            lambda: super(ResilientRedisCache, self).set_many(data, timeout, version), []
        )

    def add(self, key, value, timeout=DEFAULT_TIMEOUT, version=None) -> bool:
        return self._guard(
            lambda: super(ResilientRedisCache, self).add(key, value, timeout, version), True
        )

    def touch(self, key, timeout=DEFAULT_TIMEOUT, version=None) -> bool:
        return self._guard(
            lambda: super(ResilientRedisCache, self).touch(key, timeout, version), False
        )

    def incr(self, key, delta=1, version=None) -> int:
        return self._guard(
            lambda: super(ResilientRedisCache, self).incr(key, delta, version), delta
        )

    def delete(self, key, version=None) -> bool:
        return self._guard(lambda: super(ResilientRedisCache, self).delete(key, version), False)

    def delete_many(self, keys, version=None) -> None:
        self._guard(lambda: super(ResilientRedisCache, self).delete_many(keys, version), None)

    def clear(self) -> bool:
        """Delete this site's keys only (those under KEY_PREFIX), never the whole Redis database:
        another site, a test run or the view buffer of another prefix may share it."""
        if not self.key_prefix:
            return self._guard(lambda: super(ResilientRedisCache, self).clear(), False)
        return self._guard(self._clear_prefix, False)

    def _clear_prefix(self) -> bool:
        client = self._cache.get_client(write=True)
        batch = []
        for key in client.scan_iter(match=f"{self.key_prefix}*", count=1000):
            batch.append(key)
            if len(batch) >= 1000:
                client.delete(*batch)
                batch.clear()
        if batch:
            client.delete(*batch)
        return True
