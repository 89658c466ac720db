import threading
import time

import pytest
from django.db import connections
from django.utils.translation import gettext as _

from luntan.conftest import make_thread, make_user, server_database_only
from luntan.credits.models import MemberCredits
from luntan.permissions.tests.defaults import restore_defaults
from luntan.posting.errors import PostingError
from luntan.posting.services import delete_post, reply_to_thread, start_thread
from luntan.threads.models import Post, Thread

pytestmark = [
    *server_database_only(pytest.mark.concurrency),
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


def run_together(*jobs) -> list:
    """Start every job at once on its own connection; their results, in order."""
    start = threading.Barrier(len(jobs))
    results: list = [None] * len(jobs)
    errors: list[BaseException] = []

    def run(index: int, job) -> None:
        try:
            start.wait()
            results[index] = job()
        except BaseException as error:  # collected and re-raised in the main thread
            errors.append(error)
        finally:
            connections.close_all()

    workers = [threading.Thread(target=run, args=(n, job)) for n, job in enumerate(jobs)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(timeout=60)
    assert errors == []
    return results


@pytest.mark.django_db(transaction=True)
def test_new_members_replying_and_starting_threads_at_once_lose_no_count_or_credit(board):
    restore_defaults()  # a transactional test starts from flushed tables: the seeded rules
    starter = make_user("starter")
    thread = make_thread(board, starter)
    # Brand-new members: each one's first actions also race to create their balance row.
    members = [make_user(f"member{n}") for n in range(5)]
    jobs = [
        lambda user=user: reply_to_thread(thread=thread, author=user, body="同時回覆")
        for user in members
        for _ in range(3)
    ]
    jobs += [
        lambda user=user: start_thread(board=board, author=user, title="同時發帖", body="新主題")
        for user in members
    ]
    run_together(*jobs)

    floors = list(thread.posts.order_by("floor").values_list("floor", flat=True))
    assert floors == list(range(1, 17))
    thread.refresh_from_db()
    board.refresh_from_db()
    assert (thread.reply_count, thread.last_floor) == (15, 16)
    assert (board.thread_count, board.post_count) == (6, 21)
    for user in members:
        user.refresh_from_db()
        balance = MemberCredits.objects.get(user=user)
        # 发表回复 gives 1 金钱, 发表主题 2; total = posts + 金钱 under the seeded formula
        assert (user.post_count, user.thread_count, balance.extcredits2) == (4, 1, 3 + 2)
        assert user.credits == 4 + 5


@pytest.mark.django_db(transaction=True)
def test_a_reply_form_submitted_twice_at_once_makes_one_post(board):
    restore_defaults()
    starter, replier = make_user("starter"), make_user("replier")
    thread = make_thread(board, starter)
    first, second = run_together(
        *(
            lambda: reply_to_thread(
                thread=thread, author=replier, body="點了兩下", client_token="same-form"
            )
            for _ in range(2)
        )
    )
    assert first.pk == second.pk
    assert list(thread.posts.values_list("floor", flat=True).order_by("floor")) == [1, 2]
    replier.refresh_from_db()
    assert replier.post_count == 1
    assert MemberCredits.objects.get(user=replier).extcredits2 == 1


@pytest.mark.django_db(transaction=True)
def test_threads_of_one_board_deleted_at_once_all_go(board):
    restore_defaults()
    moderator = make_user("moderator")
    board.moderators.add(moderator)
    doomed = [make_thread(board, make_user(f"author{n}"), replies=1) for n in range(6)]
    # The board's newest thread stays, so each deletion leaves it as the board's last post.
    newest = make_thread(board, moderator, title="留下的主題")
    run_together(
        *(
            lambda thread=thread: delete_post(post=thread.posts.get(floor=1), actor=moderator)
            for thread in doomed
        )
    )
    board.refresh_from_db()
    assert (board.thread_count, board.post_count, board.last_thread_id) == (1, 1, newest.pk)
    assert list(Thread.objects.visible().filter(board=board)) == [newest]


@pytest.mark.django_db(transaction=True)
def test_replies_while_the_boards_newest_thread_is_deleted_neither_deadlock(board):
    """Deleting the board's newest thread points the board's last post at the next one, which
    replies are locking at that very moment."""
    restore_defaults()
    moderator = make_user("moderator")
    board.moderators.add(moderator)
    repliers = [make_user(f"replier{n}") for n in range(4)]
    survivor = make_thread(board, make_user("survivor"), title="留下的主題")
    for round_number in range(4):
        doomed = make_thread(board, moderator, title=f"第 {round_number} 個要刪的主題")
        run_together(
            lambda doomed=doomed: delete_post(post=doomed.posts.get(floor=1), actor=moderator),
            *(
                lambda user=user: reply_to_thread(thread=survivor, author=user, body="同時回覆")
                for user in repliers
            ),
        )
    board.refresh_from_db()
    survivor.refresh_from_db()
    assert survivor.reply_count == 16
    assert (board.thread_count, board.post_count, board.last_thread_id) == (1, 17, survivor.pk)


@pytest.mark.django_db(transaction=True)
def test_a_members_post_deleted_while_they_reply_neither_deadlocks(board):
    """A reply locks its author before the thread; deleting that author's post must too."""
    restore_defaults()
    moderator = make_user("moderator")
    board.moderators.add(moderator)
    repliers = [make_user(f"replier{n}") for n in range(4)]
    thread = make_thread(board, moderator, replies=4, repliers=repliers)
    for post in thread.posts.filter(floor__gt=1).order_by("floor"):
        run_together(
            lambda post=post: delete_post(post=post, actor=moderator),
            *(
                lambda user=user: reply_to_thread(thread=thread, author=user, body="同時回覆")
                for user in repliers
            ),
        )
    thread.refresh_from_db()
    assert (thread.reply_count, thread.last_floor) == (16, 21)
    for user in repliers:
        user.refresh_from_db()
        assert user.post_count == Post.objects.filter(author=user, is_deleted=False).count() == 4


@pytest.mark.django_db(transaction=True)
def test_a_thread_deleted_while_old_and_new_posters_reply_leaves_every_count_right(board):
    """Whoever replies in time is counted and then uncounted with the thread; the rest are told
    it is gone. Newcomers replying while the deletion starts make it lock them too."""
    restore_defaults()
    moderator = make_user("moderator")
    board.moderators.add(moderator)
    regulars = [make_user(f"regular{n}") for n in range(3)]
    newcomers = [make_user(f"newcomer{n}") for n in range(3)]
    gone = _("该主题已被删除，不能回复。")
    for delay in (0, 0.005, 0.02):  # the deletion lands before, among and after the replies
        thread = make_thread(board, moderator, replies=3, repliers=regulars)

        def reply(user, thread=thread):
            try:
                return reply_to_thread(thread=thread, author=user, body="趕在刪除前回覆")
            except PostingError as refused:
                return str(refused)

        def delete(thread=thread, delay=delay):
            time.sleep(delay)
            return delete_post(post=thread.posts.get(floor=1), actor=moderator)

        outcomes = run_together(
            delete, *(lambda user=user: reply(user) for user in regulars + newcomers)
        )
        assert all(isinstance(o, Post) or o == gone for o in outcomes[1:]), outcomes
    board.refresh_from_db()
    assert (board.thread_count, board.post_count) == (0, 0)
    for user in regulars + newcomers:
        user.refresh_from_db()
        assert user.post_count == 0
        assert MemberCredits.objects.get(user=user).extcredits2 == 0
