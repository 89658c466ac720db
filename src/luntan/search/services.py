"""Writes to the search index. The index follows the posts, never the other way round:

* every write that changes what a post's entry should be — posting, editing, deleting, moving,
  moderating, the admin — calls `queue_reindex` inside its own transaction: a `PendingReindex`
  row commits (or rolls back) with the change itself, so nothing is lost if the process dies;
* `flush_pending` writes the queued entries in batches, one transaction each, oldest first. After
  a commit that queued something, it runs in the Celery worker when a broker is configured, else
  in this process's flusher thread, `LUNTAN_SEARCH_FLUSH_SECONDS` later (at once when that is 0).
  The analyser (and rjieba's 40 MB) is then loaded by whoever flushes, not by every web worker;
* `manage.py rebuild_search_index` (and `load_dataset`) walks every post through `reindex_posts`.

What the index holds is decided in one place, `indexable_posts`; searches apply the readers'
permissions on top (luntan.search.querysets), so an entry that is briefly stale never leaks.
"""

import html
import logging
import os
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager

from django.conf import settings
from django.db import DatabaseError, connection, connections, transaction
from django.utils import timezone
from django.utils.html import strip_tags

from luntan.core.shared_config import shared_config
from luntan.threads.models import Post

from .analysis import index_tokens
from .models import WORDS_CACHE_KEY, PendingReindex, RebuildProgress, SearchEntry, SearchWord

log = logging.getLogger(__name__)

BATCH_SIZE = 500


def dictionary_words() -> tuple[str, ...]:
    """The operator's words (admin → 搜索词典), as every worker's segmenter should know them."""
    return shared_config(
        WORDS_CACHE_KEY,
        lambda: tuple(SearchWord.objects.order_by("word").values_list("word", flat=True)),
        3600,
    )


def indexable_posts():
    """The posts the index holds: neither they nor their thread deleted, not 屏蔽 by a moderator.
    (Posts held for review are not posts yet: safety keeps them apart until approved.)"""
    return Post.objects.filter(is_deleted=False, is_hidden=False, thread__is_deleted=False)


def plain_text(post_html: str) -> str:
    """A post's text as readers see it (rendered HTML without tags), for tokens and snippets."""
    return html.unescape(strip_tags(post_html))


def _entry(*, post_id: int, thread_id: int, floor: int, post_html: str, title: str, words):
    text = plain_text(post_html)
    return SearchEntry(
        post_id=post_id,
        thread_id=thread_id,
        title=index_tokens(title, words) if floor == 1 else "",
        words=index_tokens(f"{title}\n{text}" if floor == 1 else text, words),
    )


def _write_entries(post_ids: list[int]) -> None:
    """These posts' entries as their rows are now: written for indexable posts, removed for
    others. Inside the caller's transaction and turn (`_turn`)."""
    words = dictionary_words()
    posts = indexable_posts().filter(pk__in=post_ids)
    entries = [
        _entry(
            post_id=pk, thread_id=thread_id, floor=floor, post_html=text, title=title, words=words
        )
        for pk, thread_id, floor, text, title in posts.values_list(
            "pk", "thread_id", "floor", "html", "thread__title"
        )
    ]
    SearchEntry.objects.filter(pk__in=post_ids).delete()
    SearchEntry.objects.bulk_create(entries)


# Arbitrary, fixed: PostgreSQL's advisory lock for the index writers' turn (per database).
_TURN_KEY = 0x6C756E74616E_16
# Seconds a writer waits for its turn on MariaDB before leaving the queue to the one writing.
_TURN_WAIT = 30


class _NotMyTurn(Exception):
    pass


