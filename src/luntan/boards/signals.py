"""Moderator assignments (a board's `moderators`) live in the permissions app's cached table:
forget it when they change. Here, beside the field, because boards build on permissions."""

from django.conf import settings
from django.db.models.signals import m2m_changed, post_delete
from django.dispatch import receiver

from luntan.permissions.querysets import forget_permission_table

from .models import Board


@receiver(m2m_changed, sender=Board.moderators.through, dispatch_uid="permissions_moderators")
def _forget_on_moderators_change(action: str, **kwargs) -> None:
    if action.startswith("post_"):
        forget_permission_table()


# Deleting a board or a member deletes their assignments without an m2m_changed signal.
@receiver(post_delete, sender=Board, dispatch_uid="permissions_board_deleted")
@receiver(post_delete, sender=settings.AUTH_USER_MODEL, dispatch_uid="permissions_member_deleted")
def _forget_on_delete(**kwargs) -> None:
    forget_permission_table()
