"""Cached pages of every board and thread an action touches are fresh the moment it commits."""

import pytest
from django.test import Client
from django.urls import reverse

from luntan.conftest import make_thread

pytestmark = pytest.mark.django_db


@pytest.fixture
def page_cache(settings):
    settings.LUNTAN_PAGE_CACHE_SECONDS = 300


def test_a_move_shows_at_once_on_both_cached_boards_and_the_thread(
    page_cache, mod_client, mod, board, market, alice, django_capture_on_commit_callbacks
):
    market.moderators.add(mod)
    thread = make_thread(board, alice, title="搬家的主題")
    guest = Client()
    assert "搬家的主題" in guest.get(board.get_absolute_url()).content.decode()
    assert "搬家的主題" not in guest.get(market.get_absolute_url()).content.decode()
    assert market.name not in guest.get(thread.get_absolute_url()).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        mod_client.post(
            reverse("thread-moderate", args=[thread.pk]),
            {"action": "move", "target_board": market.pk, "board": board.pk},
        )
    assert "搬家的主題" not in guest.get(board.get_absolute_url()).content.decode()
    assert "搬家的主題" in guest.get(market.get_absolute_url()).content.decode()
    assert market.name in guest.get(thread.get_absolute_url()).content.decode()


def test_a_global_sticky_shows_at_once_on_other_cached_boards(
    page_cache, mod_client, board, market, alice, django_capture_on_commit_callbacks
):
    thread = make_thread(board, alice, title="全站公告")
    guest = Client()
    assert "全站公告" not in guest.get(market.get_absolute_url()).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        mod_client.post(
            reverse("thread-moderate", args=[thread.pk]),
            {"action": "sticky", "sticky": 3, "board": board.pk},
        )
    assert "全站公告" in guest.get(market.get_absolute_url()).content.decode()


def test_a_deletion_and_its_restore_show_at_once(
    page_cache, mod_client, board, alice, django_capture_on_commit_callbacks
):
    from luntan.moderation.models import RecycleEntry

    thread = make_thread(board, alice, title="要刪的主題")
    guest = Client()
    assert "要刪的主題" in guest.get(board.get_absolute_url()).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        mod_client.post(
            reverse("thread-moderate", args=[thread.pk]),
            {"action": "delete_thread", "reason": "測試", "board": board.pk},
        )
    assert "要刪的主題" not in guest.get(board.get_absolute_url()).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        mod_client.post(reverse("bin-restore", args=[RecycleEntry.objects.get().pk]))
    assert "要刪的主題" in guest.get(board.get_absolute_url()).content.decode()
