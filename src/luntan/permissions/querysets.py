"""The permission rows every request needs, read once and cached: both tables are small and
change only when an administrator edits them (their `save` forgets the cache)."""

from dataclasses import dataclass, field

from django.core.cache import cache

from .models import BoardGrant, GroupPermissions

_CACHE_KEY = "permissions:table:v1"
_CACHE_SECONDS = 300


@dataclass(frozen=True)
class PermissionTable:
    defaults: dict[int, GroupPermissions] = field(default_factory=dict)
    grants: dict[int, tuple[BoardGrant, ...]] = field(default_factory=dict)
    guest_group_id: int | None = None

    def defaults_of(self, group_id: int | None) -> GroupPermissions:
        """The group's row; a group without one gets the model's defaults (an ordinary member)."""
        found = self.defaults.get(group_id) if group_id is not None else None
        return found or GroupPermissions(group_id=group_id)

    def grants_of(self, group_id: int | None) -> tuple[BoardGrant, ...]:
        return self.grants.get(group_id, ()) if group_id is not None else ()


def permission_table() -> PermissionTable:
    table = cache.get(_CACHE_KEY)
    if table is None:
        defaults = {row.group_id: row for row in GroupPermissions.objects.all()}
        grants: dict[int, list[BoardGrant]] = {}
        for grant in BoardGrant.objects.order_by("pk"):
            grants.setdefault(grant.group_id, []).append(grant)
        guests = sorted(
            pk for pk, row in defaults.items() if row.role == GroupPermissions.Role.GUEST
        )
        table = PermissionTable(
            defaults=defaults,
            grants={pk: tuple(rows) for pk, rows in grants.items()},
            guest_group_id=guests[0] if guests else None,
        )
        cache.set(_CACHE_KEY, table, _CACHE_SECONDS)
    return table


def forget_permission_table() -> None:
    cache.delete(_CACHE_KEY)
