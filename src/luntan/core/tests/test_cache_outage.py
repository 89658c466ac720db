"""A Redis outage costs speed, never pages: a real redis-server is started for each test, used,
then killed while the site keeps answering."""

import shutil

import pytest
from django.test import Client
from django.urls import reverse

from luntan.conftest import PASSWORD, login, make_thread
from luntan.core.tests.private_redis import PrivateRedis
from luntan.threads.models import Post
from luntan.threads.view_counter import pending_views

pytestmark = pytest.mark.skipif(
    shutil.which("redis-server") is None, reason="redis-server is not installed"
)


@pytest.fixture
def own_redis(tmp_path, settings):
    """A private redis-server as the cache (and session cache), with the page cache on."""
    server = PrivateRedis(tmp_path, appendonly=False).start()
    settings.CACHES = server.cache_settings("outage-test")
    settings.SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
    settings.LUNTAN_PAGE_CACHE_SECONDS = 300
    yield server
    server.stop()


def test_pages_still_answer_and_count_views_after_redis_is_killed(own_redis, client, board, alice):
    thread = make_thread(board, alice, replies=2)
    urls = ["/", board.get_absolute_url(), thread.get_absolute_url()]
    for url in urls:
        client.get(url)
        assert client.get(url).status_code == 200  # served from Redis
    own_redis.stop()
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
    own_redis.stop()
    assert 'class="me"' in member.get(thread.get_absolute_url()).content.decode()
    for body in ("停電時的回覆", "又一條回覆"):  # flood control fails open: both are accepted
        response = member.post(reverse("thread-reply", args=[thread.pk]), {"body": body})
        assert response.status_code == 302
    assert Post.objects.filter(thread=thread).count() == 3


def test_a_visitor_can_log_in_while_redis_is_down(own_redis, client, alice):
    own_redis.stop()
    response = client.post(
        reverse("account_login"), {"login": "alice", "password": PASSWORD}, follow=True
    )
    assert response.status_code == 200
    assert 'class="me"' in response.content.decode()
