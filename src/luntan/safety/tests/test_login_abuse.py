"""Login, registration and posting abuse: a stranger's guesses make an account ask for a
captcha but never lock its owner out; the per-address limit stops the guesser and says when
to come back; captchas are passed here by reading the stored answer, as a person reads it."""

import re

import pytest
from captcha.models import CaptchaStore
from django.test import Client, override_settings
from django.urls import reverse

from luntan.accounts.models import User
from luntan.accounts.tests.pages import text_of
from luntan.conftest import PASSWORD, make_thread
from luntan.safety.models import CaptchaSettings
from luntan.settings import base as base_settings
from luntan.threads.models import Post

pytestmark = pytest.mark.django_db
LOGIN = reverse("account_login")
SIGNUP = reverse("account_signup")
WRONG_LOGIN = "您提供的使用者名稱和／或密碼不正確。"
limits = override_settings(ACCOUNT_RATE_LIMITS=base_settings.ACCOUNT_RATE_LIMITS)


def captcha_answer(response) -> dict[str, str]:
    """The captcha's fields filled in as the person reading the image would."""
    key = re.search(r'name="captcha_0"[^>]*value="([0-9a-f]+)"', response.content.decode())
    assert key, "the page shows no captcha"
    return {
        "captcha_0": key.group(1),
        "captcha_1": CaptchaStore.objects.get(hashkey=key.group(1)).response,
    }


def log_in(client: Client, login: str, password: str = PASSWORD, **extra):
    return client.post(LOGIN, {"login": login, "password": password, **extra})


def logged_in(client: Client) -> bool:
    return "_auth_user_id" in client.session


@limits
def test_a_strangers_guesses_never_lock_the_owner_out(alice):
    stranger = Client(REMOTE_ADDR="198.51.100.7")
    for _ in range(6):
        log_in(stranger, "alice", "guessing")
    owner = Client(REMOTE_ADDR="203.0.113.5")

    asked = log_in(owner, "alice")
    assert not logged_in(owner)
    assert "請輸入驗證碼。" in text_of(asked)

    response = log_in(owner, "alice", **captcha_answer(asked))
    assert response.status_code == 302 and logged_in(owner)


@limits
def test_the_account_asks_whichever_name_or_address_is_typed(alice):
    stranger = Client(REMOTE_ADDR="198.51.100.7")
    for n in range(5):
        log_in(stranger, "alice" if n % 2 else "ALICE@example.test", "guessing")
    assert 'name="captcha_0"' in log_in(Client(), "Alice").content.decode()


@limits
def test_a_wrong_captcha_is_refused_before_the_password_is_tried(alice):
    client = Client()
    for _ in range(5):
        log_in(client, "alice", "guessing")
    asked = log_in(client, "alice")
    answer = captcha_answer(asked) | {"captcha_1": "nope"}
    response = log_in(client, "alice", **answer)
    assert "驗證碼不正確，請重新輸入。" in text_of(response)
    assert WRONG_LOGIN not in text_of(response) and not logged_in(client)


@limits
def test_the_address_limit_stops_the_guesser_says_when_and_spares_everyone_else(alice):
    guesser = Client(REMOTE_ADDR="198.51.100.7")
    for n in range(10):
        log_in(guesser, f"nobody{n}", "guessing")
    response = log_in(guesser, "alice")
    assert "登錄失敗次數過多，請 1 分鐘後再試。" in text_of(response)
    assert not logged_in(guesser)

    member = Client(REMOTE_ADDR="203.0.113.5")
    assert log_in(member, "alice").status_code == 302 and logged_in(member)


def test_the_operator_can_ask_for_a_captcha_at_every_login(alice):
    CaptchaSettings.objects.create(pk=1, login_failures=0)
    client = Client()
    page = client.get(LOGIN)
    assert log_in(client, "alice").status_code == 200 and not logged_in(client)
    assert log_in(client, "alice", **captcha_answer(page)).status_code == 302


def signup_data(**extra) -> dict:
    return {"username": "newbie", "email": "newbie@example.test", "password1": PASSWORD,
            "password2": PASSWORD, **extra}  # fmt: skip


def test_registration_asks_for_a_captcha_and_keeps_what_was_typed(client):
    response = client.post(SIGNUP, signup_data())
    assert response.status_code == 200 and "請輸入驗證碼。" in text_of(response)
    assert "newbie@example.test" in response.content.decode()
    assert not User.objects.filter(username="newbie").exists()

    response = client.post(SIGNUP, signup_data(**captcha_answer(client.get(SIGNUP))))
    assert response.status_code == 302
    assert User.objects.filter(username="newbie").exists()


def test_the_operator_can_switch_the_registration_captcha_off(client):
    CaptchaSettings.objects.create(pk=1, on_register=False)
    assert 'name="captcha_0"' not in client.get(SIGNUP).content.decode()
    assert client.post(SIGNUP, signup_data()).status_code == 302


def test_members_below_the_credit_threshold_solve_a_captcha_to_post(board, alice, bob, bob_client):
    CaptchaSettings.objects.create(pk=1, post_below_credits=1000)
    thread = make_thread(board, alice)
    url = reverse("thread-reply", args=[thread.pk])

    refused = bob_client.post(url, {"body": "新手的回覆", "client_token": "a"})
    assert refused.status_code == 200 and "新手的回覆" in refused.content.decode()
    assert not Post.objects.filter(body="新手的回覆").exists()

    answer = captcha_answer(refused)
    assert (
        bob_client.post(url, {"body": "新手的回覆", "client_token": "a", **answer}).status_code
        == 302
    )
    assert Post.objects.filter(body="新手的回覆").exists()


def test_members_at_the_threshold_post_without_a_captcha(board, alice, alice_client):
    thread = make_thread(board, alice)
    alice.refresh_from_db()
    CaptchaSettings.objects.create(pk=1, post_below_credits=alice.credits)
    response = alice_client.post(
        reverse("thread-reply", args=[thread.pk]), {"body": "老會員的回覆", "client_token": "b"}
    )
    assert response.status_code == 302


def test_the_captcha_image_is_served_for_the_pages_key(client):
    page = client.get(SIGNUP)
    key = captcha_answer(page)["captcha_0"]
    assert f"/captcha/image/{key}/" in page.content.decode()
    image = client.get(f"/captcha/image/{key}/")
    assert image.status_code == 200 and image["Content-Type"] == "image/png"


@limits
def test_password_reset_limits_say_when_to_come_back(client, alice):
    reset = reverse("account_reset_password")
    for _ in range(5):
        client.post(reset, {"email": "alice@example.test"})
    response = client.post(reset, {"email": "alice@example.test"})
    assert response.status_code == 429
    assert "請 1 分鐘後再試" in text_of(response)


@limits
def test_registration_limits_say_when_to_come_back():
    client = Client(REMOTE_ADDR="198.51.100.7")
    CaptchaSettings.objects.create(pk=1, on_register=False)
    for n in range(20):
        client.post(SIGNUP, signup_data(username=f"spam{n}", email=f"spam{n}@example.test"))
        client.logout()
    response = client.post(SIGNUP, signup_data(username="spam99", email="spam99@example.test"))
    assert response.status_code == 429
    assert "請 1 小時後再試" in text_of(response)
