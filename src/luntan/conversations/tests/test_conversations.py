"""短消息 as members use them, and every way of misusing them."""

import re

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from luntan.accounts.models import User
from luntan.conftest import login, make_user
from luntan.conversations.models import Block, Conversation, Message
from luntan.conversations.services import send_message
from luntan.notifications.querysets import header_counts
from luntan.permissions.models import GroupPermissions

pytestmark = pytest.mark.django_db


def unread_conversations(user_id: int) -> int:
    return header_counts(user_id)[1]


def send(client: Client, to: str, body: str):
    return client.post(reverse("pm-new"), {"to": to, "body": body}, follow=True)


def errors(response) -> str:
    return " ".join(
        re.findall(r'<ul class="errorlist[^"]*"[^>]*>(.*?)</ul>', response.content.decode())
    )


def test_a_message_reaches_the_other_member_and_reading_it_clears_the_count(
    alice, bob, alice_client, bob_client
):
    response = send(alice_client, "bob", "週末一起去看房嗎？")
    assert response.status_code == 200 and "週末一起去看房嗎" in response.content.decode()
    assert unread_conversations(bob.pk) == 1 and unread_conversations(alice.pk) == 0
    inbox = bob_client.get(reverse("pm-list")).content.decode()
    assert 'class="pm-count">1<' in inbox and "1 條新消息" in inbox
    conversation = Conversation.objects.get()
    page = bob_client.get(reverse("pm-conversation", args=[conversation.pk])).content.decode()
    assert "週末一起去看房嗎" in page
    assert unread_conversations(bob.pk) == 0
    bob_client.post(reverse("pm-conversation", args=[conversation.pk]), {"body": "好啊"})
    assert unread_conversations(alice.pk) == 1
    assert Conversation.objects.count() == 1 and Message.objects.count() == 2


def test_nobody_else_reads_a_conversation_through_any_page(alice, bob, client):
    send_message(sender=alice, recipient=bob, body="私事")
    conversation = Conversation.objects.get()
    login(client, make_user("carol"))
    assert client.get(reverse("pm-conversation", args=[conversation.pk])).status_code == 404
    assert (
        client.post(
            reverse("pm-conversation", args=[conversation.pk]), {"body": "插話"}
        ).status_code
        == 404
    )
    assert client.post(reverse("pm-delete", args=[conversation.pk])).status_code == 404
    assert "私事" not in client.get(reverse("pm-list")).content.decode()
    assert Message.objects.count() == 1
    guest = Client().get(reverse("pm-conversation", args=[conversation.pk]))
    assert guest.status_code == 302 and "login" in guest["Location"]


def test_a_message_to_oneself_is_refused(alice, alice_client):
    assert "不能給自己發短消息" in errors(send(alice_client, "alice", "備忘"))
    assert not Message.objects.exists()


def test_an_unknown_recipient_is_named(alice_client):
    assert "沒有叫「ghost」的會員" in errors(send(alice_client, "ghost", "你好"))
    assert not Conversation.objects.exists()


def test_a_member_who_blocked_you_gets_nothing(alice, bob, alice_client, bob_client):
    bob_client.post(reverse("pm-blocks"), {"name": "alice"})
    assert Block.objects.filter(user=bob, blocked=alice).exists()
    response = send(alice_client, "bob", "為什麼不理我")
    assert "bob 不接收您的短消息" in errors(response)
    assert "為什麼不理我" in response.content.decode()  # the typed text is kept
    assert not Message.objects.exists() and not Conversation.objects.exists()
    bob_client.post(reverse("pm-blocks"), {"unblock": str(alice.pk)})
    send(alice_client, "bob", "現在可以了")
    assert Message.objects.count() == 1


def test_blocking_oneself_or_nobody_is_explained(bob_client):
    assert "不能把自己加入黑名單" in errors(bob_client.post(reverse("pm-blocks"), {"name": "bob"}))
    assert "沒有叫「nobody」的會員" in errors(
        bob_client.post(reverse("pm-blocks"), {"name": "nobody"})
    )
    assert bob_client.post(reverse("pm-blocks"), {"unblock": "x"}).status_code == 302
    assert not Block.objects.exists()


def test_a_one_megabyte_message_is_refused_whole(bob, alice_client):
    response = send(alice_client, "bob", "長" * 350_000)  # 1 MB in UTF-8
    assert response.status_code == 200
    assert "2000" in errors(response)
    assert not Message.objects.exists() and not Conversation.objects.exists()


def test_a_burst_of_a_hundred_messages_stops_at_the_hourly_limit(bob, alice_client, settings):
    settings.LUNTAN_PM_PER_HOUR = 30
    refused = ["太頻繁" in errors(send(alice_client, "bob", f"第 {n} 條")) for n in range(100)]
    assert refused == [False] * 30 + [True] * 70
    assert Message.objects.count() == 30


def test_a_group_without_pm_may_not_send(alice, alice_client):
    GroupPermissions.objects.update(allow_send_pm=False)
    make_user("dave")
    assert alice_client.get(reverse("pm-new")).status_code == 403
    assert alice_client.post(reverse("pm-new"), {"to": "dave", "body": "嗨"}).status_code == 403
    assert not Message.objects.exists()


def test_deleting_a_conversation_hides_it_for_oneself_only(alice, bob, alice_client, bob_client):
    send_message(sender=alice, recipient=bob, body="舊消息")
    conversation = Conversation.objects.get()
    bob_client.post(reverse("pm-delete", args=[conversation.pk]))
    assert "與 alice 的會話" not in bob_client.get(reverse("pm-list")).content.decode()
    assert (
        "舊消息"
        in alice_client.get(reverse("pm-conversation", args=[conversation.pk])).content.decode()
    )
    send_message(sender=alice, recipient=bob, body="新消息")
    page = bob_client.get(reverse("pm-conversation", args=[conversation.pk])).content.decode()
    assert "新消息" in page and "舊消息" not in page


def test_the_member_page_links_to_a_new_message(alice, bob, alice_client):
    html = alice_client.get(reverse("member", args=[bob.pk])).content.decode()
    assert reverse("pm-new") + "?to=bob" in html


def test_a_recount_changes_nothing_after_messages(alice, bob):
    send_message(sender=alice, recipient=bob, body="一")
    send_message(sender=bob, recipient=alice, body="二")

    def snapshot():
        return list(
            User.objects.order_by("pk").values_list("post_count", "thread_count", "credits")
        )

    before = snapshot()
    call_command("recount_forum", stdout=open("/dev/null", "w"))  # noqa: SIM115
    call_command("recount_credits", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert snapshot() == before
    assert unread_conversations(alice.pk) == 1
