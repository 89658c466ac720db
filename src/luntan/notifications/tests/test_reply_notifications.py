"""A reply tells the members it concerns, once each, and never about what they may not read."""

import logging
import re

import pytest
from django.core import mail
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from luntan.accounts.models import User
from luntan.boards.models import Board
from luntan.conftest import login, make_thread, make_user, use_traditional_variant
from luntan.core.markup import quote_source
from luntan.notifications.models import Kind, Notification, NotificationSetting
from luntan.notifications.querysets import unread_count
from luntan.notifications.services import mentions_not_told, notify, watch_thread
from luntan.threads.models import Post, Thread

pytestmark = pytest.mark.django_db


def kinds_of(user) -> list[str]:
    return list(Notification.objects.filter(recipient=user).values_list("kind", flat=True))


def test_a_reply_tells_the_threads_author_and_nobody_else(board, alice, bob, reply):
    thread = make_thread(board, alice)
    reply(thread, bob, "我也來說兩句")
    assert kinds_of(alice) == [Kind.REPLY]
    assert kinds_of(bob) == []
    assert unread_count(alice.pk) == 1


def test_replying_in_ones_own_thread_tells_nobody(board, alice, reply):
    thread = make_thread(board, alice)
    reply(thread, alice, "補充一下 @alice")
    assert Notification.objects.count() == 0


def test_a_quoted_member_is_told_once_as_quoted(board, alice, bob, reply):
    carol = make_user("carol")
    thread = make_thread(board, alice)
    quoted = reply(thread, carol, "丙的看法")
    Notification.objects.all().delete()
    reply(thread, bob, quote_source(quoted.author_name, quoted.body) + "同意")
    assert kinds_of(carol) == [Kind.QUOTE]
    assert kinds_of(alice) == [Kind.REPLY]


def test_a_mention_tells_the_member_and_ignores_unknown_names(board, alice, bob, reply):
    carol = make_user("carol")
    thread = make_thread(board, alice)
    reply(thread, bob, "@carol 你看看這個，@nobody 也看看。@alice")
    assert kinds_of(carol) == [Kind.MENTION]
    # The thread's author was mentioned too: told once, as mentioned.
    assert kinds_of(alice) == [Kind.MENTION]
    assert mentions_not_told("@carol @nobody", bob) == (["nobody"], [])


def test_a_mention_inside_a_quote_is_not_the_writers(board, alice, bob, reply):
    carol = make_user("carol")
    thread = make_thread(board, alice)
    reply(thread, bob, "[quote]@carol 舊話[/quote]我的回覆")
    assert kinds_of(carol) == []


def test_a_member_is_never_told_about_a_thread_they_may_not_read(board, alice, bob, reply):
    carol = make_user("carol")
    thread = make_thread(board, alice)
    watch_thread(user=carol, thread=thread)
    Thread.objects.filter(pk=thread.pk).update(read_level=200)
    thread.refresh_from_db()
    reply(thread, bob, "@carol 這裡有秘密")
    assert kinds_of(carol) == []


def test_a_member_is_never_told_about_a_board_they_may_not_read(alice, bob, root, reply, board):
    hidden = Board.objects.create(group=board.group, name="管理區")
    thread = make_thread(hidden, root)
    carol = make_user("carol")
    Board.objects.filter(pk=hidden.pk).update(read_level=200)
    thread = Thread.objects.select_related("board").get(pk=thread.pk)
    reply(thread, root, "@carol @bob 內部通知")
    assert kinds_of(carol) == []
    assert kinds_of(bob) == []


def test_a_watcher_is_told_about_every_new_reply(board, alice, bob, reply):
    carol = make_user("carol")
    thread = make_thread(board, alice)
    watch_thread(user=carol, thread=thread)
    watch_thread(user=carol, thread=thread)  # a second click changes nothing
    reply(thread, bob, "第一條")
    reply(thread, bob, "第二條")
    assert kinds_of(carol) == [Kind.WATCH, Kind.WATCH]


