"""Thread view counting without writing the thread row on every page view.

Views are buffered — in Redis (HINCRBY on one hash) when the cache is Redis, otherwise in this
process — and added to `Thread.view_count` in batches. The number a reader sees is the stored
count plus what is still pending. Any process may flush: the Redis hash is renamed atomically
before it is read, so two flushers never apply the same views twice.
"""

import logging
import threading
import time
import uuid
from collections import Counter

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.db.models import F

logger = logging.getLogger(__name__)

_REDIS_KEY = "luntan:thread-views"
_REDIS_FLUSHING_PREFIX = "luntan:thread-views:flushing:"


def _redis_client():
    """The raw client behind Django's Redis cache, or None with any other cache."""
    backend = getattr(cache, "_cache", None)
    if backend is None or not hasattr(backend, "get_client"):
        return None
    return backend.get_client(write=True)


class _LocalBuffer:
    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._pending: Counter[int] = Counter()

    def add(self, thread_id: int) -> None:
        with self._lock:
            self._pending[thread_id] += 1

    def pending(self, thread_ids: list[int]) -> dict[int, int]:
        with self._lock:
            return {tid: self._pending.get(tid, 0) for tid in thread_ids}

    def take_all(self) -> dict[int, int]:
        with self._lock:
            taken, self._pending = dict(self._pending), Counter()
        return taken

    def give_back(self, counts: dict[int, int]) -> None:
        with self._lock:
            self._pending.update(counts)


_local = _LocalBuffer()
_timer_started = False
_timer_lock = threading.Lock()


def _key_prefix() -> str:
    return settings.CACHES["default"].get("KEY_PREFIX", "")


def count_view(thread_id: int) -> None:
    _ensure_timer()
    client = _redis_client()
    if client is not None:
        try:
            client.hincrby(_key_prefix() + _REDIS_KEY, str(thread_id), 1)
            return
        except Exception:  # Redis down: count locally rather than lose the view or fail the page.
            logger.warning("view counter: Redis unavailable, buffering in process", exc_info=True)
    _local.add(thread_id)


def pending_views(thread_ids: list[int]) -> dict[int, int]:
    counts = _local.pending(thread_ids)
    client = _redis_client()
    if client is not None and thread_ids:
        try:
            values = client.hmget(_key_prefix() + _REDIS_KEY, [str(t) for t in thread_ids])
        except Exception:
            logger.warning("view counter: Redis unavailable for pending counts", exc_info=True)
        else:
            for tid, value in zip(thread_ids, values, strict=True):
                counts[tid] += int(value or 0)
    return counts


def flush_views() -> int:
    """Add buffered views to the database; returns how many views were written."""
    written = _flush_local()
    client = _redis_client()
    if client is not None:
        written += _flush_redis(client)
    return written


def _apply(counts: dict[int, int]) -> None:
    from .models import Thread

    with transaction.atomic():
        for thread_id, n in sorted(counts.items()):
            Thread.objects.filter(pk=thread_id).update(view_count=F("view_count") + n)


def _flush_local() -> int:
    counts = _local.take_all()
    if not counts:
        return 0
    try:
        _apply(counts)
    except Exception:
        _local.give_back(counts)
        raise
    return sum(counts.values())


def _flush_redis(client) -> int:
    prefix = _key_prefix()
    # Batches left by a flusher that died between rename and delete are applied first.
    leftovers = list(client.scan_iter(match=prefix + _REDIS_FLUSHING_PREFIX + "*"))
    batch_key = prefix + _REDIS_FLUSHING_PREFIX + uuid.uuid4().hex
    try:
        client.rename(prefix + _REDIS_KEY, batch_key)
    except Exception as error:  # "no such key": nothing was counted since the last flush
        if "no such key" not in str(error).lower():
            raise
    else:
        leftovers.append(batch_key)
    written = 0
    for key in leftovers:
        raw = client.hgetall(key)
        counts = {int(tid): int(n) for tid, n in raw.items()}
        if counts:
            _apply(counts)
            written += sum(counts.values())
        client.delete(key)
    return written


def _ensure_timer() -> None:
    global _timer_started
    if _timer_started or settings.LUNTAN_VIEW_FLUSH_SECONDS <= 0:
        return
    with _timer_lock:
        if _timer_started:
            return
        _timer_started = True
        threading.Thread(target=_flush_forever, name="luntan-view-flush", daemon=True).start()


def _flush_forever() -> None:
    while True:
        time.sleep(settings.LUNTAN_VIEW_FLUSH_SECONDS)
        try:
            flush_views()
        except Exception:
            logger.exception("view counter: flush failed; views stay buffered")
