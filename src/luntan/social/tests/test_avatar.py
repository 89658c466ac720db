"""The avatar QQ gave at signup shows on the member's author card."""

from html import escape

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from luntan.accounts.models import User
from luntan.conftest import make_thread, make_user
from luntan.demo.qq_standin import QQUser

from .helpers import page_text, qq_login


def test_a_qq_members_avatar_shows_on_their_author_card(board, client):
    member = make_user("小王", avatar_url="http://thirdqq.qlogo.cn/g?b=oidb&k=ABC&s=100")
    thread = make_thread(board, member)

    text = client.get(thread.get_absolute_url()).content.decode()

    assert f'<img src="{escape(member.avatar_url)}"' in text


def test_members_without_an_avatar_get_a_generated_one_not_an_empty_image(board, client, alice):
    thread = make_thread(board, alice)

    text = client.get(thread.get_absolute_url()).content.decode()

    assert '<div class="avatar"><span class="avatar-default' in text
    assert '<img src=""' not in text


class _AvatarOf(QQUser):
    def __init__(self, url: str) -> None:
        super().__init__()
        self.url = url

    @property
    def avatar(self) -> str:
        return self.url


@pytest.mark.parametrize(
    "hostile",
    [
        "javascript:alert(document.cookie)",
        "data:image/svg+xml,<svg onload=alert(1)>",
        "JaVaScRiPt:alert(1)",
        "//evil.example/a.png",
        "ftp://thirdqq.qlogo.cn/a.png",
    ],
)
def test_an_avatar_that_is_not_an_http_url_is_dropped(qq, client, hostile):
    qq.user = _AvatarOf(hostile)
    text = page_text(qq_login(client))
    one_step = text.split('<section class="quick-start">')[1].split("</section>")[0]
    assert "<img" not in one_step
    assert escape(hostile) not in text
    client.post(reverse("social-quick-start"), {"action": "signup", "username": "小王"})
    assert User.objects.get().avatar_url == ""


def test_an_unsafe_avatar_stored_before_the_check_is_not_shown(board, client):
    member = make_user("小李", avatar_url="javascript:alert(1)")
    thread = make_thread(board, member)
    text = client.get(thread.get_absolute_url()).content.decode()
    assert "javascript:" not in text
    assert '<div class="avatar"><span class="avatar-default' in text


def test_the_admin_accepts_only_http_avatar_urls(alice):
    field = User._meta.get_field("avatar_url")
    for hostile in ("data:image/png;base64,AAAA", "ftp://thirdqq.qlogo.cn/a.png"):
        with pytest.raises(ValidationError):
            field.clean(hostile, alice)
    assert field.clean("https://thirdqq.qlogo.cn/g?s=100", alice)
