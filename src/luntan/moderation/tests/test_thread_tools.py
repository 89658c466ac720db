"""Each thread tool end to end, through the real pages, as the board's moderator; after each,
recount_forum and recount_credits change nothing."""

import re

import pytest
from django.test import Client
from django.urls import reverse

from luntan.boards.models import Board
from luntan.conftest import make_thread
from luntan.credits.models import MemberCredits
from luntan.moderation.models import ModerationLog, RecycleEntry
from luntan.posting.services import reply_to_thread
from luntan.threads.models import Thread

from .recount import assert_recount_changes_nothing, counters

pytestmark = pytest.mark.django_db


def moderate(client: Client, thread: Thread, action: str, **fields):
    data = {"action": action, "board": thread.board_id, **fields}
    return client.post(reverse("thread-moderate", args=[thread.pk]), data)


def board_titles(client: Client, board: Board, query: str = "") -> list[str]:
    html = client.get(f"{reverse('board', args=[board.pk])}{query}").content.decode()
    return re.findall(r'class="thread-title[^"]*"[^>]*>([^<]+)</a>', html)


def money(user) -> int:
    return MemberCredits.objects.get(user=user).extcredits2


def test_the_thread_page_has_a_manage_menu_for_its_moderators_only(
    mod_client, alice_client, board, alice
):
    thread = make_thread(board, alice, replies=1)
    page = mod_client.get(thread.get_absolute_url()).content.decode()
    assert 'id="mod-menu"' in page and 'name="floors"' in page
    page = alice_client.get(thread.get_absolute_url()).content.decode()
    assert 'id="mod-menu"' not in page and 'name="floors"' not in page


def test_sticky_puts_the_thread_first_and_the_log_says_who_and_why(mod_client, board, alice, mod):
    pinned = make_thread(board, alice, title="今日通知")
    make_thread(board, alice, title="後來的主題")
    response = moderate(mod_client, pinned, "sticky", sticky=1, reason="每日通知")
    assert response.status_code == 302
    assert board_titles(Client(), board)[0] == "今日通知"
    entry = ModerationLog.objects.get()
    assert (entry.actor, entry.action, entry.reason) == (mod, "sticky", "每日通知")
    assert (entry.before["sticky"], entry.after["sticky"]) == (0, 1)
    page = Client().get(pinned.get_absolute_url()).content.decode()
    assert "本帖被 mod" in page and "每日通知" in page
    assert_recount_changes_nothing()


def test_global_sticky_shows_on_every_board_and_group_sticky_on_the_group(
    mod_client, board, market, alice, root
):
    notice = make_thread(board, alice, title="全站公告")
    make_thread(market, alice, title="出售舊書")
    assert board_titles(Client(), market) == ["出售舊書"]
    moderate(mod_client, notice, "sticky", sticky=3)
    assert board_titles(Client(), market) == ["全站公告", "出售舊書"]
    moderate(mod_client, notice, "sticky", sticky=0)
    assert board_titles(Client(), market) == ["出售舊書"]
    assert_recount_changes_nothing()


def test_digest_gives_the_rule_its_tab_lists_it_and_taking_it_off_takes_it_back(
    mod_client, board, alice
):
    thread = make_thread(board, alice, title="精華報道")
    make_thread(board, alice, title="普通主題")
    before = money(alice)
    moderate(mod_client, thread, "digest", digest=2)
    assert money(alice) == before + 5
    assert MemberCredits.objects.get(user=alice).digests == 1
    assert board_titles(Client(), board, "?digest=1") == ["精華報道"]
    assert_recount_changes_nothing()
    moderate(mod_client, thread, "digest", digest=0)
    assert money(alice) == before
    assert MemberCredits.objects.get(user=alice).digests == 0
    assert board_titles(Client(), board, "?digest=1") == []
    assert_recount_changes_nothing()


def test_highlight_takes_a_palette_colour_or_hex_and_never_reaches_a_style_attribute(
    mod_client, board, alice
):
    thread = make_thread(board, alice, title="高亮主題")
    moderate(mod_client, thread, "highlight", colour="#12ab34", bold="on")
    html = Client().get(board.get_absolute_url()).content.decode()
    assert 'data-highlight="#12ab34"' in html and "hl-bold" in html
    assert "style=" not in html
    response = moderate(mod_client, thread, "highlight", colour="red;x:1")
    assert response.status_code == 400
    assert "高亮顏色只能從調色板中選擇" in response.content.decode()
    thread.refresh_from_db()
    assert thread.highlight == "#12ab34"
    # A bad value entered before validation existed is never rendered.
    Thread.objects.filter(pk=thread.pk).update(highlight="red;x:1")
    html = Client().get(board.get_absolute_url() + "?order=created").content.decode()
    assert "red;x:1" not in html


