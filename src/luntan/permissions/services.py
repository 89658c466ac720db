"""Writes that change who may do what."""

from django.db import transaction

from luntan.accounts.models import User, UserGroup

from .models import GroupPermissions


def sync_moderator_titles(user_ids: set[int]) -> None:
    """Give members who moderate a board the 版主 group, as Discuz! does when it appoints one,
    and take it back from those who moderate none any more. Members with another assigned group
    (管理员, 超级版主, 禁止发言 …) keep it."""
    moderator_group = (
        UserGroup.objects.filter(permissions__role=GroupPermissions.Role.MODERATOR)
        .order_by("pk")
        .first()
    )
    if moderator_group is None or not user_ids:
        return
    member_group_ids = set(
        UserGroup.objects.filter(kind=UserGroup.Kind.MEMBER).values_list("pk", flat=True)
    )
    with transaction.atomic():
        members = User.objects.select_for_update().filter(pk__in=user_ids).order_by("pk")
        for user in members.prefetch_related("moderated_boards"):
            moderates = bool(user.moderated_boards.all())
            by_credits = user.group_id is None or user.group_id in member_group_ids
            if moderates and by_credits:
                user.group = moderator_group
            elif not moderates and user.group_id == moderator_group.pk:
                user.group = None
            else:
                continue
            user.save(update_fields=["group"])
