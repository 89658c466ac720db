"""Views Redis acknowledged survive a Redis restart when Redis keeps an append-only file (the
documented requirement, checked at start-up), and a flush the database refused is retried by
the next flush instead of waiting for the batch to count as abandoned. Each test runs its own
redis-server; the shared one is never restarted."""

import shutil

import pytest
from django.core.management import call_command
from django.core.management.base import SystemCheckError
from django.db import connection

from luntan.conftest import make_thread
from luntan.core.tests.private_redis import PrivateRedis
from luntan.threads.models import Thread
from luntan.threads.view_counter import (
    count_view,
    flush_views,
    pending_views,
    redis_durability_problem,
)

pytestmark = pytest.mark.skipif(
    shutil.which("redis-server") is None, reason="redis-server is not installed"
)

VIEWS = 307


def _own_redis(tmp_path, settings, *, appendonly: bool):
    server = PrivateRedis(tmp_path, appendonly=appendonly).start()
    settings.CACHES = server.cache_settings("view-durability")
    return server


def _reconnect(settings, server: PrivateRedis) -> None:
    """A fresh cache client, as a worker has a few seconds after Redis comes back."""
    settings.CACHES = server.cache_settings("view-durability")


@pytest.fixture
def aof_redis(tmp_path, settings):
    server = _own_redis(tmp_path, settings, appendonly=True)
    yield server
    server.stop()


@pytest.fixture
def forgetful_redis(tmp_path, settings):
    server = _own_redis(tmp_path, settings, appendonly=False)
    yield server
    server.stop()


@pytest.mark.django_db
def test_acknowledged_views_survive_a_redis_restart_with_aof(aof_redis, settings, board, alice):
    thread = make_thread(board, alice)
    for _ in range(VIEWS):
        count_view(thread.pk)
    assert redis_durability_problem() is None
    aof_redis.restart()
    _reconnect(settings, aof_redis)
    assert pending_views([thread.pk])[thread.pk] == VIEWS
    assert flush_views() == VIEWS
    assert Thread.objects.get(pk=thread.pk).view_count == VIEWS


@pytest.mark.django_db
def test_redis_without_aof_is_named_at_start_up_and_by_the_deploy_check(
    forgetful_redis, settings, board, alice, caplog
):
    problem = redis_durability_problem()
    assert problem is not None and "appendonly yes" in problem
    with pytest.raises(SystemCheckError, match=r"luntan\.W001"):
        call_command("check", deploy=True, fail_level="WARNING", tags=["caches"])
    # What the warning is about: a restart of such a Redis forgets what it acknowledged.
    thread = make_thread(board, alice)
    count_view(thread.pk)
    forgetful_redis.restart()
    _reconnect(settings, forgetful_redis)
    assert pending_views([thread.pk])[thread.pk] == 0


def _database_read_only(on: bool) -> None:
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute(f"PRAGMA query_only = {'ON' if on else 'OFF'}")
        elif connection.vendor == "postgresql":
            cursor.execute(f"SET default_transaction_read_only = {'on' if on else 'off'}")
        else:
            cursor.execute(f"SET SESSION TRANSACTION {'READ ONLY' if on else 'READ WRITE'}")


@pytest.mark.django_db(transaction=True)
def test_a_flush_the_database_refused_is_retried_by_the_next_flush(aof_redis, board, alice):
    thread = make_thread(board, alice)
    for _ in range(VIEWS):
        count_view(thread.pk)
    _database_read_only(True)
    try:
        with pytest.raises(Exception, match=r"(?i)read.?only"):
            flush_views()
    finally:
        _database_read_only(False)
    count_view(thread.pk)
    # The next timer tick (LUNTAN_VIEW_FLUSH_SECONDS, 30 s in production) writes them all.
    assert flush_views() == VIEWS + 1
    assert flush_views() == 0
    assert Thread.objects.get(pk=thread.pk).view_count == VIEWS + 1