def test_a_closed_thread_refuses_replies_but_its_moderators_may_still_reply(
    mod_client, bob_client, board, alice
):
    thread = make_thread(board, alice)
    moderate(mod_client, thread, "close", reason="吵架")
    response = bob_client.post(
        reverse("thread-reply", args=[thread.pk]), {"body": "還想說", "client_token": "t1"}
    )
    assert response.status_code == 403 and "本主題已關閉" in response.content.decode()
    response = mod_client.post(
        reverse("thread-reply", args=[thread.pk]), {"body": "版主說明", "client_token": "t2"}
    )
    assert response.status_code == 302
    moderate(mod_client, thread, "open")
    response = bob_client.post(
        reverse("thread-reply", args=[thread.pk]), {"body": "謝謝", "client_token": "t3"}
    )
    assert response.status_code == 302
    assert_recount_changes_nothing()


def test_bump_and_sink_move_the_thread_in_the_list_until_someone_replies(
    mod_client, board, alice, bob
):
    old = make_thread(board, alice, title="舊主題")
    make_thread(board, alice, title="新主題")
    moderate(mod_client, old, "bump")
    assert board_titles(Client(), board) == ["舊主題", "新主題"]
    assert_recount_changes_nothing()
    moderate(mod_client, old, "sink")
    assert board_titles(Client(), board) == ["新主題", "舊主題"]
    assert_recount_changes_nothing()
    reply_to_thread(thread=old, author=bob, body="頂上來")
    assert board_titles(Client(), board) == ["舊主題", "新主題"]
    assert_recount_changes_nothing()


def test_move_counts_in_both_boards_maps_the_type_and_leaves_a_stub(
    mod_client, mod, board, market, alice, bob
):
    market.moderators.add(mod)
    thread = make_thread(board, alice, replies=2, repliers=[bob], title="出售自行車")
    response = moderate(
        mod_client, thread, "move", target_board=market.pk, leave_stub="on", reason="發錯版"
    )
    assert response.status_code == 302
    thread.refresh_from_db()
    board.refresh_from_db()
    market.refresh_from_db()
    assert thread.board == market
    assert thread.thread_type.name == "本地動態"  # the type of the same name in the new board
    assert (market.thread_count, market.post_count) == (1, 3)
    assert (board.thread_count, board.post_count) == (1, 0)  # the 转向 stub
    stub = Thread.objects.get(moved_to=thread)
    assert Client().get(stub.get_absolute_url()).url == thread.get_absolute_url()
    assert "出售自行車" in board_titles(Client(), market)
    assert_recount_changes_nothing()
    # The stub itself can only be deleted.
    assert moderate(mod_client, stub, "close").status_code == 400
    moderate(mod_client, stub, "delete_thread", reason="不再需要轉向")
    board.refresh_from_db()
    assert board.thread_count == 0
    assert_recount_changes_nothing()


def test_moving_without_a_stub_clears_a_type_the_new_board_lacks(
    mod_client, mod, board, market, alice
):
    market.moderators.add(mod)
    thread = make_thread(board, alice)
    thread.thread_type = board.thread_types.get(name="社會新聞")
    thread.save()
    moderate(mod_client, thread, "move", target_board=market.pk)
    thread.refresh_from_db()
    board.refresh_from_db()
    assert thread.thread_type is None and board.thread_count == 0
    assert_recount_changes_nothing()


def test_delete_goes_to_the_bin_and_restore_returns_every_count_and_credit(
    mod_client, board, alice, bob
):
    thread = make_thread(board, alice, replies=3, repliers=[bob], title="違規主題")
    moderate(mod_client, thread, "digest", digest=1)
    before = counters()
    response = moderate(mod_client, thread, "delete_thread", reason="廣告")
    assert response.status_code == 302 and response.url == board.get_absolute_url()
    assert Client().get(thread.get_absolute_url()).status_code == 404
    board.refresh_from_db()
    assert (board.thread_count, board.post_count) == (0, 0)
    assert money(alice) == 0 and money(bob) == 0
    assert_recount_changes_nothing()
    bin_page = mod_client.get(reverse("moderation-bin")).content.decode()
    assert "違規主題" in bin_page and "廣告" in bin_page and "mod" in bin_page
    entry = RecycleEntry.objects.get()
    assert mod_client.post(reverse("bin-restore", args=[entry.pk])).status_code == 302
    assert counters() == before
    assert Client().get(thread.get_absolute_url()).status_code == 200
    assert_recount_changes_nothing()


