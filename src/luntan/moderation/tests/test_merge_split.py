"""合并 and 分割 through the thread page."""

from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from luntan.conftest import make_thread
from luntan.posting.services import reply_to_thread, start_thread
from luntan.threads.models import Post, Thread

from .recount import assert_recount_changes_nothing

pytestmark = pytest.mark.django_db


def at(minutes: int):
    return timezone.now() - timedelta(hours=1) + timedelta(minutes=minutes)


def test_merge_renumbers_floors_in_time_order_and_old_addresses_answer_301(
    mod_client, mod, board, market, alice, bob
):
    market.moderators.add(mod)
    target = start_thread(board=board, author=alice, title="主帖", body="A1", created_at=at(0))
    source = start_thread(board=market, author=bob, title="重複帖", body="B1", created_at=at(1))
    reply_to_thread(thread=target, author=bob, body="A2", created_at=at(2))
    reply_to_thread(thread=source, author=alice, body="B2", created_at=at(3))
    reply_to_thread(thread=target, author=bob, body="A3", created_at=at(4))
    response = mod_client.post(
        reverse("thread-moderate", args=[source.pk]),
        {
            "action": "merge",
            "into": f"https://example.test/thread/{target.pk}/",
            "board": market.pk,
        },
    )
    assert response.status_code == 302
    bodies = list(Post.objects.filter(thread=target).order_by("floor").values_list("body", "floor"))
    assert bodies == [("A1", 1), ("B1", 2), ("A2", 3), ("B2", 4), ("A3", 5)]
    assert Thread.objects.get(pk=source.pk).is_deleted
    target.refresh_from_db()
    board.refresh_from_db()
    market.refresh_from_db()
    assert (target.reply_count, target.last_floor) == (4, 5)
    assert (board.thread_count, board.post_count, market.thread_count, market.post_count) == (
        1,
        5,
        0,
        0,
    )
    old_floor = Client().get(reverse("thread-floor", args=[source.pk, 2]))
    assert old_floor.status_code == 301
    assert old_floor.url == f"/thread/{target.pk}/#floor-4"
    old_thread = Client().get(reverse("thread", args=[source.pk]))
    assert (old_thread.status_code, old_thread.url) == (301, f"/thread/{target.pk}/#floor-2")
    assert_recount_changes_nothing()


def test_merging_needs_both_boards(mod_client, board, market, alice):
    here = make_thread(board, alice)
    there = make_thread(market, alice)
    response = mod_client.post(
        reverse("thread-moderate", args=[here.pk]),
        {"action": "merge", "into": str(there.pk), "board": board.pk},
    )
    assert response.status_code == 403
    assert Thread.objects.filter(pk=here.pk).exists()


def test_split_moves_chosen_floors_into_a_new_thread(mod_client, board, alice, bob):
    thread = make_thread(board, alice, replies=4, repliers=[bob])
    response = mod_client.post(
        reverse("posts-moderate", args=[thread.pk]),
        {"action": "split", "floors": [3, 5], "title": "分出來的討論", "board": board.pk},
    )
    new = Thread.objects.get(title="分出來的討論")
    assert response.status_code == 302 and response.url == new.get_absolute_url()
    assert list(Post.objects.filter(thread=new).order_by("floor").values_list("floor", "body")) == [
        (1, "第 3 樓"),
        (2, "第 5 樓"),
    ]
    assert new.author == bob and new.reply_count == 1
    thread.refresh_from_db()
    board.refresh_from_db()
    assert thread.reply_count == 2 and board.thread_count == 2 and board.post_count == 5
    assert_recount_changes_nothing()


def test_split_needs_a_title_and_never_takes_floor_one(mod_client, board, alice, bob):
    thread = make_thread(board, alice, replies=2, repliers=[bob])
    url = reverse("posts-moderate", args=[thread.pk])
    page = mod_client.post(url, {"action": "split", "floors": [2]}, follow=True)
    assert "請填寫新主題的標題" in page.content.decode()
    page = mod_client.post(url, {"action": "split", "floors": [1, 2], "title": "x"}, follow=True)
    assert "樓主除外" in page.content.decode()
    assert Thread.objects.count() == 1
