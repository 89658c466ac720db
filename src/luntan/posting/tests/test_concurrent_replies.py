import threading

import pytest
from django.db import connection, connections

from luntan.conftest import make_thread, make_user
from luntan.posting.services import reply_to_thread
from luntan.threads.models import Post, Thread

pytestmark = [
    pytest.mark.concurrency,
    pytest.mark.skipif(
        connection.vendor == "sqlite",
        reason="concurrent writers need a server database (runs on PostgreSQL and MariaDB)",
    ),
]


@pytest.mark.django_db(transaction=True)
def test_twenty_simultaneous_replies_get_floors_two_to_twenty_one(board):
    author = make_user("starter")
    repliers = [make_user(f"replier{n}") for n in range(20)]
    thread = make_thread(board, author)
    start = threading.Barrier(len(repliers))
    errors: list[BaseException] = []

    def reply(user) -> None:
        try:
            start.wait()
            reply_to_thread(thread=thread, author=user, body=f"{user.username} 的回覆")
        except BaseException as error:  # collected and re-raised in the main thread
            errors.append(error)
        finally:
            connections.close_all()

    workers = [threading.Thread(target=reply, args=(user,)) for user in repliers]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(timeout=60)
    assert errors == []
    floors = sorted(Post.objects.filter(thread=thread).values_list("floor", flat=True))
    assert floors == list(range(1, 22))
    thread = Thread.objects.get(pk=thread.pk)
    board.refresh_from_db()
    assert (thread.reply_count, thread.last_floor) == (20, 21)
    assert board.post_count == 21