def test_purge_removes_the_thread_for_good(mod_client, board, alice):
    thread = make_thread(board, alice, replies=1)
    moderate(mod_client, thread, "delete_thread", reason="垃圾")
    entry = RecycleEntry.objects.get()
    mod_client.post(reverse("bin-purge", args=[entry.pk]))
    assert not Thread.objects.filter(pk=thread.pk).exists()
    assert ModerationLog.objects.filter(action="purge").exists()
    assert_recount_changes_nothing()


def test_deletion_without_the_bin_is_final(mod_client, board, alice):
    from luntan.moderation.models import ModerationSettings

    ModerationSettings.objects.create(pk=1, deletion_to_bin=False)
    thread = make_thread(board, alice)
    moderate(mod_client, thread, "delete_thread", reason="垃圾")
    assert not Thread.objects.filter(pk=thread.pk).exists()
    assert not RecycleEntry.objects.exists()
    assert_recount_changes_nothing()


def test_delete_needs_a_reason(mod_client, board, alice):
    thread = make_thread(board, alice)
    response = moderate(mod_client, thread, "delete_thread", reason=" ")
    assert response.status_code == 400 and "刪除主題必須填寫理由" in response.content.decode()
    assert not Thread.objects.get(pk=thread.pk).is_deleted


def test_a_stale_page_after_a_move_changes_nothing(mod_client, mod, board, market, alice):
    market.moderators.add(mod)
    thread = make_thread(board, alice)
    stale_board = thread.board_id
    moderate(mod_client, thread, "move", target_board=market.pk)
    response = mod_client.post(
        reverse("thread-moderate", args=[thread.pk]),
        {"action": "close", "board": stale_board},
    )
    assert response.status_code == 400
    assert "已被移動到其他版塊" in response.content.decode()
    assert not Thread.objects.get(pk=thread.pk).is_closed


def test_bulk_tools_act_per_thread_and_name_the_one_that_failed(mod_client, board, alice):
    first = make_thread(board, alice, title="第一帖")
    gone = make_thread(board, alice, title="已刪帖")
    Thread.objects.filter(pk=gone.pk).update(is_deleted=True)
    board.refresh_from_db()
    Board.objects.filter(pk=board.pk).update(thread_count=1, post_count=1)
    page = mod_client.get(board.get_absolute_url()).content.decode()
    assert 'id="thread-tools"' in page and 'name="threads"' in page
    response = mod_client.post(
        reverse("board-moderate", args=[board.pk]),
        {"action": "close", "threads": [first.pk, gone.pk]},
        follow=True,
    )
    html = response.content.decode()
    assert "已刪帖" in html and "已被刪除" in html
    assert Thread.objects.get(pk=first.pk).is_closed
    assert not Thread.objects.get(pk=gone.pk).is_closed


def test_the_log_shows_what_changed_in_words(mod_client, board, alice):
    thread = make_thread(board, alice)
    moderate(mod_client, thread, "digest", digest=2, reason="好文")
    row = re.search(
        r'class="log-change">([^<]*)<', mod_client.get(reverse("moderation-log")).content.decode()
    )
    assert row.group(1) == "精華: 0 → 2"


def test_the_affected_member_is_announced_once_the_action_commits(
    mod_client, board, alice, django_capture_on_commit_callbacks
):
    from luntan.moderation.services import member_moderated

    heard = []

    def listener(sender, entry, **kwargs):
        heard.append((entry.member_id, entry.action, entry.reason))

    member_moderated.connect(listener)
    try:
        thread = make_thread(board, alice)
        with django_capture_on_commit_callbacks(execute=True):
            moderate(mod_client, thread, "close", reason="吵架")
    finally:
        member_moderated.disconnect(listener)
    assert heard == [(alice.pk, "close", "吵架")]


def test_the_member_finds_a_notification_with_the_action_and_reason(
    mod_client, board, alice, django_capture_on_commit_callbacks
):
    from luntan.notifications.models import Kind, Notification

    thread = make_thread(board, alice)
    with django_capture_on_commit_callbacks(execute=True):
        moderate(mod_client, thread, "close", reason="吵架")
    notice = Notification.objects.get(recipient=alice)
    assert notice.kind == Kind.MODERATION
    assert "吵架" in notice.text
    assert not Notification.objects.exclude(recipient=alice).exists()
