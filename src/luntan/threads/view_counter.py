"""Thread view counting without writing the thread row on every page view.

Views are buffered — in Redis (HINCRBY on one hash) when the cache is Redis, otherwise in this
process — and added to `Thread.view_count` in batches. The number a reader sees is the stored
count plus what is still pending.

Why no acknowledged view is lost, and none is counted twice:
- A view Redis acknowledged lives in the Redis hash, outside every web process: a worker that is
  killed loses nothing.
- Any process may flush (each worker's timer, `manage.py flush_thread_views`). A flush first
  RENAMEs the live hash to a batch key of its own — atomic, so views counted afterwards start a
  fresh hash and two flushers never hold the same views.
- A batch is applied in chunks of threads, one transaction each; after a chunk commits its fields
  are deleted from the batch, so a flusher that dies mid-way leaves exactly the unapplied part.
- A flush that fails (the database is down, read-only or too slow) releases what it holds: its
  batches are renamed as abandoned at once, so the next flush of any worker — within
  LUNTAN_VIEW_FLUSH_SECONDS — retries them.
- A batch older than `ABANDONED_AFTER` seconds belonged to a flusher that died; the next flush
  claims it with another RENAME (only one flusher can win it) and applies what is left.
- Redis itself must keep what it acknowledged: with `appendonly yes` (AOF, fsync every second) a
  restart loses nothing and a crash of the Redis machine at most its last second. Each worker
  checks this when its flush timer starts and logs a warning when Redis would forget
  (`redis_durability_problem`); `manage.py check --deploy` says the same.
The one window left is a crash between a chunk's commit and its HDEL, which re-applies that chunk:
views may rarely be counted twice, never dropped.

Without Redis (the embedded default) views wait in the process and are flushed by its timer and
when the process exits; a process that is killed outright loses its last few seconds of views.
"""

import atexit
import logging
import threading
import time
import uuid
from collections import Counter

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.db.models import F
from redis.exceptions import RedisError, ResponseError

from luntan.core import page_cache

logger = logging.getLogger(__name__)

_LIVE_KEY = "luntan:thread-views"
_BATCH_PREFIX = "luntan:thread-views:batch:"
ABANDONED_AFTER = 300
_CHUNK = 200


class _LocalBuffer:
    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._pending: Counter[int] = Counter()

    def add(self, thread_id: int) -> int:
        with self._lock:
            self._pending[thread_id] += 1
            return self._pending[thread_id]

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


def _redis():
    """The raw Redis client behind the cache, or None (another cache, or Redis is down)."""
    raw_client = getattr(cache, "raw_client", None)
    return raw_client() if raw_client is not None else None


def _redis_failed(error: Exception) -> None:
    cache.mark_down(error)


def _key(name: str) -> str:
    return settings.CACHES["default"].get("KEY_PREFIX", "") + name


def count_view(thread_id: int) -> None:
    _ensure_timer()
    client = _redis()
    if client is not None:
        try:
            client.hincrby(_key(_LIVE_KEY), str(thread_id), 1)
            return
        except RedisError as error:  # count here rather than lose the view or fail the page
            _redis_failed(error)
    _local.add(thread_id)


def pending_views(thread_ids: list[int]) -> dict[int, int]:
    counts = _local.pending(thread_ids)
    client = _redis()
    if client is not None and thread_ids:
        try:
            values = client.hmget(_key(_LIVE_KEY), [str(t) for t in thread_ids])
        except RedisError as error:
            _redis_failed(error)
        else:
            for tid, value in zip(thread_ids, values, strict=True):
                counts[tid] += int(value or 0)
    return counts


def flush_views() -> int:
    """Add buffered views to the database; returns how many views were written."""
    written = _flush_local()
    client = _redis()
    if client is not None:
        try:
            written += _flush_redis(client)
        except RedisError as error:  # what was not applied stays in Redis for the next flush
            _redis_failed(error)
    return written


