"""Reads about members that several pages share."""

from django.core.cache import cache

from .models import User, UserGroup

_GROUPS_CACHE_KEY = "accounts:member-groups:v1"


def member_groups() -> list[UserGroup]:
    """All groups, cached: author cards look them up for every post on a page."""
    groups = cache.get(_GROUPS_CACHE_KEY)
    if groups is None:
        groups = list(UserGroup.objects.all())
        cache.set(_GROUPS_CACHE_KEY, groups, 300)
    return groups


def forget_member_groups() -> None:
    cache.delete(_GROUPS_CACHE_KEY)


def group_of(user: User, groups: list[UserGroup] | None = None) -> UserGroup | None:
    """The member's assigned group, else the member group whose credit range holds them."""
    groups = member_groups() if groups is None else groups
    if user.group_id:
        for group in groups:
            if group.pk == user.group_id:
                return group
    best = None
    for group in groups:
        if group.kind != UserGroup.Kind.MEMBER or group.credits_min is None:
            continue
        if group.credits_min <= user.credits and (
            best is None or group.credits_min > best.credits_min
        ):
            best = group
    return best


def newest_member() -> User | None:
    return User.objects.filter(is_active=True).order_by("-date_joined", "-pk").first()
