"""Who may do what: the one place every page, form, feed and service asks.

`can_*` answer with a bool; `check_*` raise: Http404 where the reader may not even know the board
exists, PermissionDenied (with the reason in Chinese) where they may. Pages call
`for_request(request)` once and hand the object down, so a page never re-derives a rule of its own.

A member's permissions come from their user group (`group_of`): the group's defaults, changed board
by board through `BoardGrant` rows, folded here into sets of board ids. Administrators, super
moderators and a board's own moderators may do everything on the boards they look after.
"""

import hashlib
from dataclasses import dataclass, fields
from datetime import datetime, timedelta

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import Http404
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.timezone import localtime
from django.utils.translation import gettext as _

from luntan.accounts.querysets import group_of, member_groups

from .models import ABILITIES, GroupPermissions
from .querysets import permission_table


@dataclass(frozen=True)
class BoardAbility:
    """One ability across every board: the group's default and the boards that differ from it."""

    default: bool = False
    exceptions: frozenset[int] = frozenset()

    def allows(self, board_id: int) -> bool:
        return self.default != (board_id in self.exceptions)


NOWHERE = BoardAbility()


@dataclass(frozen=True)
class ForumPermissions:
    user_id: int | None
    is_active: bool
    is_admin: bool
    moderated_board_ids: frozenset[int]
    is_super_moderator: bool = False
    group_name: str = ""
    visit_allowed: bool = True
    read_access: int = 0
    view_board: BoardAbility = NOWHERE
    read: BoardAbility = NOWHERE
    start_thread: BoardAbility = NOWHERE
    reply: BoardAbility = NOWHERE
    upload: BoardAbility = NOWHERE
    download: BoardAbility = NOWHERE
    send_pm: bool = False
    # 禁言 / 禁止访问 in force: the message the member is shown (with the reason), else "".
    posting_ban: str = ""
    visit_ban: str = ""

    @property
    def is_member(self) -> bool:
        return self.user_id is not None and self.is_active

    def role_key(self) -> str:
        """A digest of everything these permissions allow, without whose they are: readers
        with the same key are shown the same pages (members' pages are shared on it)."""
        parts: list = []
        for field in fields(self):
            value = getattr(self, field.name)
            if field.name == "user_id":
                value = value is not None
            elif isinstance(value, BoardAbility):
                value = (value.default, sorted(value.exceptions))
            elif isinstance(value, frozenset):
                value = sorted(value)
            parts.append(value)
        return hashlib.blake2b(repr(parts).encode(), digest_size=12).hexdigest()

    def can_moderate(self, board_id: int) -> bool:
        return self.is_admin or self.is_super_moderator or board_id in self.moderated_board_ids

    # Moderation (版主管理). Administrators and super moderators act on every board, a board's
    # moderators on theirs only.

    @property
    def moderates_every_board(self) -> bool:
        return self.is_admin or self.is_super_moderator

    @property
    def is_moderator(self) -> bool:
        return self.is_member and (self.moderates_every_board or bool(self.moderated_board_ids))

    def check_moderate(self, board) -> None:
        if not self.is_member or not self.can_moderate(board.pk):
            raise PermissionDenied(
                _("您不是“%(board)s”的版主，不能管理该版块。") % {"board": board.name}
            )

    def check_moderation_log(self) -> None:
        if not self.is_moderator:
            raise PermissionDenied(_("只有版主和管理员可以查看管理日志和回收站。"))

    def can_ban_member(self, member, *, visit: bool = False) -> bool:
        """禁言 any member below staff; 禁止访问 only by administrators and super moderators."""
        if not self.is_moderator or member.pk == self.user_id:
            return False
        if visit and not self.moderates_every_board:
            return False
        target = for_user(member)
        if target.moderates_every_board:
            return self.is_admin and not target.is_admin
        return True

    def check_ban_member(self, member, *, visit: bool = False) -> None:
        if not self.can_ban_member(member, visit=visit):
            raise PermissionDenied(_("您没有权限对该会员执行禁言或禁止访问。"))

    def can_see_hidden_post(self, post) -> bool:
        """屏蔽的帖子: moderators see its text (its author does too, through a page hole)."""
        return self.can_moderate(post.thread.board_id)

    # Reading. A board the reader may view shows its name; only a board they may read shows
    # thread titles; a thread above their read level shows nothing of itself.

    def can_view_board(self, board) -> bool:
        if self.can_moderate(board.pk):
            return True
        return self.visit_allowed and self.view_board.allows(board.pk)

    def can_read_board(self, board) -> bool:
        if self.can_moderate(board.pk):
            return True
        return (
            self.can_view_board(board)
            and self.read.allows(board.pk)
            and self.read_access >= board.read_level
        )

    def can_read_thread(self, thread, board=None) -> bool:
        """`board` saves a query where the thread's board is known but not loaded on it."""
        board = board or thread.board
        if self.can_moderate(board.pk):
            return True
        return self.can_read_board(board) and thread.read_level <= self.read_access

    def sees_every_thread_in(self, board_id: int) -> bool:
        """True where read levels do not apply to this reader (their own boards, or staff)."""
        return self.can_moderate(board_id)

    def readable_threads(self, boards) -> Q:
        """The condition a thread row meets when this reader may read it, among `boards`."""
        readable = [board.pk for board in boards if self.can_read_board(board)]
        every_level = [pk for pk in readable if self.sees_every_thread_in(pk)]
        return Q(board_id__in=readable) & (
            Q(read_level__lte=self.read_access) | Q(board_id__in=every_level)
        )

    def can_see_hidden(
        self,
        *,
        board_id: int,
        author_id: int | None,
        credits_needed: int,
        credits: int,
        replied: bool,
    ) -> bool:
        """[hide] in a post: its author and the thread's moderators always; other members
        with `credits_needed` credits, or, for a plain [hide] (0), once they have replied."""
        if not self.is_member:
            return False
        if self.user_id == author_id or self.can_moderate(board_id):
            return True
        return credits >= credits_needed if credits_needed else replied

    def can_download(self, thread) -> bool:
        if not self.can_read_thread(thread):
            return False
        return self.can_moderate(thread.board_id) or self.download.allows(thread.board_id)

    # Writing.

    def can_start_thread(self, board) -> bool:
        if not self.is_member or self.posting_ban or not self.can_read_board(board):
            return False
        return self.can_moderate(board.pk) or self.start_thread.allows(board.pk)

    def can_reply(self, thread) -> bool:
        if not self.is_member or thread.is_deleted or not self.can_read_thread(thread):
            return False
        if self.posting_ban or thread.moved_to_id:
            return False
        if self.can_moderate(thread.board_id):
            return True
        return not thread.is_closed and self.reply.allows(thread.board_id)

    def can_upload(self, board) -> bool:
        if not self.is_member or not self.can_read_board(board):
            return False
        return self.can_moderate(board.pk) or self.upload.allows(board.pk)

    def can_edit_post(self, post) -> bool:
        if self.can_edit_any_post(post):
            return True
        return post.author_id == self.user_id and self.author_could_edit(post)

    def can_edit_any_post(self, post) -> bool:
        """The edit right of moderators and administrators, whoever wrote the post."""
        return self.is_member and not post.is_deleted and self.can_moderate(post.thread.board_id)

    def author_could_edit(self, post) -> bool:
        """Whether the post's own author, holding these permissions, may edit it now."""
        deadline = self.edit_deadline(post)
        return self._author_may_change(post) and (deadline is None or timezone.now() < deadline)

    def edit_deadline(self, post) -> datetime | None:
        """Until when its author may edit the post (LUNTAN_EDIT_MINUTES after posting); None
        when there is no limit. Moderators are never limited."""
        minutes = settings.LUNTAN_EDIT_MINUTES
        return post.created_at + timedelta(minutes=minutes) if minutes > 0 else None

    def _author_may_change(self, post) -> bool:
        if not self.is_member or self.posting_ban or post.is_deleted or post.author_id is None:
            return False
        thread = post.thread
        # A member who may no longer post here (禁止发言, say) may not rewrite old posts either.
        may_post = self.start_thread if post.is_first else self.reply
        return self.can_read_thread(thread) and may_post.allows(thread.board_id)

    def can_delete_post(self, post) -> bool:
        if self.can_edit_any_post(post):
            return True
        return post.author_id == self.user_id and self.author_could_delete(post)

    def author_could_delete(self, post) -> bool:
        """Whether the post's own author may delete it: as for editing, except that a first
        post (the whole thread) goes only while nobody has replied."""
        if post.is_first and post.thread.reply_count > 0:
            return False
        return self._author_may_change(post)

    def may_post_without_interval(self, board_id: int) -> bool:
        """Flood control (LUNTAN_POST_INTERVAL) spares those who look after the board."""
        return self.can_moderate(board_id)

    # 先审后发 and 举报: the board's moderators work its queues.

    def can_review(self, board_id: int) -> bool:
        return self.is_member and self.can_moderate(board_id)

    def reviewed_boards(self) -> Q:
        """The condition a queue row's `board_id` meets when this reader works its queue."""
        if not self.is_member:
            return Q(pk__in=[])
        if self.is_admin or self.is_super_moderator:
            return Q()
        return Q(board_id__in=self.moderated_board_ids)

    def can_report(self, post) -> bool:
        """Any member who can read the post, about someone else's post."""
        return (
            self.is_member
            and not post.is_deleted
            and post.author_id != self.user_id
            and self.can_read_thread(post.thread)
        )

    def check_report(self, post) -> None:
        if not self.is_member:
            raise PermissionDenied(_("请先登录后再举报。"))
        if post.author_id == self.user_id:
            raise PermissionDenied(_("不能举报自己的帖子。"))
        if not self.can_report(post):
            raise PermissionDenied(_("您不能举报这个帖子。"))

    def check_review(self, board_id: int) -> None:
        if not self.can_review(board_id):
            raise PermissionDenied(_("只有本版块的版主可以审核。"))

    def can_rate_post(self, post) -> bool:
        """评分 on someone else's post the member may read (amounts: the group's limits)."""
        return (
            self.is_member
            and not post.is_deleted
            and post.author_id is not None
            and post.author_id != self.user_id
            and self.can_read_thread(post.thread)
        )

    def can_see_profile_field(self, visibility: str, owner_id: int) -> bool:
        """个人资料 privacy: public, members only, or the member alone (and administrators)."""
        if visibility == "public":
            return True
        if visibility == "members":
            return self.is_member
        return self.user_id == owner_id or self.is_admin

    def can_send_pm(self) -> bool:
        return self.is_member and (self.is_admin or (self.visit_allowed and self.send_pm))

    # Checks that raise.

    def check_visit(self) -> None:
        """For pages outside any board (member profiles): 禁止访问 keeps a group out of them too."""
        if self.visit_ban:
            raise PermissionDenied(self.visit_ban)
        if not self.visit_allowed and not self.is_admin:
            raise PermissionDenied(_("您所在的用户组不能访问本站。"))

    def check_view_board(self, board) -> None:
        if self.visit_ban:
            raise PermissionDenied(self.visit_ban)
        if not self.can_view_board(board):
            raise Http404

    def check_read_thread(self, thread) -> None:
        self.check_view_board(thread.board)
        if not self.can_read_board(thread.board):
            raise PermissionDenied(self._why_not_read(thread.board.read_level))
        if not self.can_read_thread(thread):
            raise PermissionDenied(self._why_not_read(thread.read_level))

    def why_board_unreadable(self, board) -> str:
        """The notice a board page shows in place of its threads."""
        return self._why_not_read(board.read_level)

    def _why_not_read(self, level: int) -> str:
        if level > self.read_access:
            message = _("需要阅读权限 %(level)d，您的阅读权限为 %(access)d。") % {
                "level": level,
                "access": self.read_access,
            }
        else:
            message = _("您所在的用户组（%(group)s）没有阅读本版块主题的权限。") % {
                "group": self.group_name
            }
        if not self.is_member:
            message += _("登录后或许可以阅读。")
        return message

    def check_start_thread(self, board) -> None:
        if not self.is_member:
            raise PermissionDenied(_("请先登录后再发帖。"))
        if self.posting_ban:
            raise PermissionDenied(self.posting_ban)
        if not self.can_start_thread(board):
            raise PermissionDenied(
                _("您所在的用户组（%(group)s）没有在本版块发表主题的权限。")
                % {"group": self.group_name}
            )

    def check_reply(self, thread) -> None:
        if not self.is_member:
            raise PermissionDenied(_("请先登录后再回复。"))
        self.check_read_thread(thread)
        if self.posting_ban:
            raise PermissionDenied(self.posting_ban)
        if thread.is_closed and not self.can_moderate(thread.board_id):
            raise PermissionDenied(_("本主题已关闭，不能回复。"))
        if not self.can_reply(thread):
            raise PermissionDenied(
                _("您所在的用户组（%(group)s）没有在本版块回复的权限。")
                % {"group": self.group_name}
            )

    def check_edit_post(self, post) -> None:
        if self.can_edit_post(post):
            return
        if post.author_id == self.user_id and self._author_may_change(post):
            raise PermissionDenied(
                _("发帖 %(n)d 分钟后不能再编辑；请联系版主。") % {"n": settings.LUNTAN_EDIT_MINUTES}
            )
        raise PermissionDenied(_("您只能编辑自己的帖子。"))

    def check_rate_post(self, post) -> None:
        if not self.is_member:
            raise PermissionDenied(_("请先登录后再评分。"))
        if post.author_id == self.user_id:
            raise PermissionDenied(_("不能给自己的帖子评分。"))
        if not self.can_rate_post(post):
            raise PermissionDenied(_("这个帖子不能评分。"))

    def check_withdraw_rating(self, post) -> None:
        if not self.can_moderate(post.thread.board_id):
            raise PermissionDenied(_("只有本版版主可以撤销评分。"))

    def check_send_pm(self) -> None:
        if not self.is_member:
            raise PermissionDenied(_("请先登录后再发短消息。"))
        if not self.can_send_pm():
            raise PermissionDenied(
                _("您所在的用户组（%(group)s）不能发短消息。") % {"group": self.group_name}
            )

    def check_delete_post(self, post) -> None:
        if self.can_delete_post(post):
            return
        if post.author_id == self.user_id and post.is_first and post.thread.reply_count > 0:
            raise PermissionDenied(_("主题已有回复，不能删除；请联系版主。"))
        raise PermissionDenied(_("您只能删除自己的帖子。"))


