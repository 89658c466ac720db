"""登录 by username or e-mail, the wrong-password message, 退出, and the failed-login limit."""

from django.test import override_settings
from django.urls import reverse

from luntan.conftest import PASSWORD
from luntan.settings import base as base_settings

from .pages import input_value, text_of

LOGIN = reverse("account_login")
LOGOUT = reverse("account_logout")
WRONG_LOGIN = "您提供的用戶名和／或密碼不正確。"


def log_in(client, login: str, password: str = PASSWORD, **extra):
    return client.post(LOGIN, {"login": login, "password": password, **extra})


def logged_in_as(client) -> str | None:
    return client.session.get("_auth_user_id")


def test_a_member_logs_in_with_their_username_and_returns_to_the_page_they_came_from(client, alice):
    response = log_in(client, "alice", next=f"/member/{alice.pk}/")

    assert response.status_code == 302
    assert response.url == f"/member/{alice.pk}/"
    assert logged_in_as(client) == str(alice.pk)


def test_a_member_logs_in_with_their_email_address(client, alice):
    response = log_in(client, "Alice@Example.test")

    assert response.status_code == 302
    assert logged_in_as(client) == str(alice.pk)


def test_a_wrong_password_is_refused_in_chinese_and_the_login_name_stays(client, alice):
    response = log_in(client, "alice", "not-the-password")

    assert response.status_code == 200
    assert WRONG_LOGIN in text_of(response)
    assert input_value(response, "login") == "alice"
    assert logged_in_as(client) is None


def test_a_wrong_password_with_an_email_address_is_refused_in_chinese(client, alice):
    response = log_in(client, "alice@example.test", "not-the-password")

    assert "您提供的郵箱和／或密碼不正確。" in text_of(response)


def test_an_unknown_username_gets_the_same_message_as_a_wrong_password(client, db):
    response = log_in(client, "nobody")

    assert WRONG_LOGIN in text_of(response)


def test_a_member_logs_out_with_the_header_button(alice_client):
    home = alice_client.get("/")
    assert f'action="{LOGOUT}"' in home.content.decode()

    response = alice_client.post(LOGOUT)

    assert response.status_code == 302
    assert logged_in_as(alice_client) is None
    assert "登錄" in text_of(alice_client.get(response.url))


def test_opening_the_logout_address_asks_before_logging_out(alice_client, alice):
    response = alice_client.get(LOGOUT)

    assert response.status_code == 200
    assert "您確定要退出嗎？" in text_of(response)
    assert logged_in_as(alice_client) == str(alice.pk)


# settings/test.py turns the limits off; this test runs with the configured ones.
@override_settings(ACCOUNT_RATE_LIMITS=base_settings.ACCOUNT_RATE_LIMITS)
def test_repeated_failed_logins_make_the_account_ask_for_a_captcha_instead_of_locking_it(
    client, alice
):
    for _attempt in range(5):
        assert WRONG_LOGIN in text_of(log_in(client, "alice", "guessing"))

    response = log_in(client, "alice")

    assert "請輸入驗證碼。" in text_of(response)
    assert logged_in_as(client) is None
