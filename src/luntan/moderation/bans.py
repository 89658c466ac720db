"""The bans every request may ask about, read once and cached like the permission table: both
lists are short and change only when a moderator or the operator acts."""

import ipaddress
from dataclasses import dataclass, field
from datetime import datetime

from django.utils import timezone

from luntan.core.shared_config import forget_shared_config, shared_config

_CACHE_KEY = "moderation:bans:v1"
_CACHE_SECONDS = 300


@dataclass(frozen=True)
class Ban:
    kind: str
    until: datetime | None
    reason: str


@dataclass(frozen=True)
class BanLists:
    # member id -> the bans in force (or still to expire) on them
    members: dict[int, tuple[Ban, ...]] = field(default_factory=dict)
    networks: tuple[tuple[ipaddress.IPv4Network | ipaddress.IPv6Network, datetime | None], ...] = ()


def ban_lists() -> BanLists:
    return shared_config(_CACHE_KEY, _read_ban_lists, _CACHE_SECONDS)


def forget_ban_lists() -> None:
    forget_shared_config(_CACHE_KEY)


def _read_ban_lists() -> BanLists:
    from .models import IPBan, MemberBan

    now = timezone.now()
    members: dict[int, list[Ban]] = {}
    rows = MemberBan.objects.filter(lifted_at__isnull=True).exclude(until__lte=now)
    for row in rows.order_by("pk"):
        members.setdefault(row.member_id, []).append(Ban(row.kind, row.until, row.reason))
    networks = tuple(
        (ipaddress.ip_network(row.network, strict=False), row.until)
        for row in IPBan.objects.exclude(until__lte=now)
    )
    return BanLists(members={pk: tuple(b) for pk, b in members.items()}, networks=networks)


def bans_in_force(user_id: int) -> list[Ban]:
    now = timezone.now()
    return [
        ban for ban in ban_lists().members.get(user_id, ()) if ban.until is None or ban.until > now
    ]


def member_ban(user_id: int | None, kind: str) -> Ban | None:
    """The member's ban of `kind` in force now, the longest one when there are several."""
    if user_id is None:
        return None
    bans = [ban for ban in bans_in_force(user_id) if ban.kind == kind]
    if not bans:
        return None
    return max(bans, key=lambda ban: (ban.until is None, ban.until or timezone.now()))


def ip_banned(address: str | None) -> bool:
    if not address:
        return False
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return False
    now = timezone.now()
    return any(
        ip.version == network.version and ip in network and (until is None or until > now)
        for network, until in ban_lists().networks
    )