def _permissions(
    *, user_id: int | None, is_active: bool, is_staff: bool, group
) -> ForumPermissions:
    table = permission_table()
    group_id = group.pk if group is not None else None
    defaults = table.defaults_of(group_id)
    grants = table.grants_of(group_id)
    abilities = {}
    for ability in ABILITIES:
        default = getattr(defaults, f"allow_{ability}")
        differs = frozenset(
            grant.board_id
            for grant in grants
            if getattr(grant, ability) is not None and getattr(grant, ability) != default
        )
        abilities[ability] = BoardAbility(default=default, exceptions=differs)
    is_admin = is_staff or defaults.role == GroupPermissions.Role.ADMIN
    posting_ban, visit_ban = ("", "") if is_admin else _ban_messages(user_id)
    return ForumPermissions(
        user_id=user_id,
        is_active=is_active,
        is_admin=is_admin,
        moderated_board_ids=table.moderated_by(user_id) if user_id is not None else frozenset(),
        is_super_moderator=defaults.role == GroupPermissions.Role.SUPER_MODERATOR,
        group_name=group.name if group is not None else "",
        read_access=defaults.read_access,
        send_pm=defaults.allow_send_pm,
        posting_ban=posting_ban,
        visit_ban=visit_ban,
        visit_allowed=defaults.allow_visit and not visit_ban,
        **abilities,
    )


