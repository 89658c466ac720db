import threading

import pytest
from django.db import connections
from django.db.models import Sum

from luntan.conftest import make_thread, make_user, server_database_only
from luntan.credits.models import CreditLog, CreditRule, MemberCredits
from luntan.permissions.tests.defaults import set_rule
from luntan.posting.services import delete_post, reply_to_thread

pytestmark = [
    *server_database_only(pytest.mark.concurrency),
]


def run_together(*jobs) -> None:
    start = threading.Barrier(len(jobs))
    errors: list[BaseException] = []

    def run(job) -> None:
        try:
            start.wait()
            job()
        except BaseException as error:  # collected and re-raised in the main thread
            errors.append(error)
        finally:
            connections.close_all()

    workers = [threading.Thread(target=run, args=(job,)) for job in jobs]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(timeout=60)
    assert errors == []


def logged_money(user) -> int:
    return CreditLog.objects.filter(user=user).aggregate(n=Sum("extcredits2"))["n"] or 0


@pytest.mark.django_db(transaction=True)
def test_simultaneous_replies_never_take_more_than_the_days_rewards(board):
    set_rule("reply", cycle=CreditRule.Cycle.DAILY, max_rewards=3)
    starter, replier = make_user("starter"), make_user("replier")
    threads = [make_thread(board, starter, title=f"主題{n}") for n in range(8)]
    run_together(
        *(
            lambda t=thread: reply_to_thread(thread=t, author=replier, body="同時回覆")
            for thread in threads
        )
    )
    balance = MemberCredits.objects.get(user=replier)
    assert CreditLog.objects.filter(user=replier, rule__action="reply").count() == 3
    assert balance.extcredits2 == logged_money(replier) == 3
    replier.refresh_from_db()
    assert (replier.post_count, replier.credits) == (8, 8 + 3)


@pytest.mark.django_db(transaction=True)
def test_rewards_and_take_backs_running_together_lose_nothing(board):
    starter, replier, moderator = make_user("starter"), make_user("replier"), make_user("mod2")
    board.moderators.add(moderator)
    threads = [make_thread(board, starter, title=f"主題{n}") for n in range(6)]
    doomed = [reply_to_thread(thread=t, author=replier, body="會被刪") for t in threads]
    jobs = [
        lambda t=thread: reply_to_thread(thread=t, author=replier, body="新回覆")
        for thread in threads
    ]
    jobs += [lambda p=post: delete_post(post=p, actor=moderator) for post in doomed]
    run_together(*jobs)
    replier.refresh_from_db()
    balance = MemberCredits.objects.get(user=replier)
    # six rewards kept, six given and taken back: 6 金钱, 6 posts
    assert balance.extcredits2 == logged_money(replier) == 6
    assert (replier.post_count, replier.credits) == (6, 6 + 6)
