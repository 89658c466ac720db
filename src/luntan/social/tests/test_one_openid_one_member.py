"""One openid is bound to one member, whatever the order of clicks in two tabs."""

import pytest
from allauth.socialaccount.models import SocialAccount
from django.db import IntegrityError, transaction
from django.db.models.signals import pre_save
from django.test import Client
from django.urls import reverse

from luntan.accounts.models import User
from luntan.conftest import PASSWORD

from .helpers import logged_in_user_id, page_text, qq_login


def test_the_database_refuses_a_second_row_for_one_openid(alice, bob):
    SocialAccount.objects.create(user=alice, provider="qq", uid="A1B2C3")

    with pytest.raises(IntegrityError), transaction.atomic():
        SocialAccount.objects.create(user=bob, provider="qq", uid="A1B2C3")

    assert SocialAccount.objects.get(provider="qq", uid="A1B2C3").user == alice


def test_the_same_uid_on_two_providers_is_two_accounts(alice, bob):
    SocialAccount.objects.create(user=alice, provider="qq", uid="same")
    SocialAccount.objects.create(user=bob, provider="weixin", uid="same")

    assert SocialAccount.objects.count() == 2


def test_signing_up_twice_with_one_qq_in_two_tabs_makes_one_member(qq):
    first, second = Client(), Client()
    qq_login(first)
    qq_login(second)
    first.post(reverse("social-quick-start"), {"action": "signup", "username": "小王"})

    response = second.post(
        reverse("social-quick-start"), {"action": "signup", "username": "小王二号"}, follow=True
    )

    assert response.redirect_chain[-1][0] == reverse("account_login")
    assert "這個 QQ 賬號剛剛已綁定到本站的其他賬號" in page_text(response)
    assert list(User.objects.values_list("username", flat=True)) == ["小王"]
    assert SocialAccount.objects.count() == 1
    assert logged_in_user_id(second) is None


def test_binding_a_qq_that_another_tab_just_used_binds_nothing(qq, alice):
    first, second = Client(), Client()
    qq_login(first)
    qq_login(second)
    first.post(reverse("social-quick-start"), {"action": "signup", "username": "小王"})

    response = second.post(
        reverse("social-quick-start"),
        {"action": "bind", "bind-login": "alice", "bind-password": PASSWORD},
        follow=True,
    )

    assert "這個 QQ 賬號剛剛已綁定到本站的其他賬號" in page_text(response)
    assert not SocialAccount.objects.filter(user=alice).exists()
    assert logged_in_user_id(second) is None


def test_a_username_taken_at_the_last_moment_sends_the_reader_back_to_choose(qq, client):
    """Two readers submit the same name at once: the database's unique username decides.
    (The faster reader's row is written inside our transaction here, so it rolls back with it.)"""

    def someone_else_is_faster(sender, instance, **kwargs):
        if instance.pk is None and instance.username == "小王":
            pre_save.disconnect(someone_else_is_faster, sender=User)
            User.objects.create_user("小王", "other@example.test", PASSWORD)

    qq_login(client)
    pre_save.connect(someone_else_is_faster, sender=User)
    try:
        response = client.post(
            reverse("social-quick-start"), {"action": "signup", "username": "小王"}, follow=True
        )
    finally:
        pre_save.disconnect(someone_else_is_faster, sender=User)

    assert response.redirect_chain[-1][0] == reverse("social-quick-start")
    text = page_text(response)
    assert "這個用戶名剛剛被別人註冊了，請換一個" in text
    assert SocialAccount.objects.count() == 0

    client.post(reverse("social-quick-start"), {"action": "signup", "username": "小王呀"})

    assert SocialAccount.objects.get().user.username == "小王呀"
