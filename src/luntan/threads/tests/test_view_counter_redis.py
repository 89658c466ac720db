"""Views buffered in the real Redis (the PostgreSQL and MariaDB passes of `make test`)."""

import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest
from django.conf import settings

from luntan.conftest import make_thread
from luntan.threads import view_counter
from luntan.threads.models import Thread
from luntan.threads.view_counter import count_view, flush_views, pending_views

pytestmark = pytest.mark.skipif(
    not settings.REDIS_URL,
    reason="needs REDIS_URL: the view buffer is in-process on the SQLite pass",
)

SRC = Path(__file__).resolve().parents[3]


def _stored(thread) -> int:
    return Thread.objects.get(pk=thread.pk).view_count


def _redis():
    return view_counter._redis()


@pytest.mark.django_db
def test_views_a_killed_worker_counted_in_redis_are_all_written(board, alice):
    thread = make_thread(board, alice)
    worker = textwrap.dedent(f"""
        import os, signal, django
        import luntan.settings.test as config
        config.CACHES["default"]["KEY_PREFIX"] = {settings.CACHES["default"]["KEY_PREFIX"]!r}
        django.setup()
        from luntan.threads.view_counter import count_view
        for _ in range(7):
            count_view({thread.pk})
        os.kill(os.getpid(), signal.SIGKILL)
    """)
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "luntan.settings.test", "PYTHONPATH": str(SRC)}
    process = subprocess.run([sys.executable, "-c", worker], env=env, check=False)
    assert process.returncode == -signal.SIGKILL
    assert pending_views([thread.pk])[thread.pk] == 7
    assert flush_views() == 7
    assert _stored(thread) == 7
    assert pending_views([thread.pk])[thread.pk] == 0


@pytest.mark.django_db
def test_views_counted_while_a_flush_runs_wait_for_the_next_flush(board, alice, monkeypatch):
    thread = make_thread(board, alice)
    for _ in range(3):
        count_view(thread.pk)
    apply = view_counter._apply

    def apply_while_readers_keep_coming(counts):
        count_view(thread.pk)  # lands in the fresh hash: the batch was renamed away
        apply(counts)

    monkeypatch.setattr(view_counter, "_apply", apply_while_readers_keep_coming)
    assert flush_views() == 3
    monkeypatch.setattr(view_counter, "_apply", apply)
    assert pending_views([thread.pk])[thread.pk] == 1
    assert flush_views() == 1
    assert _stored(thread) == 4


@pytest.mark.django_db
def test_a_batch_left_by_a_dead_flusher_is_written_once(board, alice):
    thread = make_thread(board, alice)
    for _ in range(5):
        count_view(thread.pk)
    client = _redis()
    old = int(time.time()) - view_counter.ABANDONED_AFTER - 1
    dead_batch = view_counter._key(f"{view_counter._BATCH_PREFIX}{old}:dead")
    client.rename(view_counter._key(view_counter._LIVE_KEY), dead_batch)
    count_view(thread.pk)
    assert flush_views() == 6
    assert flush_views() == 0
    assert _stored(thread) == 6


@pytest.mark.django_db
def test_a_batch_another_flusher_is_still_writing_is_left_alone(board, alice):
    thread = make_thread(board, alice)
    for _ in range(2):
        count_view(thread.pk)
    client = _redis()
    busy_batch = view_counter._key(f"{view_counter._BATCH_PREFIX}{int(time.time())}:busy")
    client.rename(view_counter._key(view_counter._LIVE_KEY), busy_batch)
    assert flush_views() == 0
    assert client.exists(busy_batch)
    client.delete(busy_batch)


@pytest.mark.django_db
def test_a_flush_that_fails_half_way_leaves_only_the_unwritten_threads(board, alice, monkeypatch):
    threads = [make_thread(board, alice, title=f"主題{n}") for n in range(3)]
    for thread in threads:
        count_view(thread.pk)
    monkeypatch.setattr(view_counter, "_CHUNK", 1)
    apply = view_counter._apply
    calls = []

    def database_goes_away_on_the_second_chunk(counts):
        calls.append(counts)
        if len(calls) == 2:
            raise RuntimeError("database restarted")
        apply(counts)

    monkeypatch.setattr(view_counter, "_apply", database_goes_away_on_the_second_chunk)
    with pytest.raises(RuntimeError):
        flush_views()
    monkeypatch.setattr(view_counter, "_apply", apply)
    monkeypatch.setattr(view_counter, "ABANDONED_AFTER", -1)  # the failed batch counts as dead
    assert flush_views() == 2
    assert [_stored(t) for t in threads] == [1, 1, 1]
