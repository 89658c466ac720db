"""立即注册: a new member picks a username, gives an e-mail address and a password."""

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

from luntan.accounts.models import User
from luntan.conftest import PASSWORD
from luntan.safety.tests.test_login_abuse import captcha_answer

from .pages import input_value, text_of

SIGNUP = reverse("account_signup")


def signup(client, *, username="newbie", email="newbie@example.test", password=PASSWORD):
    """The form as a person sends it, the captcha read off the page (see safety's tests)."""
    return client.post(
        SIGNUP,
        {
            "username": username,
            "email": email,
            "password1": password,
            "password2": password,
            **captcha_answer(client.get(SIGNUP)),
        },
    )


@pytest.mark.django_db
def test_registering_logs_the_new_member_in_and_shows_their_name(client):
    response = signup(client)

    assert response.status_code == 302
    home = client.get(response.url)
    assert User.objects.filter(username="newbie", email="newbie@example.test").exists()
    assert "newbie" in text_of(home)
    assert "退出" in text_of(home)


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("password", "message"),
    [
        ("x7k", "密碼太短，必須至少 8 個字元。"),
        ("20170210055502", "這個密碼只包含數字。"),
        ("password123", "這個密碼太常見了。"),
        ("newbie2017", "這個密碼與用戶名太相近。"),
    ],
    ids=["short", "numeric", "common", "like-username"],
)
def test_a_weak_password_is_refused_in_chinese_and_the_typed_name_and_email_stay(
    client, password, message
):
    response = signup(client, username="newbie", email="newbie@example.test", password=password)

    assert response.status_code == 200
    assert message in text_of(response)
    assert input_value(response, "username") == "newbie"
    assert input_value(response, "email") == "newbie@example.test"
    assert not User.objects.filter(username="newbie").exists()


def test_two_different_passwords_are_refused_in_chinese(client, db):
    response = client.post(
        SIGNUP,
        {
            "username": "newbie",
            "email": "newbie@example.test",
            "password1": PASSWORD,
            "password2": PASSWORD + "x",
        },
    )

    assert "您必須每次輸入相同的密碼。" in text_of(response)
    assert input_value(response, "username") == "newbie"


def test_a_taken_username_is_refused_in_chinese_and_the_typed_email_stays(client, alice):
    response = signup(client, username="alice", email="another@example.test")

    assert response.status_code == 200
    assert "一個相同名稱的用戶已經存在。" in text_of(response)
    assert input_value(response, "username") == "alice"
    assert input_value(response, "email") == "another@example.test"


def test_a_taken_username_is_refused_whatever_its_letter_case(client, alice):
    response = signup(client, username="Alice", email="another@example.test")

    assert "一個相同名稱的用戶已經存在。" in text_of(response)
    assert User.objects.filter(username__iexact="alice").count() == 1


def test_a_taken_email_is_answered_like_any_other_so_nobody_learns_it_is_registered(client, alice):
    taken = signup(client, username="newbie", email="ALICE@example.test")
    fresh = signup(Client(), username="newbie2", email="fresh@example.test")

    assert (taken.status_code, taken.url) == (fresh.status_code, fresh.url)
    assert "已經有用戶使用此郵箱" not in text_of(client.get(taken.url))
    alice.refresh_from_db()
    assert alice.email == "alice@example.test"
    assert User.objects.filter(email__iexact="alice@example.test").count() == 2


def test_the_confirmation_email_names_the_site_not_a_placeholder_domain(client, db, mailoutbox):
    signup(client)

    (message,) = mailoutbox
    assert message.to == ["newbie@example.test"]
    assert message.subject.startswith(f"[{settings.LUNTAN_SITE_NAME}] ")
    assert settings.LUNTAN_SITE_NAME in message.body
    assert "testserver" in message.body
    assert "example.com" not in message.body


def test_the_owner_still_logs_in_with_their_address_after_someone_registered_it(client, alice):
    signup(client, username="newbie", email="alice@example.test", password="another-horse-99")

    owner = Client()
    response = owner.post(
        reverse("account_login"), {"login": "alice@example.test", "password": PASSWORD}
    )

    assert response.status_code == 302
    assert owner.session["_auth_user_id"] == str(alice.pk)
