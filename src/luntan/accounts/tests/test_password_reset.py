"""找回密码: the reset link travels by real SMTP, works once, and expires."""

import email
import re
import socket
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from email.message import EmailMessage
from email.policy import default as default_policy
from urllib.parse import urlsplit

import pytest
from aiosmtpd.controller import Controller
from django.conf import settings
from django.contrib.auth.tokens import PasswordResetTokenGenerator
from django.test import Client, override_settings
from django.urls import reverse

from luntan.conftest import PASSWORD
from luntan.settings import base as base_settings

from .pages import text_of

RESET = reverse("account_reset_password")
NEW_PASSWORD = "huolinhe-snow-2017"
LINK_REFUSED = "密碼重置鏈接無效或已過期"


@dataclass
class Mailbox:
    """An aiosmtpd handler that keeps every message it is handed."""

    messages: list[EmailMessage] = field(default_factory=list)

    async def handle_DATA(self, server, session, envelope) -> str:
        self.messages.append(
            email.message_from_bytes(envelope.original_content, policy=default_policy)
        )
        return "250 OK"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def mailbox() -> Iterator[Mailbox]:
    """A real SMTP server on loopback; the site sends its mail there."""
    box = Mailbox()
    port = free_port()
    server = Controller(box, hostname="127.0.0.1", port=port)
    server.start()
    try:
        with override_settings(
            EMAIL_BACKEND="django.core.mail.backends.smtp.EmailBackend",
            EMAIL_HOST="127.0.0.1",
            EMAIL_PORT=port,
            EMAIL_USE_TLS=False,
            EMAIL_USE_SSL=False,
        ):
            yield box
    finally:
        server.stop()


def body_of(message: EmailMessage) -> str:
    """The plain-text body, decoded from whatever transfer encoding the sender chose."""
    return message.get_body(preferencelist=("plain",)).get_content()


def request_reset_link(client: Client, mailbox: Mailbox, address: str) -> str:
    """Ask for a reset on the 找回密码 page and return the path of the link that arrives."""
    response = client.post(RESET, {"email": address})
    assert response.status_code == 302
    assert len(mailbox.messages) == 1
    found = re.search(r"https?://\S+/password/reset/key/\S+", body_of(mailbox.messages[0]))
    assert found, body_of(mailbox.messages[0])
    return urlsplit(found.group(0)).path


def set_new_password(client: Client, link: str, password: str):
    """Follow the link, which moves the key into the session and redirects to the form; fill it."""
    opened = client.get(link)
    assert opened.status_code == 302
    return client.post(opened.url, {"password1": password, "password2": password})


def test_the_reset_email_arrives_in_chinese_from_the_site(client, alice, mailbox):
    request_reset_link(client, mailbox, "alice@example.test")
    message = mailbox.messages[0]

    assert message["To"] == "alice@example.test"
    # Django folds the encoded subject onto a continuation line; clients drop that space.
    assert message["Subject"].strip() == f"[{settings.LUNTAN_SITE_NAME}] 密碼重置郵件"
    assert settings.LUNTAN_SITE_NAME in body_of(message)
    assert "請點擊以下鏈接來重置您的密碼" in body_of(message)
    assert "提醒您，您的用戶名是 alice" in body_of(message)
    assert "example.com" not in body_of(message)


def test_a_reset_link_sets_a_new_password_once_and_is_refused_the_second_time(
    client, alice, mailbox
):
    link = request_reset_link(client, mailbox, "alice@example.test")

    response = set_new_password(client, link, NEW_PASSWORD)

    assert response.status_code == 302
    assert "您的密碼已變更。" in text_of(client.get(response.url))
    member = Client()
    logged_in = member.post(reverse("account_login"), {"login": "alice", "password": NEW_PASSWORD})
    assert logged_in.status_code == 302
    assert member.session["_auth_user_id"] == str(alice.pk)

    again = Client().get(link, follow=True)
    assert LINK_REFUSED in text_of(again)
    assert "token" not in text_of(again)
    assert Client().login(username="alice", password=NEW_PASSWORD)


def test_a_reset_link_opened_after_it_expired_is_refused(client, alice, mailbox, monkeypatch):
    link = request_reset_link(client, mailbox, "alice@example.test")
    later = datetime.now() + timedelta(seconds=settings.PASSWORD_RESET_TIMEOUT + 60)
    monkeypatch.setattr(PasswordResetTokenGenerator, "_now", lambda self: later)

    response = Client().get(link, follow=True)

    assert LINK_REFUSED in text_of(response)
    assert Client().login(username="alice", password=PASSWORD)


def test_the_reset_form_refuses_a_weak_password_in_chinese(client, alice, mailbox):
    link = request_reset_link(client, mailbox, "alice@example.test")

    response = set_new_password(client, link, "12345678")

    assert response.status_code == 200
    assert "這個密碼只包含數字。" in text_of(response)
    assert Client().login(username="alice", password=PASSWORD)


def test_asking_for_an_unknown_address_does_not_reveal_whether_it_is_registered(
    client, alice, mailbox
):
    known = client.post(RESET, {"email": "alice@example.test"}, follow=True)
    unknown = client.post(RESET, {"email": "stranger@example.test"}, follow=True)

    assert text_of(known) == text_of(unknown)


@override_settings(ACCOUNT_RATE_LIMITS=base_settings.ACCOUNT_RATE_LIMITS)
def test_asking_again_and_again_is_answered_with_a_chinese_page_in_the_site_layout(
    client, alice, mailbox
):
    for _attempt in range(5):
        client.post(RESET, {"email": "alice@example.test"})

    response = client.post(RESET, {"email": "alice@example.test"})

    assert response.status_code == 429
    assert "請求過於頻繁" in text_of(response)
    assert settings.LUNTAN_SITE_NAME in text_of(response)
    assert len(mailbox.messages) == 5