def test_a_watcher_whose_group_loses_the_board_hears_of_no_reply_after(
    board, alice, bob, reply, django_capture_on_commit_callbacks
):
    """The fan-out keeps the permission table between tasks, as a web process does between
    requests: a change the admin saves reaches the very next fan-out."""
    from luntan.accounts.querysets import group_of
    from luntan.permissions.models import BoardGrant

    carol = make_user("carol")
    thread = make_thread(board, alice)
    watch_thread(user=carol, thread=thread)
    reply(thread, bob, "第一條")
    with django_capture_on_commit_callbacks(execute=True):  # the admin's save commits
        BoardGrant.objects.create(board=board, group=group_of(carol), read=False)
    reply(thread, bob, "第二條")
    assert kinds_of(carol) == [Kind.WATCH]


def test_a_kind_switched_off_is_not_written(board, alice, bob, reply):
    NotificationSetting.objects.create(user=alice, kind=Kind.REPLY, delivery="off")
    thread = make_thread(board, alice)
    reply(thread, bob, "你聽不到")
    assert kinds_of(alice) == []


def test_by_email_writes_the_notification_and_mails_it(board, alice, bob, reply):
    NotificationSetting.objects.create(user=alice, kind=Kind.REPLY, delivery="email")
    thread = make_thread(board, alice, title="停水通知")
    post = reply(thread, bob, "明天幾點來水？")
    assert kinds_of(alice) == [Kind.REPLY]
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["alice@example.test"]
    assert "bob" in message.subject
    assert post.get_absolute_url() in message.body


def test_the_email_speaks_the_sites_traditional_variant(board, alice, bob, reply):
    use_traditional_variant("taiwan")
    NotificationSetting.objects.create(user=alice, kind=Kind.REPLY, delivery="email")
    thread = make_thread(board, alice, title="软件更新通知")
    reply(thread, bob, "几点恢复？")
    body = mail.outbox[0].body
    assert "軟體更新通知" in body
    assert "檢視全部提醒" in body and "提醒設定" in body


def test_notify_is_the_seam_for_other_kinds(board, alice, bob):
    thread = make_thread(board, alice)
    post = thread.posts.get(floor=1)
    told = notify(recipients=[alice, bob], kind=Kind.MODERATION, actor=bob, post=post, text="置頂")
    assert told == 1  # the actor is never told about their own action
    assert kinds_of(alice) == [Kind.MODERATION]


def test_a_recount_changes_nothing_after_notifications(board, alice, bob, reply):
    thread = make_thread(board, alice)
    watch_thread(user=bob, thread=thread)
    reply(thread, bob, "@alice 回覆")
    reply(thread, make_user("carol"), "再回覆")

    def snapshot():
        return (
            list(User.objects.order_by("pk").values_list("post_count", "thread_count", "credits")),
            list(Thread.objects.values_list("reply_count", "last_floor", "last_poster_name")),
            list(Board.objects.values_list("post_count", "thread_count")),
        )

    before = snapshot()
    call_command("recount_forum", verbosity=0, stdout=open("/dev/null", "w"))  # noqa: SIM115
    call_command("recount_credits", verbosity=0, stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert snapshot() == before
    for user in (alice, bob):
        assert (
            unread_count(user.pk)
            == Notification.objects.filter(recipient=user, is_read=False).count()
        )


def test_the_quick_reply_form_tells_the_author(
    board, alice, bob, django_capture_on_commit_callbacks
):
    thread = make_thread(board, alice)
    client = login(Client(), bob)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("thread-reply", args=[thread.pk]), {"body": "樓主辛苦了", "client_token": "t1"}
        )
    assert response.status_code == 302
    assert kinds_of(alice) == [Kind.REPLY]
    assert Post.objects.filter(thread=thread).count() == 2


