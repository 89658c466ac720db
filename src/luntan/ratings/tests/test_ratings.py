"""评分 as members and moderators use it, and every way of overstepping it."""

import re
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from django.core.management import call_command
from django.urls import reverse

from luntan.accounts.models import User, UserGroup
from luntan.conftest import login, make_thread, make_user
from luntan.credits.models import CreditLog, MemberCredits
from luntan.notifications.models import Kind, Notification
from luntan.ratings.models import Rating, RatingLimit
from luntan.ratings.services import RatingError, rate_post

pytestmark = pytest.mark.django_db

SHANGHAI = ZoneInfo("Asia/Shanghai")


@pytest.fixture
def raters(db):
    """Members of 评审组, who may give ±3 威望 a time and 5 a day."""
    from luntan.permissions.tests.defaults import restore_defaults

    restore_defaults()
    group = UserGroup.objects.create(name="评审组", kind=UserGroup.Kind.SPECIAL)
    RatingLimit.objects.create(group=group, slot=1, max_per_rating=3, max_per_day=5)
    return group


@pytest.fixture
def carol(raters) -> User:
    return make_user("carol", group=raters)


def balance(user, slot=1) -> int:
    row = MemberCredits.objects.filter(user=user).first()
    return getattr(row, f"extcredits{slot}") if row else 0


def errors(response) -> str:
    return " ".join(
        re.findall(r'<ul class="errorlist[^"]*"[^>]*>(.*?)</ul>', response.content.decode())
    )


def rate(client, post, reason="好文", **amounts):
    data = {"reason": reason} | {f"slot{slot}": amount for slot, amount in amounts.items()}
    return client.post(reverse("post-rate", args=[post.pk]), data, follow=True)


def test_a_rating_moves_credits_logs_notifies_and_shows_under_the_post(board, alice, carol, client):
    thread = make_thread(board, alice, title="本地美食推薦")
    post = thread.posts.get(floor=1)
    before = balance(alice)
    response = rate(login(client, carol), post, reason="資訊實用", **{"1": 2})
    html = response.content.decode()
    assert 'class="post-ratings"' in html and "資訊實用" in html and "+2" in html
    assert balance(alice) == before + 2
    log = CreditLog.objects.get(user=alice, kind=CreditLog.Kind.RATING)
    assert (log.extcredits1, log.actor, log.post) == (2, carol, post)
    assert Notification.objects.get(recipient=alice).kind == Kind.RATING


def test_rating_ones_own_post_is_refused(board, carol, client):
    post = make_thread(board, carol).posts.get(floor=1)
    assert login(client, carol).get(reverse("post-rate", args=[post.pk])).status_code == 403
    with pytest.raises(RatingError, match="不能給自己的帖子評分"):
        rate_post(post=post, rater=carol, amounts={1: 1}, reason="自誇")
    assert not Rating.objects.exists()


def test_above_the_per_rating_limit_is_explained(board, alice, carol, client):
    post = make_thread(board, alice).posts.get(floor=1)
    response = rate(login(client, carol), post, **{"1": 9})
    assert "errorlist" in response.content.decode()
    with pytest.raises(RatingError, match="每次最多評 ±3"):
        rate_post(post=post, rater=carol, amounts={1: 4}, reason="太多")
    assert not Rating.objects.exists() and not CreditLog.objects.filter(kind="rating").exists()


def test_the_daily_allowance_runs_out_and_renews_at_midnight(
    board, alice, bob, carol, client, monkeypatch
):
    from django.utils import timezone

    posts = [make_thread(board, alice if n % 2 else bob).posts.get(floor=1) for n in range(3)]
    evening = datetime(2026, 11, 30, 23, 50, tzinfo=SHANGHAI)
    monkeypatch.setattr(timezone, "now", lambda: evening)
    rate_post(post=posts[0], rater=carol, amounts={1: 3}, reason="一")
    rate_post(post=posts[1], rater=carol, amounts={1: -2}, reason="二")
    with pytest.raises(RatingError, match="每天 5，還剩 0"):
        rate_post(post=posts[2], rater=carol, amounts={1: 1}, reason="三")
    assert Rating.objects.count() == 2
    monkeypatch.setattr(timezone, "now", lambda: datetime(2026, 12, 1, 0, 5, tzinfo=SHANGHAI))
    rate_post(post=posts[2], rater=carol, amounts={1: 1}, reason="新的一天")
    assert Rating.objects.count() == 3


