"""A reply made while Redis hangs: its invalidation cannot reach Redis (the cache's breaker is
open), so the worker sends it again every RETRY_SECONDS; a guest sees the reply at most that
long after Redis answers again, not after the cached page's whole lifetime (300 s)."""

import shutil
import time

import pytest
from django.test import Client
from django.urls import reverse

from luntan.conftest import login, make_thread
from luntan.core.redis_cache import RETRY_SECONDS
from luntan.core.tests.private_redis import PrivateRedis

pytestmark = pytest.mark.skipif(
    shutil.which("redis-server") is None, reason="redis-server is not installed"
)

REPLY = "Redis 卡住時寫的回覆"


@pytest.fixture
def own_redis(tmp_path, settings):
    server = PrivateRedis(tmp_path, appendonly=False).start()
    settings.CACHES = server.cache_settings("staleness-test")
    settings.LUNTAN_PAGE_CACHE_SECONDS = 300
    yield server
    server.stop()


@pytest.mark.django_db(transaction=True)
def test_a_reply_made_while_redis_hangs_shows_within_the_stated_bound(own_redis, board, alice, bob):
    thread = make_thread(board, alice)
    url = thread.get_absolute_url()
    guest = Client()
    for _ in range(2):
        assert REPLY not in guest.get(url).content.decode()  # rendered, then from the cache

    own_redis.hang()
    guest.get(url)  # times out: the breaker opens, so the reply's invalidation will be skipped
    response = login(Client(), bob).post(reverse("thread-reply", args=[thread.pk]), {"body": REPLY})
    assert response.status_code == 302
    replied = time.monotonic()
    own_redis.resume()

    time.sleep(RETRY_SECONDS + 1.0 - (time.monotonic() - replied))
    page = guest.get(url).content.decode()
    assert REPLY in page
    assert REPLY in guest.get(url).content.decode()  # and the copy cached now has it too
