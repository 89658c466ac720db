"""Member groups follow total credits: the range edges, promotion, demotion, assigned groups."""

import pytest

from luntan.accounts.models import UserGroup
from luntan.accounts.querysets import group_of
from luntan.conftest import make_thread
from luntan.credits.services import adjust_credits
from luntan.posting.services import delete_post, reply_to_thread

pytestmark = pytest.mark.django_db


def give(user, money: int) -> None:
    adjust_credits(user=user, amounts=(0, money, 0, 0, 0, 0, 0, 0), reason="测试", actor=None)
    user.refresh_from_db()


@pytest.mark.parametrize(
    ("credits", "group"),
    [
        (-1, "限制会员"),
        (0, "新手上路"),
        (49, "新手上路"),
        (50, "注册会员"),
        (199, "注册会员"),
        (200, "中级会员"),
        (999, "高级会员"),
        (1000, "金牌会员"),
        (3000, "论坛元老"),
    ],
)
def test_each_member_group_starts_exactly_at_its_lower_edge(alice, credits, group):
    give(alice, credits)
    assert alice.credits == credits
    assert group_of(alice).name == group


def test_a_member_far_below_every_range_is_in_the_lowest_group(alice):
    give(alice, -99_999_999)
    assert group_of(alice).name == "限制会员"


def test_a_reply_promotes_and_its_deletion_demotes_at_the_edge(client, board, alice, bob):
    thread = make_thread(board, alice)
    give(bob, 48)  # 48 金钱; a reply adds one post and one 金钱: 50
    reply = reply_to_thread(thread=thread, author=bob, body="升級了嗎")
    bob.refresh_from_db()
    assert (bob.credits, group_of(bob).name) == (50, "注册会员")
    card = client.get(thread.get_absolute_url()).content.decode().split('id="floor-2"')[1]
    assert "註冊會員" in card and "★★" in card
    delete_post(post=reply, actor=bob)
    bob.refresh_from_db()
    assert (bob.credits, group_of(bob).name) == (48, "新手上路")


def test_an_assigned_group_holds_whatever_the_credits(alice):
    alice.group = UserGroup.objects.get(name="禁止发言")
    alice.save()
    give(alice, 5000)
    assert group_of(alice).name == "禁止发言"
