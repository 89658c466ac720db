"""Members bind and unbind QQ on 账号绑定 (allauth's connections page, in our style)."""

from allauth.socialaccount.models import SocialAccount
from django.urls import reverse

from luntan.accounts.models import User
from luntan.conftest import PASSWORD

from .helpers import page_text, qq_login


def bound_to(user: User) -> list[str]:
    return list(SocialAccount.objects.filter(user=user).values_list("provider", flat=True))


def sign_up_through_qq(client) -> User:
    qq_login(client)
    client.post(reverse("social-quick-start"), {"action": "signup", "username": "小王"})
    return User.objects.get(username="小王")


def test_a_member_binds_qq_from_the_connections_page(qq, alice_client, alice):
    response = qq_login(alice_client, process="connect")

    assert response.redirect_chain[-1][0] == reverse("socialaccount_connections")
    text = page_text(response)
    assert "第三方賬號已綁定" in text
    assert "霍林河小王" in text
    assert bound_to(alice) == ["qq"]


def test_the_connections_page_offers_the_configured_providers(qq, alice_client):
    response = alice_client.get(reverse("socialaccount_connections"))

    text = page_text(response)
    assert "賬號綁定" in text
    assert "綁定QQ" in text
    assert "微信" not in text


def test_a_qq_bound_to_someone_else_is_not_bound_again(qq, client, alice_client, alice):
    owner = sign_up_through_qq(client)

    response = qq_login(alice_client, process="connect")

    assert "這個第三方賬號已經綁定了本站的其他賬號" in page_text(response)
    assert bound_to(alice) == []
    assert bound_to(owner) == ["qq"]


def test_a_failed_binding_returns_to_the_connections_page(qq, alice_client, alice):
    qq.deny = True

    response = qq_login(alice_client, process="connect")

    assert response.redirect_chain[-1][0] == reverse("socialaccount_connections")
    assert "你取消了 QQ 授權" in page_text(response)
    assert bound_to(alice) == []


def test_unbinding_the_only_way_in_asks_for_a_password_first(qq, client):
    member = sign_up_through_qq(client)
    account = SocialAccount.objects.get(user=member)

    response = client.post(reverse("socialaccount_connections"), {"account": account.pk})

    assert response.status_code == 200
    text = page_text(response)
    assert "你的賬號還沒有設置密碼。請先設置密碼" in text
    assert reverse("account_set_password") in text
    assert bound_to(member) == ["qq"]


def test_a_member_with_a_password_unbinds_qq(qq, alice_client, alice):
    qq_login(alice_client, process="connect")
    account = SocialAccount.objects.get(user=alice)

    response = alice_client.post(
        reverse("socialaccount_connections"), {"account": account.pk}, follow=True
    )

    assert "已解除第三方賬號的綁定" in page_text(response)
    assert bound_to(alice) == []
    alice_client.logout()
    assert alice_client.login(username="alice", password=PASSWORD)


def test_after_setting_a_password_the_last_binding_can_go(qq, client):
    member = sign_up_through_qq(client)
    member.set_password(PASSWORD)
    member.save()
    client.force_login(member)
    account = SocialAccount.objects.get(user=member)

    client.post(reverse("socialaccount_connections"), {"account": account.pk})

    assert bound_to(member) == []
