import pytest
from django.test import Client

from luntan.conftest import make_thread


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