@contextmanager
def _turn() -> Iterator[None]:
    """A transaction in which this process alone writes index entries. Writers take turns so
    that one that read a post before an edit never overwrites the entry another wrote after it
    (the edit's own queue row would be gone by then). Turns are per transaction, so a long
    rebuild and the flushers alternate batch by batch."""
    if connection.vendor != "mysql":
        with transaction.atomic():
            if connection.vendor == "postgresql":
                with connection.cursor() as cursor:
                    cursor.execute("SELECT pg_advisory_xact_lock(%s)", [_TURN_KEY])
                    # Entries can always be written again from their posts, and a batch's
                    # queue rows go with it: its commit need not wait for the WAL flush.
                    cursor.execute("SET LOCAL synchronous_commit TO OFF")
            # SQLite: the transaction itself is the turn (IMMEDIATE: one writer at a time).
            yield
        return
    # MariaDB's named locks belong to the session, not the transaction: released by hand.
    name = "CONCAT('luntan-search:', DATABASE())"
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT GET_LOCK({name}, %s)", [_TURN_WAIT])
        if cursor.fetchone()[0] != 1:
            raise _NotMyTurn
        # InnoDB checks an entry's foreign keys with shared locks on its post and thread rows,
        # taken in no order that replies, merges and moves (which lock those rows exclusively)
        # follow: a deadlock that may roll back the moderator's merge rather than the batch.
        # The entries are written from posts just read and can always be rebuilt.
        cursor.execute("SET SESSION foreign_key_checks = 0")
        try:
            with transaction.atomic():
                yield
        finally:
            cursor.execute("SET SESSION foreign_key_checks = 1")
            cursor.execute(f"SELECT RELEASE_LOCK({name})")


def reindex_posts(post_ids: Iterable[int]) -> None:
    """Bring these posts' entries up to date now, in one transaction (the rebuild's batches)."""
    ids = sorted(set(post_ids))
    if ids:
        with _turn():
            _write_entries(ids)


def queue_reindex(*, post_ids: Iterable[int] = (), thread_id: int | None = None) -> None:
    """Have these posts' entries, or every entry of a thread, written again once the current
    transaction commits (see the module's docstring for when); call it inside the transaction
    that makes the change."""
    rows = [(pk, None) for pk in dict.fromkeys(post_ids)]
    if thread_id is not None:
        rows.append((None, thread_id))
    if not rows:
        return
    # One plain INSERT: every reply pays for this, and a model save costs it five times more
    # (a quarter of a millisecond, 4% of a reply on SQLite).
    table = connection.ops.quote_name(PendingReindex._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {table} (post_id, thread_id) VALUES "
            + ", ".join(["(%s, %s)"] * len(rows)),
            [value for row in rows for value in row],
        )
    transaction.on_commit(_flush_soon)


def flush_pending(batch_size: int = BATCH_SIZE) -> int:
    """Write every queued entry, oldest first, `batch_size` queue rows per transaction; the
    number of posts written. Queue rows are deleted in the batch that wrote their entries."""
    done = 0
    try:
        while (written := _flush_batch(batch_size)) is not None:
            done += written
    except _NotMyTurn:
        # Another writer has held the turn all this time: it is emptying the queue.
        log.warning("search index: another writer is flushing; left the queue to it")
    return done


def _flush_batch(batch_size: int) -> int | None:
    """One batch (None when the queue is empty). Posts are read after their queue rows, inside
    the turn, so each entry is at least as new as the change that queued it."""
    with _turn():
        pending = list(PendingReindex.objects.order_by("pk")[:batch_size])
        if not pending:
            return None
        threads = [row for row in pending if row.thread_id is not None]
        if threads:
            # A thread's posts (it may have thousands) join the queue as posts, for batches.
            posts = Post.objects.filter(thread_id__in={row.thread_id for row in threads})
            PendingReindex.objects.bulk_create(
                PendingReindex(post_id=pk) for pk in posts.values_list("pk", flat=True)
            )
            PendingReindex.objects.filter(pk__in=[row.pk for row in threads]).delete()
            return 0
        post_ids = sorted({row.post_id for row in pending})
        _write_entries(post_ids)
        PendingReindex.objects.filter(pk__in=[row.pk for row in pending]).delete()
        return len(post_ids)


def _flush_quietly() -> None:
    try:
        flush_pending()
    except DatabaseError:
        # The queue rows stay: the next flush of any process writes them. A reader or poster
        # must never get an error page for the index.
        log.exception("search index: flush failed; changes stay queued")


