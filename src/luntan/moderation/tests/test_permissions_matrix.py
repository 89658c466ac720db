"""The 403 matrix: a member, and the moderator of another board, get 403 on every tool of this
board and change nothing; a guest is sent to log in."""

import pytest
from django.test import Client
from django.urls import reverse

from luntan.conftest import login, make_thread
from luntan.moderation.models import ModerationLog, RecycleEntry
from luntan.moderation.services import delete_thread
from luntan.threads.models import Thread

from .recount import counters

pytestmark = pytest.mark.django_db

THREAD_TOOLS = [
    {"action": "sticky", "sticky": 1},
    {"action": "digest", "digest": 1},
    {"action": "highlight", "colour": "red"},
    {"action": "close"},
    {"action": "open"},
    {"action": "bump"},
    {"action": "sink"},
    {"action": "delete_thread", "reason": "x"},
]
POST_TOOLS = ["delete_post", "hide", "unhide", "warn", "split"]


def requests(thread, board, entry, market):
    other = Thread.objects.filter(board=market).first()
    tools = [
        *THREAD_TOOLS,
        {"action": "move", "target_board": market.pk},
        {"action": "merge", "into": str(other.pk)},
    ]
    for fields in tools:
        yield reverse("thread-moderate", args=[thread.pk]), {**fields, "board": board.pk}
        yield reverse("board-moderate", args=[board.pk]), {**fields, "threads": [thread.pk]}
    for action in POST_TOOLS:
        yield (
            reverse("posts-moderate", args=[thread.pk]),
            {"action": action, "floors": [2], "reason": "x", "title": "分出"},
        )
    yield reverse("bin-restore", args=[entry.pk]), {}
    yield reverse("bin-purge", args=[entry.pk]), {}


@pytest.fixture
def setting(board, market, alice, bob, mod):
    thread = make_thread(board, alice, replies=1, repliers=[bob])
    make_thread(market, alice, title="他版主題")
    binned = make_thread(board, alice)
    delete_thread(thread_id=binned.pk, board_id=board.pk, actor=mod, reason="x")
    return thread, RecycleEntry.objects.get()


@pytest.mark.parametrize("who", ["alice", "mod2"])
def test_every_tool_answers_403_to_anyone_but_this_boards_moderators(
    request, who, setting, board, market, mod2
):
    thread, entry = setting
    client = login(Client(), request.getfixturevalue(who))
    client.get("/")  # the day's first visit earns 每天登录 before anything is compared
    before, logged = counters(), ModerationLog.objects.count()
    for url, data in requests(thread, board, entry, market):
        assert client.post(url, data).status_code == 403, url
    assert counters() == before
    assert ModerationLog.objects.count() == logged
    thread.refresh_from_db()
    assert (thread.sticky, thread.digest, thread.highlight, thread.is_closed) == (0, 0, "", False)


def test_a_guest_is_sent_to_log_in(setting, board, market):
    thread, entry = setting
    for url, data in requests(thread, board, entry, market):
        response = Client().post(url, data)
        assert response.status_code == 302 and "/accounts/login/" in response.url, url


def test_moving_into_a_board_one_does_not_hold_is_refused(mod_client, board, market, alice):
    thread = make_thread(board, alice)
    response = mod_client.post(
        reverse("thread-moderate", args=[thread.pk]),
        {"action": "move", "target_board": market.pk, "board": board.pk},
    )
    assert response.status_code in (400, 403)
    thread.refresh_from_db()
    assert thread.board == board


def test_a_super_moderator_acts_on_every_board(supermod, board, market, alice):
    thread = make_thread(market, alice)
    response = login(Client(), supermod).post(
        reverse("thread-moderate", args=[thread.pk]), {"action": "close", "board": market.pk}
    )
    assert response.status_code == 302
    thread.refresh_from_db()
    assert thread.is_closed


def test_the_log_shows_a_moderator_their_boards_only(
    mod_client, mod2_client, alice_client, board, market, alice, mod2, root
):
    here = make_thread(board, alice, title="本版主題")
    there = make_thread(market, alice, title="他版主題")
    mod_client.post(reverse("thread-moderate", args=[here.pk]), {"action": "close"})
    mod2_client.post(reverse("thread-moderate", args=[there.pk]), {"action": "close"})
    mine = mod_client.get(reverse("moderation-log")).content.decode()
    assert "本版主題" in mine and "他版主題" not in mine
    everything = login(Client(), root).get(reverse("moderation-log")).content.decode()
    assert "本版主題" in everything and "他版主題" in everything
    assert alice_client.get(reverse("moderation-log")).status_code == 403
    assert alice_client.get(reverse("moderation-bin")).status_code == 403


def test_a_forged_form_without_the_csrf_token_changes_nothing(mod, board, alice):
    thread = make_thread(board, alice)
    client = Client(enforce_csrf_checks=True)
    client.force_login(mod)
    response = client.post(
        reverse("thread-moderate", args=[thread.pk]), {"action": "close", "board": board.pk}
    )
    assert response.status_code == 403
    assert not Thread.objects.get(pk=thread.pk).is_closed


def test_an_unknown_action_is_refused_in_chinese(mod_client, board, alice):
    thread = make_thread(board, alice)
    response = mod_client.post(
        reverse("thread-moderate", args=[thread.pk]), {"action": "explode", "board": board.pk}
    )
    assert response.status_code == 400 and "未知的管理操作" in response.content.decode()
