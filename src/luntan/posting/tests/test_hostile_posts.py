"""What a hostile or broken client can send a posting form: bytes that are not UTF-8, direction
overrides that disguise a title, a body too large for the site, too many fields. Each is refused
or cleaned with a Chinese answer, and nothing mangled is stored."""

import html
from urllib.parse import quote

import pytest
from django.urls import reverse

from luntan.accounts.models import User
from luntan.conftest import make_thread
from luntan.threads.models import Post, Thread

FORM = "application/x-www-form-urlencoded"


@pytest.mark.django_db
def test_a_body_that_is_not_utf8_is_refused_and_the_text_kept(alice_client, board, alice):
    thread = make_thread(board, alice)
    response = alice_client.generic(
        "POST",
        reverse("thread-reply", args=[thread.pk]),
        # Two bytes that are not UTF-8 between the halves.
        f"body={quote('前半段')}%FF%FE{quote('後半段')}&client_token=t1",
        content_type=FORM,
    )
    page = html.unescape(response.content.decode())
    assert response.status_code == 200
    assert "無法識別的字符" in page
    assert "前半段" in page and "後半段" in page  # the textarea gives the text back
    assert not Post.objects.filter(thread=thread, floor=2).exists()


@pytest.mark.django_db
def test_a_right_to_left_override_cannot_disguise_a_title_or_body(alice_client, board):
    response = alice_client.post(
        reverse("thread-new", args=[board.pk]),
        {
            "title": "霍林河\u202etxt.exe",
            "thread_type": board.thread_types.first().pk,
            "body": "請下載\u2067附件\u2069\u202d看看",
            "client_token": "t1",
        },
    )
    assert response.status_code == 302
    thread = Thread.objects.get()
    assert thread.title == "霍林河txt.exe"
    assert thread.posts.get().body == "請下載附件看看"
    page = alice_client.get(thread.get_absolute_url()).content.decode()
    assert "\u202e" not in page and "\u2067" not in page


@pytest.mark.django_db
def test_a_username_with_a_direction_override_is_refused(client):
    client.post(
        reverse("account_signup"),
        {
            "username": "admin\u202enimda",
            "email": "x@example.test",
            "password1": "correct-horse-42",
            "password2": "correct-horse-42",
        },
    )
    assert not User.objects.filter(username__startswith="admin").exists()


@pytest.mark.django_db
def test_a_3mb_post_gets_the_chinese_413_page(alice_client, board, alice):
    thread = make_thread(board, alice)
    response = alice_client.generic(
        "POST",
        reverse("thread-reply", args=[thread.pk]),
        "body=" + "字" * 3_000_000,
        content_type=FORM,
    )
    assert response.status_code == 413
    page = response.content.decode()
    assert "提交的內容太大" in page and "Bad Request" not in page
    assert not Post.objects.filter(thread=thread, floor=2).exists()


@pytest.mark.django_db
def test_too_many_fields_get_the_chinese_400_page(alice_client, board, alice):
    thread = make_thread(board, alice)
    response = alice_client.generic(
        "POST",
        reverse("thread-reply", args=[thread.pk]),
        "&".join(f"f{n}=1" for n in range(1500)),
        content_type=FORM,
    )
    assert response.status_code == 400
    assert "提交的項目太多" in response.content.decode()
