"""禁言 and 禁止访问 from the member's page, with the reason the member sees; IP bans of single
addresses and IPv4/IPv6 ranges stop registration, login and posting."""

from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from luntan.conftest import PASSWORD, login, make_thread
from luntan.moderation.models import IPBan, MemberBan, ModerationLog

pytestmark = pytest.mark.django_db


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    """Runs on-commit work (forgetting the cached ban lists) when the block ends."""
    return lambda: django_capture_on_commit_callbacks(execute=True)


def reply(client: Client, thread, token: str):
    return client.post(
        reverse("thread-reply", args=[thread.pk]), {"body": "說句話", "client_token": token}
    )


def test_a_moderator_mutes_a_member_for_some_days_from_their_page(
    committed, mod_client, board, alice, bob
):
    thread = make_thread(board, alice)
    page = mod_client.get(reverse("member", args=[bob.pk])).content.decode()
    assert reverse("member-ban", args=[bob.pk]) in page
    with committed():
        response = mod_client.post(
            reverse("member-ban", args=[bob.pk]), {"kind": "mute", "days": 3, "reason": "刷屏"}
        )
    assert response.status_code == 302
    ban = MemberBan.objects.get(member=bob)
    assert timedelta(days=2, hours=23) < ban.until - timezone.now() <= timedelta(days=3)
    bob_client = login(Client(), bob)
    response = reply(bob_client, thread, "b1")
    assert response.status_code == 403
    text = response.content.decode()
    assert "您已被禁言" in text and "刷屏" in text
    assert "刷屏" in bob_client.get(reverse("member", args=[bob.pk])).content.decode()
    assert ModerationLog.objects.filter(action="mute", member=bob, reason="刷屏").exists()
    with committed():
        mod_client.post(reverse("member-unban", args=[bob.pk]))
    assert reply(bob_client, thread, "b2").status_code == 302


def test_an_expired_mute_no_longer_applies(committed, mod_client, board, alice, bob):
    thread = make_thread(board, alice)
    with committed():
        MemberBan.objects.create(
            member=bob,
            kind="mute",
            reason="舊事",
            created_at=timezone.now() - timedelta(days=5),
            until=timezone.now() - timedelta(days=1),
        )
    assert reply(login(Client(), bob), thread, "b3").status_code == 302


def test_a_forever_ban_from_visiting_keeps_the_member_out(committed, supermod, board, alice, bob):
    thread = make_thread(board, alice)
    with committed():
        login(Client(), supermod).post(
            reverse("member-ban", args=[bob.pk]), {"kind": "visit", "reason": "騙子"}
        )
    response = login(Client(), bob).get(thread.get_absolute_url())
    assert response.status_code == 403
    assert "禁止訪問" in response.content.decode() and "永久" in response.content.decode()


def test_a_board_moderator_may_mute_but_not_ban_visits_nor_touch_staff(
    mod_client, board, bob, supermod
):
    response = mod_client.post(
        reverse("member-ban", args=[bob.pk]), {"kind": "visit", "reason": "x"}
    )
    assert response.status_code == 403
    assert mod_client.get(reverse("member-ban", args=[supermod.pk])).status_code == 403
    assert not MemberBan.objects.exists()


def test_a_member_cannot_ban_anyone(alice_client, bob):
    response = alice_client.post(
        reverse("member-ban", args=[bob.pk]), {"kind": "mute", "reason": "x"}
    )
    assert response.status_code == 403 and not MemberBan.objects.exists()


def test_a_ban_needs_a_reason_and_keeps_what_was_typed(mod_client, bob):
    response = mod_client.post(reverse("member-ban", args=[bob.pk]), {"kind": "mute", "days": 9})
    assert response.status_code == 400
    assert "請填寫理由" in response.content.decode() and 'value="9"' in response.content.decode()


@pytest.mark.parametrize(
    ("network", "address"),
    [
        ("203.0.113.7", "203.0.113.7"),
        ("203.0.113.0/24", "203.0.113.200"),
        ("2001:db8::/32", "2001:db8:1::5"),
    ],
)
def test_a_banned_address_or_range_may_not_register_log_in_or_post(
    committed, network, address, board, alice
):
    thread = make_thread(board, alice)
    with committed():
        IPBan.objects.create(network=network, reason="廣告機")
    client = Client(REMOTE_ADDR=address)
    signup = client.post(
        reverse("account_signup"),
        {
            "username": "spam",
            "email": "s@example.test",
            "password1": "x9!kk-22a",
            "password2": "x9!kk-22a",
        },
    )
    assert signup.status_code == 403 and "IP 地址已被禁止" in signup.content.decode()
    login_page = client.post(reverse("account_login"), {"login": "alice", "password": PASSWORD})
    assert login_page.status_code == 403
    client.force_login(alice)
    assert reply(client, thread, "ip").status_code == 403
    # Another address is not affected.
    assert reply(login(Client(REMOTE_ADDR="198.51.100.1"), alice), thread, "ok").status_code == 302


def test_an_ip_ban_refuses_what_is_not_an_address(db):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        IPBan(network="203.0.113.0/99").full_clean()
    ban = IPBan.objects.create(network="203.0.113.9/24")
    assert ban.network == "203.0.113.0/24"