def _no_bans(user_id: int | None, kind: str) -> None:
    return None


# The member's ban of a kind ("mute": 禁言, "visit": 禁止访问) in force, or None: moderation keeps
# the bans and sits above permissions, so it registers its reader here (register_ban_reader).
_ban_reader: list = [_no_bans]


def register_ban_reader(reader) -> None:
    """`reader(user_id, kind)` → an object with `until` and `reason`, or None."""
    _ban_reader[0] = reader


def _ban_messages(user_id: int | None) -> tuple[str, str]:
    """What a member under 禁言 / 禁止访问 is told, with the moderator's reason."""
    messages = []
    for kind, what in (("mute", _("禁言")), ("visit", _("禁止访问"))):
        ban = _ban_reader[0](user_id, kind)
        if ban is None:
            messages.append("")
            continue
        if ban.until is None:
            text = _("您已被%(what)s（永久）。理由：%(reason)s") % {
                "what": what,
                "reason": ban.reason,
            }
        else:
            text = _("您已被%(what)s，到 %(until)s 为止。理由：%(reason)s") % {
                "what": what,
                "until": date_format(localtime(ban.until), "Y-n-j H:i"),
                "reason": ban.reason,
            }
        messages.append(text)
    return messages[0], messages[1]


def for_guest() -> ForumPermissions:
    """A visitor who is not logged in: the 游客 group's permissions."""
    guest_id = permission_table().guest_group_id
    group = next((g for g in member_groups() if g.pk == guest_id), None)
    return _permissions(user_id=None, is_active=False, is_staff=False, group=group)


