"""在线会员: readers seen in the last minutes, counted in-process or in Redis; 最后访问 and
在线时间 on the member's page."""

import time

import pytest
from django.test import Client
from django.urls import reverse

from luntan.accounts import online
from luntan.accounts.models import Profile
from luntan.conftest import login, make_user

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _nobody_online(monkeypatch):
    monkeypatch.setattr(online, "_local", online._LocalPresence())
    monkeypatch.setattr(online, "_marked", online._RecentlyMarked())


def test_the_index_counts_members_and_guests_and_lists_the_members(alice, bob):
    login(Client(), alice).get("/")
    Client(REMOTE_ADDR="10.0.0.1").get("/")
    Client(REMOTE_ADDR="10.0.0.2").get("/")
    html = login(Client(), bob).get("/").content.decode()
    assert "4 人在線 - 2 會員, 2 位遊客" in html
    page = Client().get(reverse("online")).content.decode()
    assert "alice" in page and "bob" in page


def test_readers_drop_off_after_the_window(alice, monkeypatch, settings):
    settings.LUNTAN_ONLINE_MINUTES = 15
    login(Client(), alice).get("/")
    assert online.online_now().members == 1
    later = time.time() + 16 * 60
    monkeypatch.setattr(online.time, "time", lambda: later)
    assert online.online_now().members == 0


def test_last_visit_and_online_time_reach_the_member_page(alice, monkeypatch):
    start = time.time()
    monkeypatch.setattr(online.time, "time", lambda: start)
    client = login(Client(), alice)
    client.get("/")
    profile = Profile.objects.get(user=alice)
    assert profile.last_seen_at is not None and profile.online_seconds == 0
    # Active again after the write interval: the stay since the last write is added.
    from django.core.cache import cache

    cache.delete(f"online:write:{alice.pk}")
    monkeypatch.setattr(online.time, "time", lambda: start + 300)
    client.get("/")
    assert Profile.objects.get(user=alice).online_seconds == 300
    html = client.get(reverse("member", args=[alice.pk])).content.decode()
    assert 'class="last-seen"' in html


def test_a_members_index_page_from_the_shared_cache_shows_the_current_count(alice, bob, settings):
    settings.LUNTAN_PAGE_CACHE_SECONDS = 300
    first = login(Client(), alice).get("/").content.decode()
    assert "1 人在線 - 1 會員" in first
    second = login(Client(), bob).get("/").content.decode()
    assert "2 人在線 - 2 會員" in second
    make_user("idle")  # not seen: not online