def _flush_soon() -> None:
    """After a commit that queued changes."""
    from .tasks import flush_search_index, queue_flush

    delay = settings.LUNTAN_SEARCH_FLUSH_SECONDS
    if not flush_search_index.app.conf.task_always_eager:  # a broker: the worker writes
        queue_flush(delay)
    elif delay <= 0:
        _flush_quietly()
    else:
        _flusher.wake()


class _Flusher:
    """This process's index writer when there is no broker: a daemon thread woken by each
    commit that queued a change; it waits `LUNTAN_SEARCH_FLUSH_SECONDS` (changes arriving
    meanwhile join the batch), then flushes the whole queue, whichever process filled it."""

    def __init__(self) -> None:
        self._wake = threading.Event()
        self._start_lock = threading.Lock()
        self._pid: int | None = None

    def wake(self) -> None:
        if self._pid != os.getpid():  # not started, or started in the parent before a fork
            with self._start_lock:
                if self._pid != os.getpid():
                    thread = threading.Thread(target=self._run, name="search-flush", daemon=True)
                    thread.start()
                    self._pid = os.getpid()
        self._wake.set()

    def _run(self) -> None:
        while True:
            self._wake.wait()
            time.sleep(settings.LUNTAN_SEARCH_FLUSH_SECONDS)
            self._wake.clear()
            try:
                _flush_quietly()
            finally:
                # This thread's own connections; the next flush opens fresh ones.
                connections.close_all()


_flusher = _Flusher()


def rebuild(
    *, resume: bool = False, batch_size: int = BATCH_SIZE, progress: Callable[[int], None]
) -> int:
    """Re-index every post in id order, `batch_size` per transaction; the number of posts done.
    Entries are replaced batch by batch, so search keeps working meanwhile. The last finished
    batch is recorded: `resume=True` carries on after it."""
    state = RebuildProgress.objects.first()
    if state is None or not resume or state.finished_at is not None:
        RebuildProgress.objects.all().delete()
        state = RebuildProgress.objects.create(started_at=timezone.now())
    done = 0
    while True:
        ids = list(
            Post.objects.filter(pk__gt=state.last_post_id)
            .order_by("pk")
            .values_list("pk", flat=True)[:batch_size]
        )
        if not ids:
            break
        reindex_posts(ids)
        state.last_post_id = ids[-1]
        state.save(update_fields=["last_post_id"])
        done += len(ids)
        progress(len(ids))
    state.finished_at = timezone.now()
    state.save(update_fields=["finished_at"])
    # Changes queued meanwhile (or left by a process that died) are written now too.
    flush_pending()
    _settle_index()
    return done


# FTS5 pages merged per transaction after a rebuild (0.1–0.4 s of the writer's lock each).
MERGE_PAGES = 500


def _settle_index() -> None:
    """After a rebuild: fresh statistics for the planners; on PostgreSQL a vacuum too when the
    rebuild runs on its own (a title search counts titled entries in an index alone only where
    the visibility map says their rows need not be read: 0.5 ms instead of 3); on SQLite one
    FTS5 segment instead of one per batch (left as they are, the next posts paid for merging
    them: 85 ms each on 50,000 posts). FTS5's own 'optimize' would merge them in one
    transaction, holding the only writer's lock throughout (minutes on a million posts, while
    nobody can post): they are merged MERGE_PAGES at a time instead, until a step does nothing
    (fewer than two changes, as FTS5 documents)."""
    for table in ("search_fts", "search_titles") if connection.vendor == "sqlite" else ():
        while True:
            with transaction.atomic(), connection.cursor() as cursor:
                before = connection.connection.total_changes
                cursor.execute(
                    f"INSERT INTO {table}({table}, rank) VALUES ('merge', %s)", [-MERGE_PAGES]
                )
                if connection.connection.total_changes - before < 2:
                    break
    with connection.cursor() as cursor:
        if connection.vendor == "mysql":
            cursor.execute("ANALYZE TABLE search_searchentry")
        elif connection.vendor == "postgresql" and not connection.in_atomic_block:
            cursor.execute("VACUUM (ANALYZE) search_searchentry")
        else:
            cursor.execute("ANALYZE search_searchentry")
