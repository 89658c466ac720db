from io import StringIO

import pytest
from django.core.management import call_command
from django.test import Client

from luntan.conftest import make_thread
from luntan.threads.models import Post, Thread


@pytest.fixture
def cached_pages(settings):
    settings.LUNTAN_PAGE_CACHE_SECONDS = 300


@pytest.mark.django_db
def test_renaming_a_thread_in_the_admin_reaches_cached_guest_pages(
    cached_pages, board, alice, root, django_capture_on_commit_callbacks
):
    thread = make_thread(board, alice, title="舊標題")
    guest = Client()
    assert "舊標題" in guest.get(thread.get_absolute_url()).content.decode()
    admin = Client()
    admin.force_login(root)
    with django_capture_on_commit_callbacks(execute=True):
        response = admin.post(
            f"/admin/threads/thread/{thread.pk}/change/",
            {
                "title": "新標題",
                "thread_type": thread.thread_type_id,
                "author": alice.pk,
                "author_name": "alice",
                "created_at_0": "2026-01-01",
                "created_at_1": "10:00:00",
                "sticky": 0,
                "highlight": "",
                "read_level": 0,
            },
        )
    assert response.status_code == 302, response.content.decode()[:2000]
    html = guest.get(thread.get_absolute_url()).content.decode()
    assert "新標題" in html and "舊標題" not in html


@pytest.mark.django_db
def test_posts_cannot_be_edited_in_the_admin_around_the_forum(board, alice, root):
    thread = make_thread(board, alice)
    post = thread.posts.get(floor=1)
    admin = Client()
    admin.force_login(root)
    admin.post(f"/admin/threads/post/{post.pk}/change/", {"body": "繞過論壇的修改"})
    post.refresh_from_db()
    assert post.body == "第一樓的內容"


def recount_report() -> str:
    out = StringIO()
    call_command("recount_forum", stdout=out)
    return out.getvalue().strip()


@pytest.mark.django_db
def test_deleting_a_thread_in_the_admin_moves_board_and_member_counters(
    board, alice, bob, root, django_capture_on_commit_callbacks
):
    kept = make_thread(board, bob, title="留下的主題")
    thread = make_thread(board, alice, replies=1, repliers=[bob], title="要刪的主題")
    admin = Client()
    admin.force_login(root)
    url = f"/admin/threads/thread/{thread.pk}/delete/"
    confirm = admin.get(url).content.decode()
    assert "要刪的主題" in confirm and "帖子" not in confirm.split("<h1>")[-1].split("</form>")[0]
    with django_capture_on_commit_callbacks(execute=True):
        response = admin.post(url, {"post": "yes"})
    assert response.status_code == 302
    board.refresh_from_db()
    alice.refresh_from_db()
    bob.refresh_from_db()
    assert Thread.objects.get(pk=thread.pk).is_deleted
    assert (board.thread_count, board.post_count, board.last_thread_id) == (1, 1, kept.pk)
    assert (alice.thread_count, alice.post_count) == (0, 0)
    assert bob.post_count == 1
    index = Client().get("/").content.decode()
    assert "要刪的主題" not in index and '<span class="thread-total">1</span>' in index
    assert recount_report() == "0 counters fixed"


@pytest.mark.django_db
def test_bulk_deleting_threads_in_the_admin_goes_through_the_forum(board, alice, bob, root):
    threads = [make_thread(board, alice, replies=1, repliers=[bob]) for _ in range(3)]
    admin = Client()
    admin.force_login(root)
    response = admin.post(
        "/admin/threads/thread/",
        {
            "action": "delete_selected",
            "_selected_action": [t.pk for t in threads[:2]],
            "post": "yes",
        },
    )
    assert response.status_code == 302
    board.refresh_from_db()
    alice.refresh_from_db()
    bob.refresh_from_db()
    assert (board.thread_count, board.post_count) == (1, 2)
    assert (alice.thread_count, alice.post_count, bob.post_count) == (1, 1, 1)
    assert Thread.objects.filter(is_deleted=True).count() == 2
    assert recount_report() == "0 counters fixed"


@pytest.mark.django_db
def test_posts_cannot_be_deleted_in_the_admin(board, alice, root):
    post = make_thread(board, alice).posts.get(floor=1)
    admin = Client()
    admin.force_login(root)
    assert admin.post(f"/admin/threads/post/{post.pk}/delete/", {"post": "yes"}).status_code == 403
    assert Post.objects.filter(pk=post.pk, is_deleted=False).exists()
