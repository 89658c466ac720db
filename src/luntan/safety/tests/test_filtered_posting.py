"""The word list at work where members write: thread titles, post bodies, usernames."""

import pytest
from django.urls import reverse

from luntan.accounts.models import User
from luntan.accounts.tests.pages import input_value, text_of
from luntan.conftest import PASSWORD, make_thread
from luntan.safety.models import FilterWord, HeldPost
from luntan.threads.models import Post, PostRevision, Thread


@pytest.fixture
def words(db):
    FilterWord.objects.create(pattern="法輪功", action=FilterWord.Action.BANNED)
    FilterWord.objects.create(pattern="代开{2}发票", action=FilterWord.Action.REVIEW)
    FilterWord.objects.create(pattern="傻逼", action=FilterWord.Action.REPLACE, replacement="**")


def test_reply_with_a_banned_word_is_refused_naming_it_and_keeps_the_typed_text(
    words, alice_client, alice, board
):
    thread = make_thread(board, alice)
    body = "大家好，我在練 法 . 輪 功，歡迎交流"
    response = alice_client.post(
        reverse("thread-reply", args=[thread.pk]), {"body": body, "client_token": "t1"}
    )
    assert response.status_code == 200
    assert "法 . 輪 功" in text_of(response)
    assert body in response.content.decode()
    assert Post.objects.filter(thread=thread).count() == 1
    thread.refresh_from_db()
    assert thread.reply_count == 0


def test_new_thread_with_a_banned_word_in_its_title_creates_nothing(words, alice_client, board):
    response = alice_client.post(
        reverse("thread-new", args=[board.pk]),
        {
            "title": "法轮功真相",
            "body": "正文內容沒有問題",
            "client_token": "t2",
            "thread_type": board.thread_types.first().pk,
        },
    )
    assert response.status_code == 200
    assert "法轮功" in text_of(response)
    assert input_value(response, "title") == "法轮功真相"
    assert not Thread.objects.exists() and not Post.objects.exists()


def test_review_word_holds_the_reply_for_review_instead_of_publishing_it(
    words, alice_client, alice, board
):
    thread = make_thread(board, alice)
    response = alice_client.post(
        reverse("thread-reply", args=[thread.pk]),
        {"body": "代开一张发票，联系我", "client_token": "t3"},
        follow=True,
    )
    assert "代开一张发票" in text_of(response)  # the reason, on the author's own list
    assert Post.objects.filter(thread=thread).count() == 1
    assert HeldPost.objects.get().body == "代开一张发票，联系我"


def test_editing_a_post_into_a_review_word_is_refused(words, alice_client, alice, board):
    thread = make_thread(board, alice, replies=1)
    reply = Post.objects.get(thread=thread, floor=2)
    response = alice_client.post(reverse("post-edit", args=[reply.pk]), {"body": "代开两张发票"})
    assert response.status_code == 200
    assert "代开两张发票" in text_of(response)
    reply.refresh_from_db()
    assert reply.body == "第 2 樓"


def test_replacement_is_published_in_place_of_the_word(words, alice_client, alice, board):
    thread = make_thread(board, alice)
    alice_client.post(
        reverse("thread-reply", args=[thread.pk]), {"body": "你個[b]傻逼[/b]", "client_token": "t4"}
    )
    reply = Post.objects.get(thread=thread, floor=2)
    assert reply.body == "你個[b]**[/b]"
    assert "傻逼" not in alice_client.get(thread.get_absolute_url()).content.decode()


def test_editing_a_post_into_a_banned_word_keeps_the_old_text(words, alice_client, alice, board):
    thread = make_thread(board, alice, replies=1)
    reply = Post.objects.get(thread=thread, floor=2)
    response = alice_client.post(reverse("post-edit", args=[reply.pk]), {"body": "改成法輪功"})
    assert response.status_code == 200
    reply.refresh_from_db()
    assert reply.body == "第 2 樓" and not PostRevision.objects.exists()


def test_registration_refuses_a_username_with_a_listed_word(words, client):
    response = client.post(
        reverse("account_signup"),
        {
            "username": "小傻逼",
            "email": "x@example.test",
            "password1": PASSWORD,
            "password2": PASSWORD,
        },
    )
    assert response.status_code == 200
    assert "傻逼" in text_of(response)
    assert not User.objects.filter(username="小傻逼").exists()


def test_a_change_to_the_list_applies_to_the_next_post(db, alice_client, alice, board):
    thread = make_thread(board, alice)
    url = reverse("thread-reply", args=[thread.pk])
    alice_client.post(url, {"body": "第一次提到新詞彙", "client_token": "a"})
    FilterWord.objects.create(pattern="新词汇", action=FilterWord.Action.BANNED)
    response = alice_client.post(url, {"body": "第二次提到新詞彙", "client_token": "b"})
    assert response.status_code == 200
    assert Post.objects.filter(thread=thread).count() == 2


def test_signatures_profiles_and_private_messages_pass_the_word_list_too(
    words, alice_client, alice, bob
):
    from luntan.accounts.models import Profile
    from luntan.conversations.models import Message

    refused = alice_client.post(reverse("signature"), {"signature": "我在練法輪功"})
    assert "法輪功" in text_of(refused)
    alice.refresh_from_db()
    assert alice.signature == ""
    alice_client.post(reverse("signature"), {"signature": "你們都是傻逼"})
    alice.refresh_from_db()
    assert alice.signature == "你們都是**"
    profile = alice_client.post(
        reverse("profile-edit"),
        {
            "gender_visibility": "public",
            "birthday_visibility": "self",
            "location_visibility": "members",
            "bio": "代開假發票",
            "bio_visibility": "public",
        },
    )
    assert profile.status_code == 200 and "代開假發票" in text_of(profile)
    assert not Profile.objects.filter(user=alice, bio__contains="發票").exists()
    message = alice_client.post(reverse("pm-new"), {"to": "bob", "body": "一起練法輪功"})
    assert "法輪功" in text_of(message)
    assert not Message.objects.exists()