def test_a_reply_stands_when_the_broker_is_unreachable(
    board, alice, bob, django_capture_on_commit_callbacks, caplog
):
    from luntan.posting.services import reply_to_thread

    from .worker import using_broker

    thread = make_thread(board, alice)
    # Port 9 (discard) on loopback: nothing listens, the connection is refused at once.
    logger = logging.getLogger("luntan.notifications.tasks")
    logger.addHandler(caplog.handler)  # luntan's loggers do not propagate to the root's
    try:
        with (
            using_broker("amqp://guest:guest@127.0.0.1:9//"),
            django_capture_on_commit_callbacks(execute=True),
        ):
            post = reply_to_thread(thread=thread, author=bob, body="照樣發出")
    finally:
        logger.removeHandler(caplog.handler)
    assert Post.objects.filter(pk=post.pk, is_deleted=False).exists()
    assert f"fan-out of post {post.pk} not queued" in caplog.text


def test_a_new_thread_tells_the_members_it_mentions(
    board, alice, django_capture_on_commit_callbacks
):
    from luntan.posting.services import start_thread

    carol = make_user("carol")
    with django_capture_on_commit_callbacks(execute=True):
        start_thread(board=board, author=alice, title="聚會", body="@carol @alice 週六見")
    assert kinds_of(carol) == [Kind.MENTION]
    assert kinds_of(alice) == []


def test_the_writer_is_told_which_mentions_reached_nobody(board, alice, bob_client):
    thread = make_thread(board, alice)
    response = bob_client.post(
        reverse("thread-reply", args=[thread.pk]),
        {"body": "@alice @ghost 你們好", "client_token": "t2"},
        follow=True,
    )
    warning = re.search(r'<li class="message warning">(.*?)</li>', response.content.decode())
    assert warning is not None
    assert "@ghost" in warning.group(1) and "@alice" not in warning.group(1)
    assert Post.objects.filter(thread=thread).count() == 2


def test_of_many_watchers_only_those_who_may_read_are_told(board, alice, bob, mod, reply):
    thread = make_thread(board, alice)
    readers = [make_user(f"reader{n}") for n in range(5)]
    for user in [*readers, mod]:
        watch_thread(user=user, thread=thread)
    Thread.objects.filter(pk=thread.pk).update(read_level=200)
    thread = Thread.objects.select_related("board").get(pk=thread.pk)
    reply(thread, bob, "只有版主看得到")
    # The board's moderator reads every level; members of the same group as the others do not.
    told = set(Notification.objects.values_list("recipient__username", flat=True))
    assert told == {"mod"}


def test_a_member_who_blocked_the_writer_is_not_told_of_a_mention(board, alice, bob, reply):
    from luntan.conversations.models import Block

    carol = make_user("carol")
    Block.objects.create(user=carol, blocked=bob)
    reply(make_thread(board, alice), bob, "@carol 看這裡")
    assert kinds_of(carol) == []
    assert mentions_not_told("@carol", bob) == ([], ["carol"])


def test_the_stored_post_links_only_real_members(board, alice, bob, reply):
    make_user("carol")
    post = reply(make_thread(board, alice), bob, "@carol 和 @ghost")
    carol = User.objects.get(username="carol")
    assert f'href="/member/{carol.pk}/"' in post.html
    assert "@ghost" in post.html and post.html.count("/member/") == 1


def test_a_notification_stands_when_its_email_cannot_be_queued(
    board, alice, bob, django_capture_on_commit_callbacks, caplog
):
    from .worker import using_broker

    NotificationSetting.objects.create(user=alice, kind=Kind.MODERATION, delivery="email")
    post = make_thread(board, alice).posts.get(floor=1)
    logger = logging.getLogger("luntan.notifications.services")
    logger.addHandler(caplog.handler)
    try:
        with (
            using_broker("amqp://guest:guest@127.0.0.1:9//"),
            django_capture_on_commit_callbacks(execute=True),
        ):
            notify(recipients=[alice], kind=Kind.MODERATION, actor=bob, post=post, text="移動")
    finally:
        logger.removeHandler(caplog.handler)
    assert kinds_of(alice) == [Kind.MODERATION]
    assert f"notice e-mail to member {alice.pk} not queued" in caplog.text
