import pytest
from django.urls import reverse
from django.utils import timezone

from luntan.conftest import make_thread
from luntan.posting.services import reply_to_thread
from luntan.threads.models import Post, Thread


@pytest.mark.django_db
def test_reply_takes_the_next_floor_and_moves_every_counter(board, alice, bob):
    thread = make_thread(board, alice)
    post = reply_to_thread(thread=thread, author=bob, body="沙發！")
    thread.refresh_from_db()
    board.refresh_from_db()
    bob.refresh_from_db()
    assert post.floor == 2
    assert (thread.reply_count, thread.last_floor, thread.last_poster_name) == (1, 2, "bob")
    assert (board.thread_count, board.post_count, board.last_thread_id) == (1, 2, thread.pk)
    assert bob.post_count == 1


@pytest.mark.django_db
def test_reply_body_is_rendered_once_and_sanitised(board, alice):
    thread = make_thread(board, alice)
    post = reply_to_thread(thread=thread, author=alice, body="[b]重要[/b]<script>alert(1)</script>")
    assert "<strong>重要</strong>" in post.html
    assert "<script>" not in post.html


@pytest.mark.django_db
def test_quick_reply_lands_on_its_floor(alice_client, board, alice):
    thread = make_thread(board, alice, replies=2)
    response = alice_client.post(
        reverse("thread-reply", args=[thread.pk]), {"body": "我來說兩句", "client_token": "t1"}
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("thread-floor", args=[thread.pk, 4])
    page = alice_client.get(response["Location"], follow=True)
    assert "我來說兩句" in page.content.decode()
    assert 'id="floor-4"' in page.content.decode()


@pytest.mark.django_db
def test_double_submitted_reply_form_creates_one_post(alice_client, board, alice):
    thread = make_thread(board, alice)
    form = {"body": "只發一次", "client_token": "same-token"}
    first = alice_client.post(reverse("thread-reply", args=[thread.pk]), form)
    second = alice_client.post(reverse("thread-reply", args=[thread.pk]), form)
    assert first["Location"] == second["Location"]
    assert Post.objects.filter(thread=thread, body="只發一次").count() == 1
    thread.refresh_from_db()
    assert thread.reply_count == 1


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("body", "message"),
    [("", "請填寫內容"), (" ", "請填寫內容"), ("好", "內容太短"), ("長" * 20001, "內容太長")],
)
def test_bad_reply_is_refused_with_a_message_and_keeps_the_text(
    alice_client, board, alice, body, message
):
    thread = make_thread(board, alice)
    response = alice_client.post(
        reverse("thread-reply", args=[thread.pk]), {"body": body, "client_token": "x"}
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert message in html
    if body.strip():
        assert body in html
    assert Post.objects.filter(thread=thread).count() == 1


@pytest.mark.django_db
def test_guest_cannot_reply_and_is_sent_to_log_in(client, board, alice):
    thread = make_thread(board, alice)
    response = client.post(reverse("thread-reply", args=[thread.pk]), {"body": "路過"})
    assert response.status_code == 302
    assert reverse("account_login") in response["Location"]
    assert Post.objects.filter(thread=thread).count() == 1


@pytest.mark.django_db
def test_thread_page_offers_guests_a_login_prompt_instead_of_the_reply_box(client, board, alice):
    thread = make_thread(board, alice)
    html = client.get(thread.get_absolute_url()).content.decode()
    assert "您需要登錄後才可以回帖" in html
    assert 'name="body"' not in html


@pytest.mark.django_db
def test_reply_to_closed_thread_is_refused(alice_client, board, alice):
    thread = make_thread(board, alice)
    Thread.objects.filter(pk=thread.pk).update(is_closed=True)
    response = alice_client.post(
        reverse("thread-reply", args=[thread.pk]), {"body": "還能回嗎", "client_token": "c"}
    )
    assert response.status_code == 403
    assert "本主題已關閉" in response.content.decode()


@pytest.mark.django_db
def test_quoting_a_floor_prefills_the_reply_with_that_post(alice_client, board, alice, bob):
    thread = make_thread(board, alice, replies=1, repliers=[bob])
    response = alice_client.get(reverse("thread-reply", args=[thread.pk]) + "?quote=2")
    html = response.content.decode()
    assert "[quote]" in html and "bob" in html and "第 2 樓" in html


@pytest.mark.django_db
def test_the_quote_header_is_in_the_replying_readers_script(alice_client, board, alice, bob):
    thread = make_thread(board, alice, replies=1, repliers=[bob])
    quoted = thread.posts.get(floor=2)
    when = timezone.localtime(quoted.created_at)
    url = reverse("thread-reply", args=[thread.pk]) + "?quote=2"
    html = alice_client.get(url).content.decode()
    assert f"bob 發表於 {when.year}-{when.month}-{when.day} {when:%H:%M}" in html
    assert "写道" not in html and "发表于" not in html
    alice_client.cookies["django_language"] = "zh-hans"
    assert "bob 发表于" in alice_client.get(url).content.decode()


@pytest.mark.django_db
def test_flood_control_refuses_a_second_post_too_soon_and_keeps_the_text(
    alice_client, board, bob, settings
):
    settings.LUNTAN_POST_INTERVAL = 30
    thread = make_thread(board, bob)
    url = reverse("thread-reply", args=[thread.pk])
    alice_client.post(url, {"body": "第一條回覆", "client_token": "a"})
    response = alice_client.post(url, {"body": "太快的回覆", "client_token": "b"})
    html = response.content.decode()
    assert "您發帖太快了" in html
    assert "太快的回覆" in html
    assert Post.objects.filter(body="第一條回覆").exists()
    assert not Post.objects.filter(body="太快的回覆").exists()


@pytest.mark.django_db
def test_a_form_sent_twice_under_flood_control_lands_on_its_post_not_on_a_refusal(
    alice_client, board, bob, settings
):
    settings.LUNTAN_POST_INTERVAL = 30
    thread = make_thread(board, bob)
    url = reverse("thread-reply", args=[thread.pk])
    first = alice_client.post(url, {"body": "點了兩下的回覆", "client_token": "same"})
    second = alice_client.post(url, {"body": "點了兩下的回覆", "client_token": "same"})
    assert second.status_code == first.status_code == 302
    assert second["Location"] == first["Location"]
    assert Post.objects.filter(body="點了兩下的回覆").count() == 1


@pytest.mark.django_db
def test_the_preview_is_what_the_server_stores(alice_client, board, alice):
    thread = make_thread(board, alice)
    body = "[b]粗[/b][table][tr][td]格[/td][/tr][/table]{:1_1:}"
    preview = alice_client.post(reverse("post-preview"), {"body": body}).json()["html"]
    post = reply_to_thread(thread=thread, author=alice, body=body)
    assert preview == post.html
