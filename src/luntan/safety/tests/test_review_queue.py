"""先审后发: which posts wait, what nobody else sees of them meanwhile, and what approval and
rejection publish, count and pay."""

from datetime import datetime, timedelta
from io import StringIO
from zoneinfo import ZoneInfo

import pytest
from django.core.management import call_command
from django.test import Client, override_settings
from django.urls import reverse
from django.utils import timezone

from luntan.accounts.models import User, UserGroup
from luntan.accounts.tests.pages import text_of
from luntan.boards.models import Board
from luntan.conftest import login, make_thread, make_user
from luntan.credits.models import CreditLog, MemberCredits
from luntan.safety.models import HeldPost, ReviewSettings
from luntan.safety.review_rules import HoursError, parse_hours, review_reason
from luntan.threads.models import Post, Thread

SHANGHAI = ZoneInfo("Asia/Shanghai")
QUEUE = reverse("review-queue")
DECIDE = reverse("review-decide")
MINE = reverse("review-mine")
SECRET_TITLE = "待審核的新主題標題"
SECRET_BODY = "待審核的回覆內容"


def rules(**fields) -> ReviewSettings:
    row, _created = ReviewSettings.objects.update_or_create(pk=1, defaults=fields)
    return row


def counters() -> tuple:
    """Every total a post counts in."""
    boards = Board.objects.order_by("pk")
    threads = Thread.objects.order_by("pk")
    return (
        list(boards.values_list("thread_count", "post_count", "last_thread")),
        list(threads.values_list("reply_count", "last_floor", "last_post_at")),
        list(User.objects.order_by("pk").values_list("post_count", "thread_count")),
    )


def snapshot() -> tuple:
    """Every counter and balance a recount could change."""
    balances = MemberCredits.objects.order_by("pk")
    return (
        counters(),
        list(User.objects.order_by("pk").values_list("credits", flat=True)),
        list(balances.values_list(*[f"extcredits{n}" for n in range(1, 9)])),
    )


def assert_recount_changes_nothing() -> None:
    before = snapshot()
    call_command("recount_forum", stdout=StringIO())
    call_command("recount_credits", stdout=StringIO())
    assert snapshot() == before


@pytest.fixture
def thread(board, bob):
    return make_thread(board, bob, replies=1)


@pytest.fixture
def held_reply(board, thread, alice_client) -> HeldPost:
    rules().hold_boards.add(board)
    response = alice_client.post(
        reverse("thread-reply", args=[thread.pk]), {"body": SECRET_BODY, "client_token": "r1"}
    )
    assert response["Location"] == MINE
    return HeldPost.objects.get(thread=thread)


@pytest.fixture
def held_thread(board, alice_client) -> HeldPost:
    rules().hold_boards.add(board)
    response = alice_client.post(
        reverse("thread-new", args=[board.pk]),
        {"title": SECRET_TITLE, "body": "新主題的內容", "client_token": "t1",
         "thread_type": board.thread_types.first().pk},
    )  # fmt: skip
    assert response["Location"] == MINE
    return HeldPost.objects.get(thread=None)


@pytest.fixture
def mod_client(mod) -> Client:
    return login(Client(), mod)


# Which posts wait.


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("setting", "body", "held"),
    [
        ({"new_member_hours": 24}, "普通的回覆", True),
        ({"first_posts": 3}, "普通的回覆", True),
        ({"hold_links": True}, "看這裡 https://spam.example", True),
        ({"hold_links": True}, "看這裡 [url=/x]連結[/url]", True),
        ({"hold_links": True}, "沒有連結的回覆", False),
        ({"hold_images": True}, "[img]https://a.example/p.png[/img]", True),
        ({"hold_images": True}, "沒有圖片", False),
        ({}, "普通的回覆", False),
    ],
    ids=[
        "new-member",
        "first-posts",
        "bare-link",
        "url-tag",
        "no-link",
        "image",
        "no-image",
        "no-rule",
    ],
)
def test_each_rule_holds_what_it_names(board, alice, setting, body, held):
    rules(**setting)
    reason = review_reason(author=alice, board_id=board.pk, title="", body=body)
    assert (reason is not None) is held


@pytest.mark.django_db
def test_a_member_past_the_new_member_hours_and_first_posts_is_not_held(board, alice):
    rules(new_member_hours=24, first_posts=3)
    User.objects.filter(pk=alice.pk).update(
        date_joined=timezone.now() - timedelta(hours=25), post_count=3
    )
    alice.refresh_from_db()
    assert review_reason(author=alice, board_id=board.pk, title="", body="回覆") is None