def for_user(user) -> ForumPermissions:
    if user is None or not user.is_authenticated:
        return for_guest()
    return _permissions(
        user_id=user.pk,
        is_active=user.is_active,
        is_staff=user.is_superuser or user.is_staff,
        group=group_of(user),
    )


def who_may_read(thread, users) -> set[int]:
    """The ids of `users` (active members) who may read `thread`: the permissions of members
    with the same group and standing, who moderate nothing, are computed once (a reply's
    watchers may be thousands)."""
    table = permission_table()
    groups = member_groups()
    shared: dict[tuple, bool] = {}
    readers = set()
    for user in users:
        if not user.is_active:
            continue
        if table.moderated_by(user.pk):
            allowed = for_user(user).can_read_thread(thread)
        else:
            group = group_of(user, groups)
            key = (group.pk if group else None, user.is_superuser or user.is_staff)
            if key not in shared:
                shared[key] = for_user(user).can_read_thread(thread)
            allowed = shared[key]
        if allowed:
            readers.add(user.pk)
    return readers


def for_request(request) -> ForumPermissions:
    """Computed once per request and kept on it."""
    cached = getattr(request, "_forum_permissions", None)
    if cached is None:
        cached = for_user(request.user)
        request._forum_permissions = cached
    return cached


class _Guest:
    """What a guest may see, for code that serves everyone alike and has no request of its own
    (sitemap.xml, feeds). Resolved on each use so that an administrator's edits apply at once;
    code that asks many times in a row should take `for_guest()` once instead."""

    def __getattr__(self, name: str):
        return getattr(for_guest(), name)


ANONYMOUS = _Guest()
