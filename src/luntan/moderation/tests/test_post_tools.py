"""Post tools from the thread page: 删除 selected floors (never reused), 屏蔽, 警告 (automatic
禁言), and a moderator's edit of anyone's post."""

import pytest
from django.test import Client
from django.urls import reverse

from luntan.conftest import login, make_thread
from luntan.credits.models import MemberCredits
from luntan.moderation.models import MemberBan, ModerationSettings, RecycleEntry
from luntan.posting.services import reply_to_thread
from luntan.threads.models import Post

from .recount import assert_recount_changes_nothing

pytestmark = pytest.mark.django_db


def post_tool(client: Client, thread, action: str, floors, reason: str = ""):
    return client.post(
        reverse("posts-moderate", args=[thread.pk]),
        {"action": action, "floors": floors, "board": thread.board_id, "reason": reason},
        follow=True,
    )


def test_deleted_floors_go_to_the_bin_and_are_never_reused(mod_client, board, alice, bob):
    thread = make_thread(board, alice, replies=3, repliers=[bob])
    response = post_tool(mod_client, thread, "delete_post", [3, 4], reason="灌水")
    assert response.status_code == 200
    thread.refresh_from_db()
    board.refresh_from_db()
    bob.refresh_from_db()
    assert thread.reply_count == 1 and board.post_count == 2 and bob.post_count == 1
    assert thread.last_poster_name == "bob"  # floor 2 is bob's: the last one left
    assert RecycleEntry.objects.count() == 2
    assert_recount_changes_nothing()
    reply = reply_to_thread(thread=thread, author=bob, body="新的回覆")
    assert reply.floor == 5
    # Restoring a floor brings back its counts and credits.
    for entry in RecycleEntry.objects.all():
        mod_client.post(reverse("bin-restore", args=[entry.pk]))
    reply_count = Post.objects.filter(thread=thread, is_deleted=False).count() - 1
    thread.refresh_from_db()
    assert thread.reply_count == reply_count == 4
    assert_recount_changes_nothing()
    assert MemberCredits.objects.get(user=bob).extcredits2 == 4  # four replies, 金钱 +1 each


def test_floor_one_is_deleted_only_with_the_thread(mod_client, board, alice):
    thread = make_thread(board, alice, replies=1)
    response = post_tool(mod_client, thread, "delete_post", [1], reason="x")
    assert "請使用“刪除主題”" in response.content.decode()
    assert not Post.objects.filter(is_deleted=True).exists()


def test_a_hidden_floor_shows_its_text_to_moderators_and_its_author_only(
    mod_client, board, alice, bob
):
    thread = make_thread(board, alice, replies=1, repliers=[bob])
    Post.objects.filter(thread=thread, floor=2).update(body="秘密", html="私人電話 12345")
    post_tool(mod_client, thread, "hide", [2], reason="留了電話")
    url = thread.get_absolute_url()
    assert "私人電話" not in Client().get(url).content.decode()
    assert "私人電話" not in login(Client(), alice).get(url).content.decode()
    guest_page = Client().get(url).content.decode()
    assert "該帖被管理員或版主屏蔽" in guest_page and "留了電話" in guest_page
    assert "私人電話" in login(Client(), bob).get(url).content.decode()
    assert "私人電話" in mod_client.get(url).content.decode()
    post_tool(mod_client, thread, "unhide", [2])
    assert "私人電話" in Client().get(url).content.decode()
    assert_recount_changes_nothing()


def test_warnings_mute_a_member_automatically_at_the_operators_limit(
    mod_client, board, alice, bob, django_capture_on_commit_callbacks
):
    ModerationSettings.objects.create(pk=1, warnings_to_ban=2, warning_days=30, warning_ban_days=3)
    thread = make_thread(board, alice, replies=2, repliers=[bob])
    post_tool(mod_client, thread, "warn", [2], reason="人身攻擊")
    assert not MemberBan.objects.exists()
    page = Client().get(thread.get_absolute_url()).content.decode()
    assert "本帖被 mod" in page and "人身攻擊" in page
    with django_capture_on_commit_callbacks(execute=True):  # the cached ban list is forgotten
        post_tool(mod_client, thread, "warn", [3], reason="又一次")
    ban = MemberBan.objects.get(member=bob)
    assert ban.kind == "mute" and ban.until is not None
    response = login(Client(), bob).post(
        reverse("thread-reply", args=[thread.pk]), {"body": "我要說話", "client_token": "w"}
    )
    assert response.status_code == 403
    assert "您已被禁言" in response.content.decode() and "自動禁言" in response.content.decode()


def test_a_warning_needs_a_reason(mod_client, board, alice, bob):
    thread = make_thread(board, alice, replies=1, repliers=[bob])
    response = post_tool(mod_client, thread, "warn", [2])
    assert "警告必須填寫理由" in response.content.decode()


def test_a_moderator_edits_any_post_in_the_board_and_the_note_says_so(
    mod_client, board, alice, bob
):
    thread = make_thread(board, alice, replies=1, repliers=[bob])
    post = Post.objects.get(thread=thread, floor=2)
    response = mod_client.post(reverse("post-edit", args=[post.pk]), {"body": "版主修改後的內容"})
    assert response.status_code == 302
    page = Client().get(thread.get_absolute_url()).content.decode()
    assert "版主修改後的內容" in page and "本帖最後由 mod 於" in page
    assert_recount_changes_nothing()


def test_a_stale_selection_of_deleted_floors_changes_nothing(mod_client, board, alice, bob):
    thread = make_thread(board, alice, replies=2, repliers=[bob])
    post_tool(mod_client, thread, "delete_post", [2], reason="x")
    response = post_tool(mod_client, thread, "delete_post", [2, 3], reason="x")
    assert "有的已被刪除" in response.content.decode()
    assert not Post.objects.get(thread=thread, floor=3).is_deleted


def test_a_moderators_delete_link_asks_for_a_reason_and_uses_the_bin(mod_client, board, alice, bob):
    thread = make_thread(board, alice, replies=1, repliers=[bob])
    post = Post.objects.get(thread=thread, floor=2)
    page = mod_client.get(thread.get_absolute_url()).content.decode()
    assert reverse("post-moderate-delete", args=[post.pk]) in page
    url = reverse("post-moderate-delete", args=[post.pk])
    response = mod_client.post(url, {"reason": ""})
    assert response.status_code == 400 and "請填寫刪除理由" in response.content.decode()
    assert mod_client.post(url, {"reason": "重複"}).status_code == 302
    assert RecycleEntry.objects.get().post == post
    first = Post.objects.get(thread=thread, floor=1)
    mod_client.post(reverse("post-moderate-delete", args=[first.pk]), {"reason": "整帖違規"})
    thread.refresh_from_db()
    assert thread.is_deleted and RecycleEntry.objects.count() == 2
    assert_recount_changes_nothing()
    assert (
        login(Client(), bob).get(reverse("post-moderate-delete", args=[first.pk])).status_code
        == 403
    )
