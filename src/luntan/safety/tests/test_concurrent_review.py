"""Two moderators working the queue at once publish each held post once, on its own floor."""

import pytest
from django.utils import timezone

from luntan.conftest import make_thread, make_user, server_database_only
from luntan.posting.tests.test_concurrent_replies import run_together
from luntan.safety.models import HeldPost
from luntan.safety.services import ReviewError, approve_held, reject_held
from luntan.threads.models import Post, Thread

pytestmark = [
    *server_database_only(pytest.mark.concurrency),
    pytest.mark.django_db(transaction=True),
]


def held(board, thread, author, body: str) -> HeldPost:
    return HeldPost.objects.create(
        board=board, thread=thread, author=author, body=body, reason="測試",
        created_at=timezone.now(),
    )  # fmt: skip


def decide(job):
    """The job's result, or the ReviewError it met (the queue shows that to the moderator)."""

    def run():
        try:
            return job()
        except ReviewError as error:
            return error

    return run


def test_two_moderators_deciding_one_post_at_once_publish_it_at_most_once(board):
    author, first, second = make_user("author"), make_user("mod1"), make_user("mod2")
    thread = make_thread(board, author)
    waiting = held(board, thread, author, "等審核的回覆")

    results = run_together(
        decide(lambda: approve_held(held=waiting, moderator=first)),
        decide(lambda: reject_held(held=waiting, moderator=second)),
    )

    assert sum(isinstance(result, ReviewError) for result in results) == 1
    waiting.refresh_from_db()
    published = Post.objects.filter(body="等審核的回覆").count()
    assert published == (1 if waiting.status == HeldPost.Status.APPROVED else 0)


def test_held_replies_approved_at_once_get_floors_of_their_own(board):
    author = make_user("author")
    thread = make_thread(board, author)
    moderators = [make_user(f"mod{n}") for n in range(6)]
    posts = [held(board, thread, make_user(f"member{n}"), f"回覆{n}") for n in range(6)]

    run_together(
        *[
            (lambda h=h, m=m: approve_held(held=h, moderator=m))
            for h, m in zip(posts, moderators, strict=True)
        ]
    )

    floors = sorted(Post.objects.filter(thread=thread).values_list("floor", flat=True))
    assert floors == list(range(1, 8))
    thread = Thread.objects.get(pk=thread.pk)
    assert (thread.reply_count, thread.last_floor) == (6, 7)
