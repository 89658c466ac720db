"""Who may do what: the one place every page, form and service asks.

`can_*` answer with a bool; `check_*` raise. Pages call `for_request(request)` once and hand the
object down, so a page never re-derives a rule of its own.
"""

from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _


@dataclass(frozen=True)
class ForumPermissions:
    user_id: int | None
    is_active: bool
    is_admin: bool
    moderated_board_ids: frozenset[int]

    @property
    def is_member(self) -> bool:
        return self.user_id is not None and self.is_active

    def can_view_board(self, board) -> bool:
        return True

    def can_moderate(self, board_id: int) -> bool:
        return self.is_admin or board_id in self.moderated_board_ids

    def can_start_thread(self, board) -> bool:
        return self.is_member and self.can_view_board(board)

    def can_reply(self, thread) -> bool:
        if not self.is_member or thread.is_deleted:
            return False
        return not thread.is_closed or self.can_moderate(thread.board_id)

    def can_edit_post(self, post) -> bool:
        if not self.is_member or post.is_deleted:
            return False
        return post.author_id == self.user_id or self.can_moderate(post.thread.board_id)

    def can_delete_post(self, post) -> bool:
        return self.can_edit_post(post)

    def check_start_thread(self, board) -> None:
        if not self.is_member:
            raise PermissionDenied(_("请先登录后再发帖。"))
        if not self.can_start_thread(board):
            raise PermissionDenied(_("您没有在本版块发帖的权限。"))

    def check_reply(self, thread) -> None:
        if not self.is_member:
            raise PermissionDenied(_("请先登录后再回复。"))
        if thread.is_closed and not self.can_moderate(thread.board_id):
            raise PermissionDenied(_("本主题已关闭，不能回复。"))
        if not self.can_reply(thread):
            raise PermissionDenied(_("您没有回复本主题的权限。"))

    def check_edit_post(self, post) -> None:
        if not self.can_edit_post(post):
            raise PermissionDenied(_("您只能编辑自己的帖子。"))

    def check_delete_post(self, post) -> None:
        if not self.can_delete_post(post):
            raise PermissionDenied(_("您只能删除自己的帖子。"))


ANONYMOUS = ForumPermissions(
    user_id=None, is_active=False, is_admin=False, moderated_board_ids=frozenset()
)


def for_user(user) -> ForumPermissions:
    if user is None or not user.is_authenticated:
        return ANONYMOUS
    return ForumPermissions(
        user_id=user.pk,
        is_active=user.is_active,
        is_admin=user.is_superuser or user.is_staff,
        moderated_board_ids=frozenset(user.moderated_boards.values_list("pk", flat=True)),
    )


def for_request(request) -> ForumPermissions:
    """Computed once per request and kept on it."""
    cached = getattr(request, "_forum_permissions", None)
    if cached is None:
        cached = for_user(request.user)
        request._forum_permissions = cached
    return cached
