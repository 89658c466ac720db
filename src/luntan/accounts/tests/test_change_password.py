"""修改密码: a logged-in member replaces their password and keeps their session."""

from django.test import Client
from django.urls import reverse

from luntan.conftest import PASSWORD

from .pages import text_of

CHANGE = reverse("account_change_password")
NEW_PASSWORD = "huolinhe-snow-2017"


def change(client, old: str, new: str, again: str | None = None):
    return client.post(CHANGE, {"oldpassword": old, "password1": new, "password2": again or new})


def test_a_member_changes_their_password_and_stays_logged_in(alice_client, alice):
    response = change(alice_client, PASSWORD, NEW_PASSWORD)

    assert response.status_code == 302
    assert "密碼修改完成。" in text_of(alice_client.get(response.url))
    assert alice_client.session["_auth_user_id"] == str(alice.pk)
    assert Client().login(username="alice", password=NEW_PASSWORD)
    assert not Client().login(username="alice", password=PASSWORD)


def test_a_wrong_current_password_is_refused_in_chinese(alice_client):
    response = change(alice_client, "not-my-password", NEW_PASSWORD)

    assert response.status_code == 200
    assert "請輸入您目前的密碼。" in text_of(response)
    assert not Client().login(username="alice", password=NEW_PASSWORD)


def test_a_weak_new_password_is_refused_in_chinese(alice_client):
    response = change(alice_client, PASSWORD, "12345678")

    assert "這個密碼只包含數字。" in text_of(response)


def test_a_guest_is_sent_to_the_login_page(client, db):
    response = client.get(CHANGE)

    assert response.status_code == 302
    assert response.url.startswith(reverse("account_login"))
