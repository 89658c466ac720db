"""ForumPermissions as the user groups and board grants make it."""

import pytest
from django.core.exceptions import PermissionDenied
from django.http import Http404

from luntan.accounts.models import UserGroup
from luntan.conftest import make_thread, make_user
from luntan.permissions.policy import ANONYMOUS, for_guest, for_user

from .defaults import grant, set_group

pytestmark = pytest.mark.django_db


def in_group(user, name: str):
    user.group = UserGroup.objects.get(name=name)
    user.save()
    return user


def test_guests_read_but_never_post_and_members_do_both(board, alice):
    thread = make_thread(board, alice)
    guest, member = for_guest(), for_user(alice)
    assert guest.can_read_thread(thread) and not guest.can_reply(thread)
    assert not guest.can_start_thread(board)
    assert member.can_reply(thread) and member.can_start_thread(board)
    assert (guest.group_name, member.group_name) == ("游客", "新手上路")


def test_a_board_grant_overrides_the_group_default_for_that_board_only(board, alice):
    other = board.__class__.objects.create(group=board.group, name="二手交易")
    grant(board, "新手上路", reply=False, start_thread=False)
    grant(other, "游客", view_board=False)
    member, guest = for_user(alice), for_guest()
    assert not member.can_start_thread(board) and member.can_start_thread(other)
    assert guest.can_view_board(board) and not guest.can_view_board(other)


def test_a_grant_can_also_allow_what_the_group_may_not_do_elsewhere(board, alice):
    in_group(alice, "限制会员")
    assert not for_user(alice).can_start_thread(board)
    grant(board, "限制会员", start_thread=True)
    assert for_user(alice).can_start_thread(board)


def test_read_levels_of_board_and_thread_against_the_group_read_access(board, alice):
    thread = make_thread(board, alice)
    thread.read_level = 20  # 新手上路 has 10, 注册会员 20
    assert not for_user(alice).can_read_thread(thread)
    alice.credits = 50
    assert for_user(alice).can_read_thread(thread)
    board.read_level = 30
    assert not for_user(alice).can_read_board(board)
    assert for_user(alice).can_view_board(board)


def test_banned_groups(board, alice, bob):
    thread = make_thread(board, alice)
    muted = for_user(in_group(alice, "禁止发言"))
    assert muted.can_read_thread(thread) and not muted.can_reply(thread)
    assert not muted.can_edit_post(thread.posts.get(floor=1))  # no rewriting old posts either
    barred = for_user(in_group(bob, "禁止访问"))
    assert not barred.can_view_board(board)
    with pytest.raises(PermissionDenied):
        barred.check_visit()


def test_moderators_moderate_their_boards_and_super_moderators_every_board(board, mod):
    other = board.__class__.objects.create(group=board.group, name="二手交易")
    assert for_user(mod).can_moderate(board.pk) and not for_user(mod).can_moderate(other.pk)
    chief = in_group(make_user("chief"), "超级版主")
    assert for_user(chief).can_moderate(board.pk) and for_user(chief).can_moderate(other.pk)
    admin = in_group(make_user("boss"), "管理员")
    assert for_user(admin).is_admin


def test_a_moderator_sees_every_read_level_on_their_board(board, alice, mod):
    grant(board, "新手上路", view_board=False)
    thread = make_thread(board, alice)
    thread.read_level = 255
    assert for_user(mod).can_read_thread(thread)
    assert not for_user(alice).can_view_board(board)


def test_checks_raise_404_for_hidden_boards_and_403_with_the_reason_otherwise(board, alice):
    thread = make_thread(board, alice)
    thread.read_level = 50
    with pytest.raises(PermissionDenied, match="50"):
        for_guest().check_read_thread(thread)
    grant(board, "游客", view_board=False)
    with pytest.raises(Http404):
        for_guest().check_read_thread(thread)


def test_group_edits_apply_to_the_guest_object_at_once(board):
    assert ANONYMOUS.can_view_board(board)
    set_group("游客", allow_view_board=False)
    assert not ANONYMOUS.can_view_board(board)
