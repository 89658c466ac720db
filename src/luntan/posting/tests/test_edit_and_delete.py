import pytest
from django.urls import reverse

from luntan.conftest import make_thread
from luntan.threads.models import Post, PostRevision, Thread


@pytest.mark.django_db
def test_author_edits_a_post_and_readers_see_who_edited_and_when(alice_client, board, alice):
    thread = make_thread(board, alice, replies=1)
    post = Post.objects.get(thread=thread, floor=2)
    response = alice_client.post(reverse("post-edit", args=[post.pk]), {"body": "改過的內容"})
    assert response.status_code == 302
    html = alice_client.get(response["Location"], follow=True).content.decode()
    assert "改過的內容" in html
    assert "本帖最後由 alice 於" in html and "編輯" in html
    assert PostRevision.objects.get(post=post).previous_body == "第 2 樓"


@pytest.mark.django_db
def test_editing_the_first_floor_changes_the_thread_title(alice_client, board, alice):
    thread = make_thread(board, alice)
    first = Post.objects.get(thread=thread, floor=1)
    alice_client.post(
        reverse("post-edit", args=[first.pk]),
        {"title": "新的標題", "body": "新的正文", "thread_type": ""},
    )
    thread.refresh_from_db()
    assert thread.title == "新的標題"


@pytest.mark.django_db
def test_member_cannot_edit_someone_elses_post(bob_client, board, alice):
    thread = make_thread(board, alice)
    post = Post.objects.get(thread=thread, floor=1)
    response = bob_client.post(reverse("post-edit", args=[post.pk]), {"body": "惡意修改"})
    assert response.status_code == 403
    assert "您只能編輯自己的帖子" in response.content.decode()
    post.refresh_from_db()
    assert post.body == "第一樓的內容"


@pytest.mark.django_db
def test_moderator_may_edit_posts_in_their_board(client, board, alice, mod):
    thread = make_thread(board, alice)
    post = Post.objects.get(thread=thread, floor=1)
    client.force_login(mod)
    client.post(reverse("post-edit", args=[post.pk]), {"title": "版主改標題", "body": "版主修改"})
    post.refresh_from_db()
    assert post.edited_by_name == "mod"


@pytest.mark.django_db
def test_deleting_a_reply_keeps_its_floor_and_later_floors_keep_their_numbers(
    alice_client, board, alice
):
    thread = make_thread(board, alice, replies=3)
    second = Post.objects.get(thread=thread, floor=2)
    alice_client.post(reverse("post-delete", args=[second.pk]))
    thread.refresh_from_db()
    board.refresh_from_db()
    assert thread.reply_count == 2 and thread.last_floor == 4
    assert board.post_count == 3
    html = alice_client.get(thread.get_absolute_url()).content.decode()
    assert "該帖已被刪除" in html
    assert 'id="floor-4"' in html and "地板" in html
    from luntan.posting.services import reply_to_thread

    assert reply_to_thread(thread=thread, author=alice, body="新回覆").floor == 5


@pytest.mark.django_db
def test_author_deletes_their_own_thread_while_nobody_replied(alice_client, board, alice):
    thread = make_thread(board, alice)
    first = Post.objects.get(thread=thread, floor=1)
    response = alice_client.post(reverse("post-delete", args=[first.pk]))
    assert response["Location"] == board.get_absolute_url()
    board.refresh_from_db()
    alice.refresh_from_db()
    assert (board.thread_count, board.post_count, board.last_thread) == (0, 0, None)
    assert (alice.thread_count, alice.post_count) == (0, 0)
    assert alice_client.get(thread.get_absolute_url()).status_code == 404


@pytest.mark.django_db
def test_author_cannot_delete_a_thread_others_replied_to(alice_client, board, alice, bob):
    thread = make_thread(board, alice, replies=1, repliers=[bob])
    first = Post.objects.get(thread=thread, floor=1)
    response = alice_client.post(reverse("post-delete", args=[first.pk]), follow=True)
    assert "主題已有回覆，不能刪除" in response.content.decode()
    assert not Thread.objects.get(pk=thread.pk).is_deleted


@pytest.mark.django_db
def test_delete_asks_for_confirmation_before_deleting(alice_client, board, alice):
    thread = make_thread(board, alice, replies=1)
    post = Post.objects.get(thread=thread, floor=2)
    response = alice_client.get(reverse("post-delete", args=[post.pk]))
    assert "確定刪除" in response.content.decode()
    post.refresh_from_db()
    assert not post.is_deleted
