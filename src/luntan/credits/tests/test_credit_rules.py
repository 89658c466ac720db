from datetime import timedelta

import pytest
from django.utils import timezone, translation

from luntan.conftest import make_thread
from luntan.credits.models import BoardCreditRule, CreditLog, CreditRule, MemberCredits
from luntan.credits.querysets import forget_credit_config
from luntan.credits.services import apply_rule, revoke_digest, reward_digest
from luntan.permissions.tests.defaults import set_kind, set_rule
from luntan.posting.errors import PostingError
from luntan.posting.services import delete_post, reply_to_thread, start_thread

pytestmark = pytest.mark.django_db
Cycle = CreditRule.Cycle


def money(user) -> int:
    row = MemberCredits.objects.filter(user=user).first()
    return row.extcredits2 if row else 0


def total(user) -> int:
    user.refresh_from_db()
    return user.credits


def rewards(user, action: str) -> int:
    return CreditLog.objects.filter(
        user=user, rule__action=action, kind=CreditLog.Kind.REWARD, revoked=False
    ).count()


def test_a_new_thread_earns_two_money_and_a_reply_one_as_in_discuz(board, alice, bob):
    make_thread(board, alice, replies=1, repliers=[bob])
    assert (money(alice), money(bob)) == (2, 1)
    # total = posts + digests*5 + 威望*2 + 金钱 + 贡献
    assert (total(alice), total(bob)) == (1 + 2, 1 + 1)
    assert list(alice.credit_logs.values_list("reason", flat=True)) == ["发表主题"]


def test_a_daily_rule_rewards_at_most_its_count_each_day(clock, board, alice, bob):
    set_rule("reply", cycle=Cycle.DAILY, max_rewards=2)
    thread = make_thread(board, alice)
    today = timezone.now()
    for _ in range(3):
        reply_to_thread(thread=thread, author=bob, body="今天的回覆", created_at=today)
    assert money(bob) == 2
    reply_to_thread(thread=thread, author=bob, body="明天的回覆", created_at=today + timedelta(1))
    assert money(bob) == 3
    assert total(bob) == 4 + 3  # four replies count as posts even when not rewarded


def test_an_hourly_rule_starts_again_at_the_next_hour(clock, board, alice, bob):
    set_rule("reply", cycle=Cycle.HOURLY, max_rewards=1)
    thread = make_thread(board, alice)
    start = timezone.localtime().replace(minute=5)
    reply_to_thread(thread=thread, author=bob, body="五分", created_at=start)
    reply_to_thread(thread=thread, author=bob, body="五十分", created_at=start.replace(minute=50))
    assert money(bob) == 1
    reply_to_thread(
        thread=thread, author=bob, body="下一小時", created_at=start + timedelta(hours=1)
    )
    assert money(bob) == 2


def test_a_once_rule_rewards_only_the_first_time_ever(alice):
    assert apply_rule(user=alice, action="setavatar") is not None
    later = timezone.now() + timedelta(days=400)
    assert apply_rule(user=alice, action="setavatar", now=later) is None
    assert money(alice) == 5


def test_an_unlimited_rule_rewards_every_time(board, alice, bob):
    make_thread(board, alice, replies=30, repliers=[bob])
    assert money(bob) == 30


def test_a_board_override_changes_the_amounts_on_that_board_only(board, alice, bob):
    other = board.__class__.objects.create(group=board.group, name="二手交易")
    reply = CreditRule.objects.get(action="reply")
    BoardCreditRule.objects.create(rule=reply, board=board, extcredits1=1, extcredits2=5)
    forget_credit_config()
    make_thread(board, alice, replies=1, repliers=[bob])
    make_thread(other, alice, replies=1, repliers=[bob])
    row = MemberCredits.objects.get(user=bob)
    assert (row.extcredits1, row.extcredits2) == (1, 5 + 1)


def test_a_disabled_kind_never_moves(board, alice):
    set_kind(2, is_enabled=False)
    make_thread(board, alice)
    assert money(alice) == 0 and not alice.credit_logs.exists()


def test_deleting_your_own_reply_takes_its_reward_back_without_a_penalty(board, alice, bob):
    set_rule("post_deleted", extcredits2=-3)
    thread = make_thread(board, alice, replies=2, repliers=[bob])
    delete_post(post=thread.posts.get(floor=2), actor=bob)
    assert money(bob) == 1
    assert total(bob) == 1 + 1
    kinds = list(bob.credit_logs.order_by("pk").values_list("kind", "revoked", "extcredits2"))
    assert kinds == [("reward", True, 1), ("reward", False, 1), ("reversal", False, -1)]


def test_a_moderator_deleting_a_reply_also_applies_the_deleted_post_rule(board, alice, bob, mod):
    set_rule("post_deleted", extcredits2=-3)
    thread = make_thread(board, alice, replies=1, repliers=[bob])
    delete_post(post=thread.posts.get(floor=2), actor=mod)
    # -3 takes bob below the floor of 0: a penalty is never refused.
    assert money(bob) == 1 - 1 - 3
    assert rewards(bob, "post_deleted") == 1


def test_deleting_a_thread_takes_back_every_reward_it_earned(board, alice, bob, mod):
    thread = make_thread(board, alice, replies=3, repliers=[bob, alice])
    assert (money(alice), money(bob)) == (2 + 1, 2)
    delete_post(post=thread.posts.get(floor=1), actor=mod)
    assert (money(alice), money(bob)) == (0, 0)
    assert (total(alice), total(bob)) == (0, 0)


def test_a_reward_taken_back_frees_its_place_in_the_cycle(board, alice, bob):
    set_rule("reply", cycle=Cycle.DAILY, max_rewards=1)
    thread = make_thread(board, alice, replies=1, repliers=[bob])
    delete_post(post=thread.posts.get(floor=2), actor=bob)
    reply_to_thread(thread=thread, author=bob, body="重新回覆")
    assert money(bob) == 1


def test_a_digest_counts_in_the_formula_and_rewards_until_it_is_taken_off(board, alice, mod):
    thread = make_thread(board, alice)
    before = total(alice)
    reward_digest(thread=thread)
    assert MemberCredits.objects.get(user=alice).digests == 1
    assert total(alice) == before + 5 + 5  # digests*5 and the 加精华 rule's 5 金钱
    revoke_digest(thread=thread, actor=mod)
    assert total(alice) == before


def test_a_rule_that_costs_more_than_the_member_has_refuses_the_post(board, alice):
    set_rule("post", extcredits2=-5)
    with translation.override("zh-hans"), pytest.raises(PostingError) as refused:
        start_thread(board=board, author=alice, title="想發帖", body="可是沒有金錢")
    assert str(refused.value) == "金钱不足：发表主题要扣 5 金钱，您现有 0，扣后不能低于 0。"
    assert not board.threads.exists() and total(alice) == 0


def test_a_member_above_the_floor_pays_and_may_go_down_to_it(board, alice):
    set_rule("post", extcredits2=-5)
    set_kind(2, lower_limit=-5)
    start_thread(board=board, author=alice, title="賒帳發帖", body="還可以欠五個")
    assert money(alice) == -5
    with pytest.raises(PostingError):
        start_thread(board=board, author=alice, title="再發一帖", body="這次不行了")
