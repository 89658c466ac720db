"""The index follows every posting write once it commits; a rebuild agrees with it and resumes."""

import io

import pytest
from django.core.management import call_command
from django.db import connection

from luntan.boards.models import Board
from luntan.conftest import login
from luntan.posting.services import delete_post, edit_post
from luntan.search.models import RebuildProgress, SearchEntry
from luntan.search.services import reindex_posts
from luntan.threads.models import Post, Thread

from .helpers import floor_url, found, new_thread, reply

pytestmark = pytest.mark.django_db(transaction=True)


def entries() -> dict[int, tuple[int, str, str]]:
    return {e.pk: (e.thread_id, e.title, e.words) for e in SearchEntry.objects.all()}


def counters() -> list:
    return [
        list(Thread.objects.order_by("pk").values_list("reply_count", "last_floor", "is_deleted")),
        list(Board.objects.order_by("pk").values_list("thread_count", "post_count")),
    ]


def test_a_new_reply_is_found_once_it_is_posted(client, board, alice, bob):
    thread = new_thread(board, alice, "通知", "内容")
    assert found(client, "停电") == []
    post = reply(thread, bob, "明天停电")
    assert found(client, "停电") == [floor_url(post)]


def test_an_edit_replaces_the_old_words(client, board, alice):
    thread = new_thread(board, alice, "通知", "明天停水")
    first = thread.posts.get(floor=1)
    edit_post(post=first, editor=alice, body="明天停电", title="新标题", thread_type=None)
    assert found(client, "停水") == []
    assert found(client, "停电") == [floor_url(first)]
    assert found(client, "新标题", mode="title") == [floor_url(first)]
    assert found(client, "通知", mode="title") == []


def test_a_deleted_reply_and_a_deleted_thread_are_no_longer_found(client, board, alice, mod):
    thread = new_thread(board, alice, "停水通知", "停水")
    post = reply(thread, alice, "停水了吗")
    delete_post(post=post, actor=alice)
    assert found(client, "停水了") == []
    assert SearchEntry.objects.filter(pk=post.pk).count() == 0
    delete_post(post=thread.posts.get(floor=1), actor=mod)
    assert found(client, "停水") == []
    assert SearchEntry.objects.count() == 0


def test_a_title_changed_in_the_admin_is_found_by_its_new_words(client, board, alice, root):
    thread = new_thread(board, alice, "旧标题", "内容")
    login(client, root)
    response = client.post(
        f"/admin/threads/thread/{thread.pk}/change/",
        {
            "title": "换了标题",
            "author": alice.pk,
            "author_name": thread.author_name,
            "created_at_0": thread.created_at.strftime("%Y-%m-%d"),
            "created_at_1": thread.created_at.strftime("%H:%M:%S"),
            "sticky": 0,
            "read_level": 0,
            "highlight": "",
        },
    )
    assert response.status_code == 302, response.context["adminform"].form.errors
    assert found(client, "换了", mode="title") == [floor_url(thread.posts.get(floor=1))]


def test_a_post_hidden_by_moderation_never_shows_and_leaves_the_index(client, board, alice):
    thread = new_thread(board, alice, "通知", "停水")
    first = thread.posts.get(floor=1)
    # What a moderation tool does: change the row, then call the seam after it commits.
    Post.objects.filter(pk=first.pk).update(is_deleted=True)
    assert found(client, "停水") == []
    reindex_posts([first.pk])
    assert not SearchEntry.objects.filter(pk=first.pk).exists()


def test_a_thread_moved_to_a_hidden_board_disappears_at_once(client, board, alice):
    from luntan.permissions.tests.defaults import hide_from_all_but_staff

    hidden = Board.objects.create(group=board.group, name="版主區")
    hide_from_all_but_staff(hidden)
    thread = new_thread(board, alice, "通知", "停水")
    assert found(client, "停水") != []
    Thread.objects.filter(pk=thread.pk).update(board=hidden)
    assert found(client, "停水") == []


def test_a_rebuild_writes_what_the_posting_writes_wrote(board, alice, bob, mod):
    thread = new_thread(board, alice, "霍林郭勒停水", "明天停水")
    kept = reply(thread, bob, "扎魯特旗 138-1234-5678")
    gone = reply(thread, bob, "要删除的")
    edit_post(post=kept, editor=bob, body="扎鲁特旗 改了")
    delete_post(post=gone, actor=bob)
    other = new_thread(board, bob, "删除的主题", "内容")
    delete_post(post=other.posts.get(floor=1), actor=mod)
    incremental, before = entries(), counters()
    SearchEntry.objects.all().delete()
    out = io.StringIO()
    call_command("rebuild_search_index", stdout=out, stderr=io.StringIO())
    assert "search index rebuilt: 4 posts" in out.getvalue()
    assert entries() == incremental
    call_command("recount_forum", stdout=io.StringIO())
    assert counters() == before


def test_an_interrupted_rebuild_resumes_after_its_last_batch(board, alice):
    thread = new_thread(board, alice, "通知", "一")
    posts = [thread.posts.get(floor=1), *(reply(thread, alice, f"第{n}楼") for n in range(4))]
    SearchEntry.objects.all().delete()
    call_command("rebuild_search_index", batch_size=2, stdout=io.StringIO(), stderr=io.StringIO())
    # As if the run had stopped after its first batch.
    RebuildProgress.objects.update(last_post_id=posts[1].pk, finished_at=None)
    SearchEntry.objects.all().delete()
    out = io.StringIO()
    call_command("rebuild_search_index", resume=True, stdout=out, stderr=io.StringIO())
    assert "search index rebuilt: 3 posts" in out.getvalue()
    assert set(entries()) == {p.pk for p in posts[2:]}
    assert RebuildProgress.objects.get().finished_at is not None


@pytest.mark.skipif(connection.vendor != "sqlite", reason="FTS5's segments: SQLite only")
def test_a_rebuild_on_sqlite_leaves_fts5_merged_and_sound(client, board, alice):
    thread = new_thread(board, alice, "通知", "霍林郭勒")
    for n in range(12):
        reply(thread, alice, f"第{n}楼 停水")
    call_command("rebuild_search_index", batch_size=2, stdout=io.StringIO(), stderr=io.StringIO())
    with connection.cursor() as cursor:
        for table in ("search_fts", "search_titles"):
            before = connection.connection.total_changes
            cursor.execute(f"INSERT INTO {table}({table}, rank) VALUES ('merge', -500)")
            assert connection.connection.total_changes - before < 2  # nothing left to merge
            cursor.execute(f"INSERT INTO {table}({table}) VALUES ('integrity-check')")
    assert len(found(client, "停水")) == 12
    assert found(client, "通知", mode="title") == [floor_url(thread.posts.get(floor=1))]
