"""The write path and `recount_forum` agree: what a deletion leaves is what a recount computes,
and a counter broken on purpose is fixed and reported once."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.urls import reverse

from luntan.accounts.models import User
from luntan.boards.models import Board
from luntan.conftest import make_thread
from luntan.posting.services import delete_thread, reply_to_thread
from luntan.threads.models import Post, Thread


def recount(command: str = "recount_forum") -> str:
    out = StringIO()
    call_command(command, stdout=out)
    return out.getvalue()


@pytest.mark.django_db
def test_deleting_the_newest_reply_puts_the_previous_poster_back_everywhere(
    client, bob_client, board, alice, bob
):
    thread = make_thread(board, alice)
    first = Post.objects.get(thread=thread, floor=1)
    reply = reply_to_thread(thread=thread, author=bob, body="我來回覆一下")
    assert client.get("/").content.decode().count("bob") == 1

    response = bob_client.post(reverse("post-delete", args=[reply.pk]))

    assert response.status_code == 302
    thread.refresh_from_db()
    board.refresh_from_db()
    bob.refresh_from_db()
    assert (thread.last_poster_name, thread.last_post_at) == ("alice", first.created_at)
    assert (board.last_poster_name, board.last_post_at) == ("alice", first.created_at)
    assert bob.last_post_at is None and bob.post_count == 0
    index = client.get("/").content.decode()
    assert '<span class="last-poster">alice</span>' in index and "bob" not in index
    board_page = client.get(board.get_absolute_url()).content.decode()
    assert "bob" not in board_page
    assert recount().strip() == "0 counters fixed"


@pytest.mark.django_db
def test_a_moderator_deleting_a_thread_gives_board_and_posters_their_previous_last_post(
    client, board, alice, bob, mod
):
    older = make_thread(board, bob, title="舊的主題")
    newer = make_thread(board, alice, replies=1, repliers=[bob], title="新的主題")

    delete_thread(thread=newer, actor=mod)

    board.refresh_from_db()
    alice.refresh_from_db()
    bob.refresh_from_db()
    assert (board.thread_count, board.post_count) == (1, 1)
    assert (board.last_thread_id, board.last_poster_name) == (older.pk, "bob")
    assert (alice.thread_count, alice.post_count, alice.last_post_at) == (0, 0, None)
    assert (bob.post_count, bob.last_post_at) == (1, older.created_at)
    assert "新的主題" not in client.get("/").content.decode()
    assert recount().strip() == "0 counters fixed"


@pytest.mark.django_db
def test_recount_fixes_broken_counters_reports_each_fix_and_then_nothing(board, alice, bob):
    thread = make_thread(board, alice, replies=2, repliers=[bob])
    Thread.objects.filter(pk=thread.pk).update(reply_count=7, last_poster_name="nobody")
    Board.objects.filter(pk=board.pk).update(post_count=0, thread_count=5)
    User.objects.filter(pk=bob.pk).update(post_count=40, last_post_at=None)

    report = recount()

    assert f"thread {thread.pk}: reply_count: 7 → 2" in report
    assert f"thread {thread.pk}: last_poster_name: 'nobody' → 'bob'" in report
    assert f"board {board.pk}: post_count: 0 → 3" in report
    assert f"board {board.pk}: thread_count: 5 → 1" in report
    assert f"member {bob.pk}: post_count: 40 → 2" in report
    assert f"member {bob.pk}: last_post_at: None → 20" in report
    assert report.strip().endswith("6 counters fixed")
    thread.refresh_from_db()
    bob.refresh_from_db()
    assert (thread.reply_count, thread.last_poster_name, bob.post_count) == (2, "bob", 2)
    assert recount().strip() == "0 counters fixed"