@pytest.mark.django_db
def test_a_user_group_can_be_held(board, alice):
    group = UserGroup.objects.create(name="限制會員", kind=UserGroup.Kind.SPECIAL)
    User.objects.filter(pk=alice.pk).update(group=group)
    alice.refresh_from_db()
    rules().hold_groups.add(group)
    assert "限制會員" in review_reason(author=alice, board_id=board.pk, title="", body="回覆")


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("clock", "held"),
    [((23, 30), True), ((2, 0), True), ((5, 59), True), ((6, 0), False), ((12, 0), False)],
    ids=["23:30", "02:00", "05:59", "06:00", "12:00"],
)
def test_review_hours_cross_midnight_in_beijing_time(board, alice, clock, held):
    rules(review_hours="22:00-06:00")
    now = datetime(2026, 11, 30, *clock, tzinfo=SHANGHAI)
    reason = review_reason(author=alice, board_id=board.pk, title="", body="回覆", now=now)
    assert (reason is not None) is held


@pytest.mark.parametrize("text", ["22:00-6", "25:00-06:00", "晚上", "22:00-06:00,abc"])
def test_unreadable_hours_are_refused(text):
    with pytest.raises(HoursError):
        parse_hours(text)


@pytest.mark.django_db
def test_in_the_closed_hours_posting_is_refused_and_the_text_kept(
    board, thread, alice_client, monkeypatch
):
    rules(closed_hours="00:00-24:00")
    response = alice_client.post(
        reverse("thread-reply", args=[thread.pk]), {"body": "半夜的回覆", "client_token": "c"}
    )
    assert response.status_code == 200
    assert "半夜的回覆" in response.content.decode()
    assert "00:00-24:00" in text_of(response)
    assert not HeldPost.objects.exists() and Post.objects.filter(thread=thread).count() == 2


@pytest.mark.django_db
def test_the_boards_moderator_is_never_held(board, thread, mod_client):
    rules(closed_hours="00:00-24:00", review_hours="00:00-24:00").hold_boards.add(board)
    response = mod_client.post(
        reverse("thread-reply", args=[thread.pk]), {"body": "版主的回覆", "client_token": "m"}
    )
    assert response.status_code == 302
    assert Post.objects.filter(thread=thread, body="版主的回覆").exists()


# What nobody else sees meanwhile.


def routes(board, thread, alice) -> list[str]:
    return [
        "/", board.get_absolute_url(), thread.get_absolute_url(),
        reverse("thread-reader", args=[thread.pk]),
        reverse("thread-floor", args=[thread.pk, 3]),
        reverse("thread-jump", args=[thread.pk]) + "?floor=3",
        reverse("member", args=[alice.pk]),
        "/sitemap/", "/archiver/", reverse("archiver-board", args=[board.pk]),
        reverse("archiver-thread", args=[thread.pk]),
        "/sitemap.xml", "/sitemap-threads.xml", "/sitemap-boards.xml",
    ]  # fmt: skip


@pytest.mark.django_db
def test_held_posts_leak_through_no_route_and_count_nowhere(
    board, thread, alice, held_reply, held_thread, client, bob_client
):
    before = counters()
    for reader in (client, bob_client):
        for url in routes(board, thread, alice):
            response = reader.get(url, follow=True)
            html = response.content.decode()
            assert SECRET_BODY not in html and SECRET_TITLE not in html, url
            assert response.status_code in (200, 404), url
        assert SECRET_BODY not in reader.get(MINE, follow=True).content.decode()
        assert reader.get(QUEUE).status_code in (302, 403)
    thread.refresh_from_db()
    assert (thread.reply_count, thread.last_floor) == (1, 2)
    assert counters() == before
    assert_recount_changes_nothing()


@pytest.mark.django_db
def test_the_author_sees_their_post_waiting(held_reply, held_thread, alice_client):
    page = text_of(alice_client.get(MINE))
    assert SECRET_BODY in page and SECRET_TITLE in page
    assert page.count("待審核") >= 2 or page.count("待审核") >= 2


@pytest.mark.django_db
def test_the_moderator_sees_the_queue_and_a_moderator_of_another_board_does_not(
    board, held_reply, mod_client
):
    assert SECRET_BODY in text_of(mod_client.get(QUEUE))
    other = Board.objects.create(group=board.group, name="別的版塊")
    stranger = make_user("othermod")
    other.moderators.add(stranger)
    stranger_client = login(Client(), stranger)
    assert SECRET_BODY not in text_of(stranger_client.get(QUEUE))
    stranger_client.post(DECIDE, {"held": [held_reply.pk], "action": "approve"})
    held_reply.refresh_from_db()
    assert held_reply.status == HeldPost.Status.PENDING


