"""Reads about members that several pages share."""

from luntan.core.shared_config import forget_shared_config, shared_config

from .models import User, UserGroup

_GROUPS_CACHE_KEY = "accounts:member-groups:v1"


def member_groups() -> list[UserGroup]:
    """All groups, cached: author cards look them up for every post on a page."""
    return shared_config(_GROUPS_CACHE_KEY, _read_member_groups)


def _read_member_groups() -> list[UserGroup]:
    return list(UserGroup.objects.order_by("kind", "credits_min", "pk"))


def forget_member_groups() -> None:
    forget_shared_config(_GROUPS_CACHE_KEY)


def group_of(user: User, groups: list[UserGroup] | None = None) -> UserGroup | None:
    """The member's assigned group, else the member group whose credit range holds them.

    Membership by credits is never stored: it follows `User.credits` the moment the credits
    services change it, so promotion and demotion need no job of their own. A member below every
    range is in the lowest group.
    """
    groups = member_groups() if groups is None else groups
    if user.group_id:
        for group in groups:
            if group.pk == user.group_id:
                return group
    ranked = sorted(
        (g for g in groups if g.kind == UserGroup.Kind.MEMBER and g.credits_min is not None),
        key=lambda g: g.credits_min,
    )
    best = ranked[0] if ranked else None
    for group in ranked:
        if group.credits_min > user.credits:
            break
        best = group
    return best


def newest_member() -> User | None:
    return User.objects.filter(is_active=True).order_by("-date_joined", "-pk").first()


def profile_of(user: User):
    """The member's 个人资料, unsaved defaults for one who never filled it in."""
    from .models import Profile

    return Profile.objects.filter(user=user).first() or Profile(user=user)


def visible_profile_fields(profile, perms) -> list[tuple[str, object]]:
    """(label, value) of each filled-in private field the reader may see."""
    shown = []
    for name in profile.PRIVATE_FIELDS:
        value = getattr(profile, name)
        if value and perms.can_see_profile_field(
            getattr(profile, f"{name}_visibility"), profile.user_id
        ):
            display = getattr(profile, f"get_{name}_display", None)
            shown.append(
                (profile._meta.get_field(name).verbose_name, display() if display else value)
            )
    return shown
