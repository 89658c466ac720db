"""在线会员: who was seen in the last LUNTAN_ONLINE_MINUTES, and each member's 最后访问 and
在线时间.

Presence lives in Redis when the cache is Redis (two sorted sets, member id or guest address →
time last seen, one ZADD per request), otherwise in this process (`make run` has one). A member's
profile row is written at most once per `_FLUSH_SECONDS`: 最后访问 then, and the time since the
previous write added to 在线时间 when they stayed (seen again within the online window).
"""

import hashlib
import logging
import threading
import time
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache
from django.db.models import F
from django.http import HttpRequest
from django.template.loader import render_to_string
from django.utils import timezone
from redis.exceptions import RedisError

from luntan.core.client_address import client_ip

from .models import Profile, User

logger = logging.getLogger(__name__)

_FLUSH_SECONDS = 300
# A reader is marked at most this often by one process: presence costs an active member no
# round trip on most requests, and the online window is minutes long anyway.
_MARK_SECONDS = 60


def _window() -> int:
    return settings.LUNTAN_ONLINE_MINUTES * 60


class _LocalPresence:
    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._seen: dict[str, dict[str, float]] = {"members": {}, "guests": {}}

    def add(self, kind: str, who: str, now: float) -> None:
        with self._lock:
            self._seen[kind][who] = now

    def since(self, kind: str, start: float) -> list[str]:
        with self._lock:
            seen = self._seen[kind]
            for who in [who for who, at in seen.items() if at < start]:
                del seen[who]  # gone: pruned as they are read
            return list(seen)


class _RecentlyMarked:
    """Who this process marked lately, so it does not mark them again within _MARK_SECONDS."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._at: dict[str, float] = {}

    def due(self, who: str, now: float) -> bool:
        with self._lock:
            if now - self._at.get(who, 0) < _MARK_SECONDS:
                return False
            if len(self._at) > 50_000:  # a flood of guest addresses: start afresh
                self._at.clear()
            self._at[who] = now
            return True


_local = _LocalPresence()
_marked = _RecentlyMarked()


def _redis():
    raw_client = getattr(cache, "raw_client", None)
    return raw_client() if raw_client is not None else None


def _key(kind: str) -> str:
    return cache.make_key(f"online:{kind}")


def _mark(kind: str, who: str, now: float) -> None:
    client = _redis()
    if client is None:
        _local.add(kind, who, now)
        return
    try:
        client.zadd(_key(kind), {who: now})
    except RedisError as error:
        cache.mark_down(error)
        _local.add(kind, who, now)


def _present(kind: str) -> list[str]:
    now = time.time()
    start = now - _window()
    client = _redis()
    if client is None:
        return _local.since(kind, start)
    try:
        pipe = client.pipeline()
        pipe.zremrangebyscore(_key(kind), 0, start)
        pipe.zrangebyscore(_key(kind), start, "+inf")
        return [who.decode() for who in pipe.execute()[1]]
    except RedisError as error:
        cache.mark_down(error)
        return _local.since(kind, start)


def seen(request: HttpRequest) -> None:
    """Count this request's reader as online; for a member, keep their profile's activity."""
    now = time.time()
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        if _marked.due(f"m{user.pk}", now):
            _mark("members", str(user.pk), now)
            _record_activity(user.pk, now)
    else:
        # Most requests come from a guest marked a moment ago: told apart by the raw headers,
        # they cost no address parsing. Guests are stored hashed, so no address is kept.
        meta = request.META
        if _marked.due(
            f"g{hash((meta.get('REMOTE_ADDR'), meta.get('HTTP_X_FORWARDED_FOR')))}", now
        ):
            address = client_ip(request) or "unknown"
            _mark("guests", hashlib.blake2b(address.encode(), digest_size=8).hexdigest(), now)


def _record_activity(user_id: int, now: float) -> None:
    if not cache.add(f"online:write:{user_id}", 1, _FLUSH_SECONDS):
        return
    previous = cache.get(f"online:written:{user_id}")
    cache.set(f"online:written:{user_id}", now, _FLUSH_SECONDS + _window())
    stayed = int(min(now - previous, _FLUSH_SECONDS + _window())) if previous else 0
    at = timezone.now()
    updated = Profile.objects.filter(user_id=user_id).update(
        last_seen_at=at, online_seconds=F("online_seconds") + stayed
    )
    if not updated:
        Profile.objects.get_or_create(
            user_id=user_id, defaults={"last_seen_at": at, "online_seconds": stayed}
        )


@dataclass(frozen=True)
class Online:
    members: int
    guests: int

    @property
    def total(self) -> int:
        return self.members + self.guests


def online_now() -> Online:
    return Online(members=len(_present("members")), guests=len(_present("guests")))


def online_members(limit: int = 500) -> list[User]:
    ids = [int(pk) for pk in _present("members")][:limit]
    return list(User.objects.filter(pk__in=ids, is_active=True).order_by("username"))


def online_line(request: HttpRequest) -> str:
    """The index's 在线 line, filled for each reader of a shared members' page. The reader is
    counted first (the middleware marks them only once the page is done)."""
    seen(request)
    return render_to_string("accounts/_online_line.html", {"online": online_now()})


class OnlineMiddleware:
    """Marks every reader present, after the answer: for a cached anonymous page too (then
    authentication never ran, and the reader is a guest)."""

    def __init__(self, get_response) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest):
        response = self.get_response(request)
        if request.method in ("GET", "HEAD", "POST") and not request.path.startswith(
            settings.STATIC_URL
        ):
            try:
                seen(request)
            except Exception:  # presence is a nicety: never fail a page for it
                logger.exception("could not record presence")
        return response
