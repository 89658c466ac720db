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

    def can_download(self, thread) -> bool:
        if not self.can_read_thread(thread):
            return False
        return self.can_moderate(thread.board_id) or self.download.allows(thread.board_id)

    # Writing.

    def can_start_thread(self, board) -> bool:
        if not self.is_member or not self.can_read_board(board):
            return False
        return self.can_moderate(board.pk) or self.start_thread.allows(board.pk)

    def can_reply(self, thread) -> bool:
        if not self.is_member or thread.is_deleted or not self.can_read_thread(thread):
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
        if not self.is_member or post.is_deleted or post.author_id is None:
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

    # Checks that raise.

    def check_visit(self) -> None:
        """For pages outside any board (member profiles): 禁止访问 keeps a group out of them too."""
        if not self.visit_allowed and not self.is_admin:
            raise PermissionDenied(_("您所在的用户组不能访问本站。"))

    def check_view_board(self, board) -> None:
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
        if not self.can_start_thread(board):
            raise PermissionDenied(
                _("您所在的用户组（%(group)s）没有在本版块发表主题的权限。")
                % {"group": self.group_name}
            )

    def check_reply(self, thread) -> None:
        if not self.is_member:
            raise PermissionDenied(_("请先登录后再回复。"))
        self.check_read_thread(thread)
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
    return ForumPermissions(
        user_id=user_id,
        is_active=is_active,
        is_admin=is_staff or defaults.role == GroupPermissions.Role.ADMIN,
        moderated_board_ids=table.moderated_by(user_id) if user_id is not None else frozenset(),
        is_super_moderator=defaults.role == GroupPermissions.Role.SUPER_MODERATOR,
        group_name=group.name if group is not None else "",
        visit_allowed=defaults.allow_visit,
        read_access=defaults.read_access,
        **abilities,
    )


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
