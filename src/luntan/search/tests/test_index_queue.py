"""Changes reach the index through the queue: a row in the change's own transaction, written by
the flush (`flush_pending`), which runs after the commit, in batches, in whatever process."""

import time

import pytest
from django.db import transaction

from luntan.boards.models import Board
from luntan.conftest import login
from luntan.moderation.models import Action
from luntan.moderation.services import ThreadOptions, moderate_posts, moderate_thread
from luntan.search import services as search_services
from luntan.search.models import PendingReindex, SearchEntry
from luntan.search.services import flush_pending
from luntan.threads.models import Post

from .helpers import floor_url, found, new_thread, reply

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_post_hidden_by_a_moderator_leaves_the_index_and_comes_back(client, board, alice, mod):
    thread = new_thread(board, alice, "通知", "内容")
    post = reply(thread, alice, "明天停水")
    moderate_posts(
        thread_id=thread.pk, board_id=board.pk, floors=[2], actor=mod, action=Action.HIDE
    )
    assert found(client, "停水") == []
    assert not SearchEntry.objects.filter(pk=post.pk).exists()
    moderate_posts(
        thread_id=thread.pk, board_id=board.pk, floors=[2], actor=mod, action=Action.UNHIDE
    )
    assert found(client, "停水") == [floor_url(post)]


def test_a_moved_thread_is_found_in_its_new_board(client, board, alice, mod):
    other = Board.objects.create(group=board.group, name="二手市场")
    thread = new_thread(board, alice, "出租房屋", "霍林郭勒 两室一厅")
    moderate_thread(
        thread_id=thread.pk,
        board_id=board.pk,
        actor=mod,
        action=Action.MOVE,
        options=ThreadOptions(target_board=other),
    )
    first = floor_url(thread.posts.get(floor=1))
    assert found(client, "霍林郭勒", board=other.pk) == [first]
    assert found(client, "霍林郭勒", board=board.pk) == []
    assert not PendingReindex.objects.exists()


@pytest.mark.parametrize("action", [Action.STICKY, Action.HIGHLIGHT, Action.CLOSE, Action.BUMP])
def test_thread_tools_that_change_no_words_queue_nothing(
    client, board, alice, mod, action, monkeypatch
):
    thread = new_thread(board, alice, "停水通知", "明天")
    # Queue rows stay where a flush would have taken them at once.
    monkeypatch.setattr(search_services, "_flush_soon", lambda: None)
    moderate_thread(
        thread_id=thread.pk,
        board_id=board.pk,
        actor=mod,
        action=action,
        options=ThreadOptions(sticky=1, colour="red"),
    )
    assert not PendingReindex.objects.exists()
    assert found(client, "停水") == [floor_url(thread.posts.get(floor=1))]


def test_a_post_hidden_in_the_admin_leaves_the_index(client, board, alice, root):
    thread = new_thread(board, alice, "通知", "内容")
    post = reply(thread, alice, "明天停水")
    login(client, root)
    response = client.post(
        f"/admin/threads/post/{post.pk}/change/",
        {"is_hidden": "on", "moderated_action": "hide", "moderated_reason": "广告"},
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    assert Post.objects.get(pk=post.pk).is_hidden
    assert not SearchEntry.objects.filter(pk=post.pk).exists()
    client.logout()
    assert found(client, "停水") == []


def test_with_a_delay_the_post_is_written_by_the_flusher_not_by_the_request(
    client, board, alice, settings
):
    settings.LUNTAN_SEARCH_FLUSH_SECONDS = 2
    thread = new_thread(board, alice, "通知", "明天停水")
    posts = [thread.posts.get(floor=1), reply(thread, alice, "后天停电")]
    # The requests are over: each left a queue row, and no entry.
    assert set(PendingReindex.objects.values_list("post_id", flat=True)) == {p.pk for p in posts}
    assert not SearchEntry.objects.exists()
    deadline = time.monotonic() + 30
    while PendingReindex.objects.exists() and time.monotonic() < deadline:
        time.sleep(0.2)
    assert found(client, "停水") == [floor_url(posts[0])]
    assert found(client, "停电") == [floor_url(posts[1])]


def test_what_a_dead_process_queued_is_written_by_the_next_flush_anywhere(board, alice, mod):
    thread = new_thread(board, alice, "通知", "内容")
    posts = [thread.posts.get(floor=1), *(reply(thread, alice, f"第{n}条 停水") for n in range(5))]
    # A process that committed its change and died before flushing: the rows stay queued.
    with transaction.atomic():
        Post.objects.filter(thread=thread).update(is_hidden=True)
        PendingReindex.objects.create(thread_id=thread.pk)
    assert SearchEntry.objects.count() == 6
    # Any other process's flush writes them, a batch (one transaction) per two posts here.
    assert flush_pending(batch_size=2) == 6
    assert not PendingReindex.objects.exists()
    assert not SearchEntry.objects.filter(pk__in=[p.pk for p in posts]).exists()
    # And the next change's own flush (after its commit) finds nothing else to do.
    other = new_thread(board, mod, "别的主题", "别的内容")
    assert list(SearchEntry.objects.values_list("thread_id", flat=True)) == [other.pk]