# What approval and rejection publish, count and pay.


@pytest.mark.django_db
def test_approval_publishes_the_reply_on_the_next_floor_with_its_credits(
    thread, alice, held_reply, mod_client
):
    credits_before = User.objects.get(pk=alice.pk).credits
    assert not CreditLog.objects.filter(user=alice, thread=thread).exists()

    response = mod_client.post(DECIDE, {"held": [held_reply.pk], "action": "approve"})

    assert response["Location"] == QUEUE
    post = Post.objects.get(thread=thread, body=SECRET_BODY)
    thread.refresh_from_db()
    assert (post.floor, post.author, thread.reply_count) == (3, alice, 2)
    assert CreditLog.objects.filter(user=alice, post=post).count() == 1
    assert User.objects.get(pk=alice.pk).credits > credits_before
    held_reply.refresh_from_db()
    assert (held_reply.status, held_reply.post) == (HeldPost.Status.APPROVED, post)
    assert_recount_changes_nothing()


@pytest.mark.django_db
def test_approving_a_new_thread_creates_it_then(board, alice, held_thread, mod_client):
    board.refresh_from_db()
    threads_before = board.thread_count
    mod_client.post(DECIDE, {"held": [held_thread.pk], "action": "approve"})
    created = Thread.objects.get(title=SECRET_TITLE)
    board.refresh_from_db()
    assert (created.author, created.thread_type, board.thread_count) == (
        alice, board.thread_types.first(), threads_before + 1
    )  # fmt: skip
    assert_recount_changes_nothing()


@pytest.mark.django_db
def test_rejection_publishes_nothing_and_the_author_learns_it(
    thread, held_reply, mod_client, alice_client
):
    before = counters()
    mod_client.post(DECIDE, {"held": [held_reply.pk], "action": "reject"})
    held_reply.refresh_from_db()
    assert held_reply.status == HeldPost.Status.REJECTED
    assert not Post.objects.filter(body=SECRET_BODY).exists()
    assert counters() == before
    page = text_of(alice_client.get(MINE))
    assert "未通過" in page or "未通过" in page
    assert_recount_changes_nothing()


@pytest.mark.django_db
def test_edit_then_approve_publishes_the_moderators_text(thread, held_reply, mod_client):
    url = reverse("review-edit", args=[held_reply.pk])
    response = mod_client.post(url, {"body": "版主改過的內容"})
    post = Post.objects.get(thread=thread, floor=3)
    assert response["Location"] == post.get_absolute_url()
    assert post.body == "版主改過的內容"


@pytest.mark.django_db
@override_settings(LUNTAN_POST_INTERVAL=60)
def test_bulk_approval_of_one_authors_posts_is_not_stopped_by_flood_control(
    board, thread, alice, mod_client
):
    rules().hold_boards.add(board)
    held = [
        HeldPost.objects.create(
            board=board, thread=thread, author=alice, body=f"第{n}篇", reason="測試",
            created_at=timezone.now(),
        )
        for n in range(3)
    ]  # fmt: skip
    mod_client.post(DECIDE, {"held": [h.pk for h in held], "action": "approve"})
    assert list(Post.objects.filter(thread=thread, floor__gt=2).values_list("body", flat=True)) == [
        "第0篇", "第1篇", "第2篇"
    ]  # fmt: skip
    assert_recount_changes_nothing()


@pytest.mark.django_db
def test_a_second_decision_on_the_same_post_publishes_nothing_more(thread, held_reply, mod_client):
    mod_client.post(DECIDE, {"held": [held_reply.pk], "action": "approve"})
    response = mod_client.post(DECIDE, {"held": [held_reply.pk], "action": "reject"}, follow=True)
    assert Post.objects.filter(body=SECRET_BODY).count() == 1
    held_reply.refresh_from_db()
    assert held_reply.status == HeldPost.Status.APPROVED
    assert response.status_code == 200


@pytest.mark.django_db
def test_a_reply_whose_thread_was_deleted_meanwhile_cannot_be_approved(
    thread, held_reply, mod_client
):
    Thread.objects.filter(pk=thread.pk).update(is_deleted=True)
    response = mod_client.post(DECIDE, {"held": [held_reply.pk], "action": "approve"}, follow=True)
    assert "刪除" in text_of(response) or "删除" in text_of(response)
    held_reply.refresh_from_db()
    assert held_reply.status == HeldPost.Status.PENDING
    assert not Post.objects.filter(body=SECRET_BODY).exists()
