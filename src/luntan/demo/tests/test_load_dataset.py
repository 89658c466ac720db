import json

import pytest
from django.core.management import CommandError, call_command

from luntan.accounts.models import User
from luntan.boards.models import Board
from luntan.credits.models import MemberCredits
from luntan.permissions.tests.defaults import restore_defaults
from luntan.posting.services import reply_to_thread, start_thread
from luntan.search.models import SearchEntry
from luntan.search.services import indexable_posts
from luntan.threads.models import Post, Thread

# Committed for real: the loader ends with the search index's rebuild, whose ANALYZE TABLE
# commits on MariaDB.
pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def _seeded(transactional_db):
    restore_defaults()


def _dataset(tmp_path, *, replies=(4, 0, 2)):
    """dataset.py's record shapes: users, one board, threads each followed by their posts."""
    records = [
        {
            "type": "user",
            "id": n,
            "username": f"user{n:04d}",
            "password": "pass-12345",
            "email": f"user{n:04d}@example.test",
        }
        for n in (1, 2, 3)
    ]
    records.append({"type": "board", "id": 1, "name": "本地動態", "description": "本地新聞"})
    for t, count in enumerate(replies, start=1):
        records.append(
            {
                "type": "thread",
                "id": t,
                "board": 1,
                "title": f"主題{t}",
                "author": t,
                "created": f"2017-02-1{t} 05:55:02",
            }
        )
        for floor in range(1, count + 2):
            records.append(
                {
                    "type": "post",
                    "id": 10 * t + floor,
                    "thread": t,
                    "floor": floor,
                    "author": floor % 3 + 1,
                    "created": f"2017-02-1{t} 06:0{floor}:00",
                    "body": f"第{floor}樓 [b]粗體[/b]",
                }
            )
    path = tmp_path / "dataset.jsonl"
    path.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in records))
    return path


def test_the_bulk_loader_writes_floors_and_counters_the_write_path_would(tmp_path):
    call_command("load_dataset", file=_dataset(tmp_path), batch=3)
    threads = list(Thread.objects.order_by("pk"))
    assert [t.reply_count for t in threads] == [4, 0, 2]
    assert [t.last_floor for t in threads] == [5, 1, 3]
    for thread in threads:
        floors = list(thread.posts.order_by("floor").values_list("floor", flat=True))
        assert floors == list(range(1, thread.last_floor + 1))
    assert threads[0].last_poster_name == "user0003"  # floor 5 was written by user 5 % 3 + 1
    board = Board.objects.get()
    assert (board.thread_count, board.post_count) == (3, 9)
    assert board.last_thread == threads[2]
    user = User.objects.get(username="user0002")
    assert user.post_count == Post.objects.filter(author=user).count()
    assert user.thread_count == 1
    assert "<strong>粗體</strong>" in Post.objects.get(thread=threads[0], floor=1).html


def test_writes_after_a_bulk_load_continue_the_floors_and_ids(tmp_path, settings):
    settings.LUNTAN_POST_INTERVAL = 0
    call_command("load_dataset", file=_dataset(tmp_path))
    first = Thread.objects.order_by("pk").first()
    author = User.objects.get(username="user0001")
    assert reply_to_thread(thread=first, author=author, body="新的回覆").floor == 6
    new = start_thread(board=first.board, author=author, title="新主題", body="新的內容")
    assert new.pk > Thread.objects.exclude(pk=new.pk).order_by("-pk").first().pk


def test_the_loader_refuses_a_forum_that_already_has_posts(tmp_path, board, alice):
    start_thread(board=board, author=alice, title="已有主題", body="已有內容")
    with pytest.raises(CommandError, match="already has posts"):
        call_command("load_dataset", file=_dataset(tmp_path))


def _derived_numbers() -> list:
    """Every number the forum derives from its rows: counters, last posts, balances, totals."""
    return [
        list(model.objects.order_by("pk").values())
        for model in (User, Board, Thread, MemberCredits)
    ]


def test_after_a_bulk_load_neither_recount_changes_anything(tmp_path):
    call_command("load_dataset", file=_dataset(tmp_path))
    loaded = _derived_numbers()
    assert User.objects.get(username="user0002").credits > 0  # the formula counts posts
    assert MemberCredits.objects.count() == User.objects.count()
    call_command("recount_forum")
    call_command("recount_credits")
    assert _derived_numbers() == loaded


def _index() -> dict:
    return {e.pk: (e.thread_id, e.title, e.words) for e in SearchEntry.objects.all()}


def test_the_bulk_load_builds_the_search_index_the_rebuild_would(tmp_path, client):
    call_command("load_dataset", file=_dataset(tmp_path), batch=3)
    loaded = _index()
    assert set(loaded) == set(indexable_posts().values_list("pk", flat=True))
    call_command("rebuild_search_index")
    assert _index() == loaded
    page = client.get("/search/", {"q": "粗體"}, HTTP_ACCEPT_LANGUAGE="zh-hans")
    assert page.content.decode().count('class="search-result"') == 9
