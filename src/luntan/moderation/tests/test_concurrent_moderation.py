"""A move, merge, split or deletion racing with new replies loses no reply, leaves floors unique
and gap-free, and every counter as recount_forum / recount_credits compute it."""

import time

import pytest
from django.db.models import Count

from luntan.conftest import make_thread, make_user, server_database_only
from luntan.moderation.models import RecycleEntry
from luntan.moderation.services import (
    ThreadOptions,
    delete_thread,
    merge_threads,
    moderate_posts,
    moderate_thread,
    restore_entry,
    split_thread,
)
from luntan.permissions.tests.defaults import restore_defaults
from luntan.posting.errors import PostingError
from luntan.posting.services import reply_to_thread
from luntan.posting.tests.test_concurrent_replies import run_together
from luntan.threads.models import Post, Thread

from .recount import assert_recount_changes_nothing

pytestmark = [
    *server_database_only(pytest.mark.concurrency),
]

DELAYS = (0, 0.005, 0.02)  # the action lands before, among and after the replies


def replying(thread, users):
    def reply(user):
        try:
            return reply_to_thread(thread=thread, author=user, body="同時回覆")
        except PostingError as refused:
            return str(refused)

    return [lambda user=user: reply(user) for user in users]


def after(delay, action):
    def run():
        time.sleep(delay)
        return action()

    return run


def assert_floors_gap_free(*threads) -> None:
    for thread in threads:
        floors = list(
            Post.objects.filter(thread=thread).order_by("floor").values_list("floor", flat=True)
        )
        assert floors == list(range(1, len(floors) + 1)), (thread.pk, floors)


@pytest.fixture
def cast(board):
    restore_defaults()  # a transactional test starts from flushed tables: the seeded rules
    moderator = make_user("moderator")
    board.moderators.add(moderator)
    return moderator, [make_user(f"replier{n}") for n in range(5)]


@pytest.mark.django_db(transaction=True)
def test_a_move_racing_with_replies_loses_none(board, cast):
    from luntan.boards.models import Board

    moderator, repliers = cast
    market = Board.objects.create(group=board.group, name="二手交易")
    market.moderators.add(moderator)
    for delay in DELAYS:
        thread = make_thread(board, moderator, replies=2, repliers=repliers)
        outcomes = run_together(
            after(
                delay,
                lambda thread=thread: moderate_thread(
                    thread_id=thread.pk,
                    board_id=board.pk,
                    actor=moderator,
                    action="move",
                    options=ThreadOptions(target_board=market, leave_stub=True),
                ),
            ),
            *replying(thread, repliers),
        )
        assert all(isinstance(o, Post) for o in outcomes[1:]), outcomes
        assert Post.objects.filter(thread=thread).count() == 3 + len(repliers)
        assert_floors_gap_free(thread)
    assert_recount_changes_nothing()


@pytest.mark.django_db(transaction=True)
def test_a_merge_racing_with_replies_to_both_threads_loses_none(board, cast):
    moderator, repliers = cast
    for delay in DELAYS:
        source = make_thread(board, moderator, replies=2, repliers=repliers)
        target = make_thread(board, moderator, replies=2, repliers=repliers)
        outcomes = run_together(
            after(
                delay,
                lambda s=source, t=target: merge_threads(
                    thread_id=s.pk, board_id=board.pk, into_id=t.pk, actor=moderator
                ),
            ),
            *replying(source, repliers[:2]),
            *replying(target, repliers[2:]),
        )
        landed = sum(isinstance(o, Post) for o in outcomes[1:])
        refused = [o for o in outcomes[1:] if isinstance(o, str)]
        # A reply to the merged thread after the merge is refused with the thread-gone message.
        assert len(refused) + landed == len(repliers)
        assert Post.objects.filter(thread=target).count() == 6 + landed
        assert_floors_gap_free(target)
    assert_recount_changes_nothing()


@pytest.mark.django_db(transaction=True)
def test_a_split_racing_with_replies_loses_none(board, cast):
    moderator, repliers = cast
    for delay in DELAYS:
        thread = make_thread(board, moderator, replies=4, repliers=repliers)
        outcomes = run_together(
            after(
                delay,
                lambda thread=thread, delay=delay: split_thread(
                    thread_id=thread.pk,
                    board_id=board.pk,
                    floors=[2, 4],
                    title=f"分出 {delay}",
                    actor=moderator,
                ),
            ),
            *replying(thread, repliers),
        )
        new = outcomes[0]
        assert all(isinstance(o, Post) for o in outcomes[1:]), outcomes
        assert Post.objects.filter(thread=thread).count() == 3 + len(repliers)
        assert Post.objects.filter(thread=new).count() == 2
        duplicates = (
            Post.objects.filter(thread=thread)
            .values("floor")
            .annotate(n=Count("pk"))
            .filter(n__gt=1)
        )
        assert not duplicates.exists()
        assert_floors_gap_free(new)
    assert_recount_changes_nothing()


@pytest.mark.django_db(transaction=True)
def test_deletions_and_restores_racing_with_replies_keep_every_count(board, cast):
    moderator, repliers = cast
    for delay in DELAYS:
        thread = make_thread(board, moderator, replies=3, repliers=repliers)
        run_together(
            after(
                delay,
                lambda thread=thread: moderate_posts(
                    thread_id=thread.pk,
                    board_id=board.pk,
                    floors=[2, 3],
                    actor=moderator,
                    action="delete_post",
                    reason="並發",
                ),
            ),
            *replying(thread, repliers),
        )
        assert_floors_gap_free(thread)
        doomed = make_thread(board, moderator, replies=2, repliers=repliers)
        outcomes = run_together(
            after(
                delay,
                lambda doomed=doomed: delete_thread(
                    thread_id=doomed.pk, board_id=board.pk, actor=moderator, reason="並發"
                ),
            ),
            *replying(doomed, repliers),
        )
        assert all(isinstance(o, Post | str) for o in outcomes[1:])
        assert_floors_gap_free(doomed)
    assert_recount_changes_nothing()
    entries = list(RecycleEntry.objects.order_by("post_id").values_list("pk", flat=True))
    survivor = Thread.objects.visible().filter(board=board).first()
    run_together(
        *(lambda pk=pk: restore_entry(entry_id=pk, actor=moderator) for pk in entries),
        *replying(survivor, repliers),
    )
    assert not RecycleEntry.objects.exists()
    assert_recount_changes_nothing()
