"""Forms and forged requests: nobody posts where their group may not."""

import pytest
from django.test import Client
from django.urls import reverse

from luntan.accounts.models import UserGroup
from luntan.conftest import login, make_thread
from luntan.threads.models import Post, Thread

from .defaults import grant

pytestmark = pytest.mark.django_db


def new_thread(client: Client, board):
    return client.post(
        reverse("thread-new", args=[board.pk]),
        {"title": "偽造的主題", "body": "偽造的內容", "client_token": "forged"},
    )


def reply(client: Client, thread):
    return client.post(
        reverse("thread-reply", args=[thread.pk]), {"body": "偽造的回覆", "client_token": "f2"}
    )


def test_a_forged_post_into_a_hidden_board_is_a_404_and_creates_nothing(alice_client, board):
    grant(board, "新手上路", view_board=False)
    assert new_thread(alice_client, board).status_code == 404
    assert not Thread.objects.exists()


def test_a_board_closed_to_new_threads_refuses_them_with_the_reason(alice_client, board):
    grant(board, "新手上路", start_thread=False)
    response = new_thread(alice_client, board)
    assert response.status_code == 403
    assert "新手上路" in response.content.decode() and "發表主題的權限" in response.content.decode()
    assert not Thread.objects.exists()
    assert "post-button" not in alice_client.get(board.get_absolute_url()).content.decode()


def test_a_board_closed_to_replies_refuses_them_and_hides_the_reply_box(alice_client, board, bob):
    thread = make_thread(board, bob)
    grant(board, "新手上路", reply=False)
    assert reply(alice_client, thread).status_code == 403
    assert Post.objects.count() == 1
    html = alice_client.get(thread.get_absolute_url()).content.decode()
    assert "您不能回覆本主題。" in html and 'name="body"' not in html


def test_a_muted_member_may_read_but_not_post(alice_client, alice, board, bob):
    thread = make_thread(board, bob)
    alice.group = UserGroup.objects.get(name="禁止发言")
    alice.save()
    assert alice_client.get(thread.get_absolute_url()).status_code == 200
    assert reply(alice_client, thread).status_code == 403
    assert new_thread(alice_client, board).status_code == 403


def test_a_barred_member_sees_no_board_and_no_profile(alice_client, alice, board, bob):
    thread = make_thread(board, bob)
    alice.group = UserGroup.objects.get(name="禁止访问")
    alice.save()
    html = alice_client.get("/").content.decode()
    assert board.name not in html and "您所在的用戶組不能訪問本站。" in html
    assert alice_client.get(thread.get_absolute_url()).status_code == 404
    assert alice_client.get(reverse("member", args=[bob.pk])).status_code == 403


def test_a_moderator_replies_to_a_closed_thread_only_on_their_own_board(board, bob, mod):
    other = board.__class__.objects.create(group=board.group, name="二手交易")
    here = make_thread(board, bob)
    there = make_thread(other, bob)
    Thread.objects.update(is_closed=True)
    moderator = login(Client(), mod)
    assert reply(moderator, here).status_code == 302
    assert reply(moderator, there).status_code == 403


def test_a_moderator_may_read_and_post_on_their_board_whatever_the_grants(board, bob, mod):
    for group in UserGroup.objects.all():
        grant(board, group.name, view_board=False)
    thread = make_thread(board, bob)
    moderator = login(Client(), mod)
    assert moderator.get(thread.get_absolute_url()).status_code == 200
    assert reply(moderator, thread).status_code == 302
    assert board.name in moderator.get("/").content.decode()


def delete_links(html: str) -> set[str]:
    import re

    return set(re.findall(r'href="/post/(\d+)/delete/"', html))


def test_a_threads_author_is_not_offered_to_delete_it_once_it_has_a_reply(
    alice_client, board, alice, bob
):
    thread = make_thread(board, alice)
    first = Post.objects.get(thread=thread, floor=1)
    assert delete_links(alice_client.get(thread.get_absolute_url()).content.decode()) == {
        str(first.pk)
    }
    make_reply = Client()
    login(make_reply, bob).post(
        reverse("thread-reply", args=[thread.pk]), {"body": "沙發！", "client_token": "t1"}
    )
    html = alice_client.get(thread.get_absolute_url()).content.decode()
    assert str(first.pk) not in delete_links(html)
    assert f'href="/post/{first.pk}/edit/"' in html  # editing it is still offered
    refused = alice_client.post(reverse("post-delete", args=[first.pk]))
    assert refused.status_code == 403 and "主題已有回覆，不能刪除" in refused.content.decode()
    assert not Thread.objects.get(pk=thread.pk).is_deleted


def test_moderators_of_the_board_skip_flood_control_and_members_do_not(settings, board, alice, mod):
    settings.LUNTAN_POST_INTERVAL = 60
    thread = make_thread(board, mod)
    moderator = login(Client(), mod)
    for n in range(2):
        response = moderator.post(
            reverse("thread-reply", args=[thread.pk]),
            {"body": f"版主第 {n} 帖", "client_token": f"m{n}"},
        )
        assert response.status_code == 302
    member = login(Client(), alice)
    member.post(reverse("thread-reply", args=[thread.pk]), {"body": "第一次", "client_token": "a1"})
    too_soon = member.post(
        reverse("thread-reply", args=[thread.pk]), {"body": "第二次", "client_token": "a2"}
    )
    assert "您發帖太快了" in too_soon.content.decode()
    assert Post.objects.filter(thread=thread).count() == 4
