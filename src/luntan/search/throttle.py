"""搜索时间限制: at most LUNTAN_SEARCH_LIMIT searches per LUNTAN_SEARCH_WINDOW seconds, counted
per member and per IP address (a guest behind one address, a member on many)."""

from django.conf import settings
from django.core.cache import cache

from luntan.core.client_address import client_ip


def _over_limit(key: str, limit: int, window: int) -> bool:
    cache.add(key, 0, window)
    try:
        return cache.incr(key) > limit
    except ValueError:
        # The window ended between add and incr: this search opens the next one.
        return False


def seconds_to_wait(request) -> int:
    """0 when the reader may search now; otherwise how long they should wait (the window)."""
    limit, window = settings.LUNTAN_SEARCH_LIMIT, settings.LUNTAN_SEARCH_WINDOW
    if limit <= 0 or request.user.is_staff:
        return 0
    keys = [f"search:rate:ip:{client_ip(request)}"]
    if request.user.is_authenticated:
        keys.append(f"search:rate:member:{request.user.pk}")
    # Every key is counted, so neither a new address nor a new account resets the other.
    over = [_over_limit(key, limit, window) for key in keys]
    return window if any(over) else 0