def test_a_post_is_rated_once_per_member(board, alice, carol):
    post = make_thread(board, alice).posts.get(floor=1)
    rate_post(post=post, rater=carol, amounts={1: 1}, reason="好")
    with pytest.raises(RatingError, match="已經評過"):
        rate_post(post=post, rater=carol, amounts={1: 1}, reason="再好")
    assert Rating.objects.count() == 1


def test_a_group_without_limits_may_not_rate(board, alice, bob, client):
    from luntan.permissions.tests.defaults import restore_defaults

    restore_defaults()
    post = make_thread(board, alice).posts.get(floor=1)
    html = login(client, bob).get(reverse("post-rate", args=[post.pk])).content.decode()
    assert "沒有評分權限" in html
    with pytest.raises(RatingError, match="沒有評分權限"):
        rate_post(post=post, rater=bob, amounts={1: 1}, reason="好")


def test_a_post_one_may_not_read_cannot_be_rated(board, alice, carol, client):
    from luntan.threads.models import Thread

    thread = make_thread(board, alice)
    Thread.objects.filter(pk=thread.pk).update(read_level=200)
    post = thread.posts.get(floor=1)
    assert (
        login(client, carol)
        .post(reverse("post-rate", args=[post.pk]), {"reason": "x", "slot1": 1})
        .status_code
        == 403
    )
    assert not Rating.objects.exists()


def test_a_moderator_withdraws_a_rating_and_the_credits_return(board, alice, carol, mod, client):
    post = make_thread(board, alice).posts.get(floor=1)
    before = balance(alice)
    rating = rate_post(post=post, rater=carol, amounts={1: 3}, reason="好")
    assert (
        login(client, carol).post(reverse("rating-withdraw", args=[rating.pk])).status_code == 403
    )
    login(client, mod).post(reverse("rating-withdraw", args=[rating.pk]))
    login(client, mod).post(reverse("rating-withdraw", args=[rating.pk]))  # twice: once counts
    assert balance(alice) == before
    assert Rating.objects.get().withdrawn_at is not None
    html = client.get(post.thread.get_absolute_url()).content.decode()
    assert 'class="post-ratings"' not in html


def test_a_recount_changes_nothing_after_ratings_and_withdrawals(board, alice, bob, carol, mod):
    posts = [make_thread(board, author).posts.get(floor=1) for author in (alice, bob)]
    rate_post(post=posts[0], rater=carol, amounts={1: 2}, reason="好")
    withdrawn = rate_post(post=posts[1], rater=carol, amounts={1: -3}, reason="灌水")
    from luntan.ratings.services import withdraw_rating

    withdraw_rating(rating=withdrawn, actor=mod)

    def snapshot():
        return (
            list(User.objects.order_by("pk").values_list("post_count", "thread_count", "credits")),
            # A member with no balance row has zeros; the recount writes those rows out.
            {
                row[0]: row[1:]
                for row in MemberCredits.objects.values_list("user", "extcredits1", "extcredits2")
                if any(row[1:])
            },
        )

    before = snapshot()
    call_command("recount_forum", stdout=open("/dev/null", "w"))  # noqa: SIM115
    call_command("recount_credits", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert snapshot() == before


def test_the_thread_page_shows_ratings_at_one_query_more_only_when_rated(
    board, alice, carol, client
):
    from luntan.conftest import queries_per_page

    thread = make_thread(board, alice, replies=3)
    client.get(thread.get_absolute_url())
    plain = queries_per_page(client, [thread.get_absolute_url()])[0]
    rate_post(post=thread.posts.get(floor=2), rater=carol, amounts={1: 1}, reason="好")
    assert queries_per_page(client, [thread.get_absolute_url()])[0] == plain + 1
