"""A Redis outage costs speed, never pages: a real redis-server is started for each test, used,
then killed while the site keeps answering."""

import shutil
import socket
import subprocess
import time

import pytest
import redis
from django.test import Client
from django.urls import reverse

from luntan.conftest import PASSWORD, login, make_thread
from luntan.threads.models import Post
from luntan.threads.view_counter import pending_views

pytestmark = pytest.mark.skipif(
    shutil.which("redis-server") is None, reason="redis-server is not installed"
)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def own_redis(settings):
    """A private redis-server as the cache (and session cache), with the page cache on."""
    port = _free_port()
    server = subprocess.Popen(
        [
            "redis-server",
            "--port",
            str(port),
            "--bind",
            "127.0.0.1",
            "--save",
            "",
            "--appendonly",
            "no",
        ],
        stdout=subprocess.DEVNULL,
    )
    client = redis.Redis(port=port)
    for _ in range(100):
        try:
            client.ping()
            break
        except redis.ConnectionError:
            time.sleep(0.05)
    settings.CACHES = {
        "default": {
            "BACKEND": "luntan.core.redis_cache.ResilientRedisCache",
            "LOCATION": f"redis://127.0.0.1:{port}/0",
            "KEY_PREFIX": "outage-test",
        }
    }
    settings.SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
    settings.LUNTAN_PAGE_CACHE_SECONDS = 300
    yield server
    server.kill()
    server.wait()


def _stop(server: subprocess.Popen) -> None:
    server.kill()
    server.wait()


def test_pages_still_answer_and_count_views_after_redis_is_killed(own_redis, client, board, alice):
    thread = make_thread(board, alice, replies=2)
    urls = ["/", board.get_absolute_url(), thread.get_absolute_url()]
    for url in urls:
        client.get(url)
        assert client.get(url).status_code == 200  # served from Redis
    _stop(own_redis)
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
        assert "測試主題" in response.content.decode()
    # Two views went to Redis and died with it; the one after the outage waits in the process.
    assert pending_views([thread.pk])[thread.pk] == 1


def test_a_member_stays_logged_in_and_can_post_while_redis_is_down(
    own_redis, settings, board, alice
):
    settings.LUNTAN_POST_INTERVAL = 10
    thread = make_thread(board, alice)
    member = login(Client(), alice)
    assert 'class="me"' in member.get(thread.get_absolute_url()).content.decode()
    _stop(own_redis)
    assert 'class="me"' in member.get(thread.get_absolute_url()).content.decode()
    for body in ("停電時的回覆", "又一條回覆"):  # flood control fails open: both are accepted
        response = member.post(reverse("thread-reply", args=[thread.pk]), {"body": body})
        assert response.status_code == 302
    assert Post.objects.filter(thread=thread).count() == 3


def test_a_visitor_can_log_in_while_redis_is_down(own_redis, client, alice):
    _stop(own_redis)
    response = client.post(
        reverse("account_login"), {"login": "alice", "password": PASSWORD}, follow=True
    )
    assert response.status_code == 200
    assert 'class="me"' in response.content.decode()