def _apply(counts: dict[int, int]) -> None:
    """Add `counts` to the stored view counts in one transaction. Rows are updated in id order
    so that two flushers touching the same threads queue instead of deadlocking."""
    from .models import Thread

    with transaction.atomic():
        for thread_id, n in sorted(counts.items()):
            Thread.objects.filter(pk=thread_id).update(view_count=F("view_count") + n)
        board_ids = set(
            Thread.objects.filter(pk__in=list(counts)).values_list("board_id", flat=True)
        )
        # Cached pages show stored + pending as of their rendering: re-render with the new sum.
        page_cache.forget_on_commit(
            *(page_cache.thread_scope(t) for t in counts),
            *(page_cache.board_scope(b) for b in board_ids),
        )


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
    batches = _claim_abandoned_batches(client)
    batch_key = _key(f"{_BATCH_PREFIX}{int(time.time())}:{uuid.uuid4().hex}")
    try:
        client.rename(_key(_LIVE_KEY), batch_key)
    except ResponseError as error:  # "no such key": nothing counted since the last flush
        if "no such key" not in str(error).lower():
            raise
    else:
        batches.append(batch_key)
    written = 0
    for done, key in enumerate(batches):
        try:
            written += _apply_batch(client, key)
        except Exception:
            _release(client, batches[done:])
            raise
    return written


def _apply_batch(client, key: str) -> int:
    counts = {int(tid): int(n) for tid, n in client.hgetall(key).items()}
    items = sorted(counts.items())
    written = 0
    for start in range(0, len(items), _CHUNK):
        chunk = dict(items[start : start + _CHUNK])
        _apply(chunk)
        client.hdel(key, *(str(tid) for tid in chunk))
        written += sum(chunk.values())
    return written


def _release(client, keys: list[str]) -> None:
    """Batches this flush could not finish, renamed as abandoned (started at time 0) so that the
    next flush of any worker claims them instead of waiting ABANDONED_AFTER."""
    for key in keys:
        try:
            client.rename(key, _key(f"{_BATCH_PREFIX}0:{uuid.uuid4().hex}"))
        except RedisError:  # Redis went too: the batch waits there for ABANDONED_AFTER
            logger.warning("view counter: batch %s stays until it counts as abandoned", key)


def _claim_abandoned_batches(client) -> list[str]:
    """Batches of a flusher that died, renamed to keys of our own: RENAME lets one flusher win."""
    claimed = []
    prefix = _key(_BATCH_PREFIX)
    for raw in client.scan_iter(match=prefix + "*", count=100):
        key = raw.decode() if isinstance(raw, bytes) else raw
        started = key[len(prefix) :].split(":", 1)[0]
        if not started.isdigit() or int(started) > time.time() - ABANDONED_AFTER:
            continue
        mine = f"{prefix}{int(time.time())}:{uuid.uuid4().hex}"
        try:
            client.rename(key, mine)
        except ResponseError:  # another flusher claimed it first
            continue
        claimed.append(mine)
    return claimed


def _ensure_timer() -> None:
    global _timer_started
    if _timer_started or settings.LUNTAN_VIEW_FLUSH_SECONDS <= 0:
        return
    with _timer_lock:
        if _timer_started:
            return
        _timer_started = True
        threading.Thread(target=_flush_forever, name="luntan-view-flush", daemon=True).start()
        atexit.register(_flush_at_exit)


def redis_durability_problem() -> str | None:
    """Why Redis would forget acknowledged views on a restart, or None when it keeps them, is
    not the cache, or does not let us ask (as some managed services do)."""
    client = _redis()
    if client is None:
        return None
    try:
        appendonly = client.config_get("appendonly").get("appendonly")
    except RedisError:
        return None
    if appendonly == "yes":
        return None
    return (
        "Redis runs without appendonly (AOF): views it acknowledged are lost when it restarts. "
        "Set `appendonly yes` in redis.conf (docs/production.md §5)."
    )


def _warn_if_redis_forgets() -> None:
    if problem := redis_durability_problem():
        logger.warning("view counter: %s", problem)


def _flush_forever() -> None:
    _warn_if_redis_forgets()
    while True:
        time.sleep(settings.LUNTAN_VIEW_FLUSH_SECONDS)
        try:
            flush_views()
        except Exception:
            logger.exception("view counter: flush failed; views stay buffered")


def _flush_at_exit() -> None:
    """A worker stopped by its server (gunicorn's max_requests, a reload) writes what it holds."""
    try:
        _flush_local()
    except Exception:
        logger.exception("view counter: views buffered in this process were lost at exit")
