"""The permission rows every request needs, read once and cached: both tables and the boards'
moderators are small and change only when an administrator edits them (their `save`, and the
signals in `signals.py`, forget the cache)."""

from dataclasses import dataclass, field

from luntan.core.shared_config import forget_shared_config, shared_config

from .models import BoardGrant, GroupPermissions

_CACHE_KEY = "permissions:table:v2"


@dataclass(frozen=True)
class PermissionTable:
    defaults: dict[int, GroupPermissions] = field(default_factory=dict)
    grants: dict[int, tuple[BoardGrant, ...]] = field(default_factory=dict)
    guest_group_id: int | None = None
    # member id -> ids of the boards they moderate
    moderated: dict[int, frozenset[int]] = field(default_factory=dict)

    def defaults_of(self, group_id: int | None) -> GroupPermissions:
        """The group's row; a group without one gets the model's defaults (an ordinary member)."""
        found = self.defaults.get(group_id) if group_id is not None else None
        return found or GroupPermissions(group_id=group_id)

    def grants_of(self, group_id: int | None) -> tuple[BoardGrant, ...]:
        return self.grants.get(group_id, ()) if group_id is not None else ()

    def moderated_by(self, user_id: int) -> frozenset[int]:
        return self.moderated.get(user_id, frozenset())


def permission_table() -> PermissionTable:
    return shared_config(_CACHE_KEY, _read_permission_table)


def _read_permission_table() -> PermissionTable:
    defaults = {row.group_id: row for row in GroupPermissions.objects.order_by("pk")}
    grants: dict[int, list[BoardGrant]] = {}
    for grant in BoardGrant.objects.order_by("pk"):
        grants.setdefault(grant.group_id, []).append(grant)
    guests = sorted(pk for pk, row in defaults.items() if row.role == GroupPermissions.Role.GUEST)
    moderated: dict[int, set[int]] = {}
    # The boards' moderators, reached through BoardGrant's foreign key: permissions sit below
    # boards (docs/architecture.md) and do not import them.
    board_model = BoardGrant._meta.get_field("board").related_model
    for user_id, board_id in board_model.moderators.through.objects.order_by("pk").values_list(
        "user_id", "board_id"
    ):
        moderated.setdefault(user_id, set()).add(board_id)
    return PermissionTable(
        defaults=defaults,
        grants={pk: tuple(rows) for pk, rows in grants.items()},
        guest_group_id=guests[0] if guests else None,
        moderated={pk: frozenset(ids) for pk, ids in moderated.items()},
    )


def forget_permission_table() -> None:
    forget_shared_config(_CACHE_KEY)
