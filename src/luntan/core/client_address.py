"""The address of the client behind a request: the one function posts, throttles and bans ask.

Behind a proxy every request comes from the proxy. The client's address is then taken from
X-Forwarded-For, but only as far as the proxies the operator listed in LUNTAN_TRUSTED_PROXIES
vouch for it: the header is walked from the right (each proxy appends the address it saw), and
the first address that is not a trusted proxy is the client. Anything further left was written
by the client itself and is never believed. Without trusted proxies the header is ignored.
"""

import ipaddress
from functools import lru_cache

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.http import HttpRequest

_Network = ipaddress.IPv4Network | ipaddress.IPv6Network
_Address = ipaddress.IPv4Address | ipaddress.IPv6Address


@lru_cache(maxsize=4)
def _trusted_networks(listed: tuple[str, ...]) -> tuple[_Network, ...]:
    try:
        return tuple(ipaddress.ip_network(item.strip(), strict=False) for item in listed)
    except ValueError as error:
        raise ImproperlyConfigured(f"LUNTAN_TRUSTED_PROXIES: {error}") from None


def _address(text: str) -> _Address | None:
    try:
        address = ipaddress.ip_address(text.strip())
    except ValueError:
        return None
    # An IPv4 client seen on a dual-stack socket is the same client.
    mapped = getattr(address, "ipv4_mapped", None)
    return mapped or address


def client_ip(request: HttpRequest) -> str | None:
    """The client's IP address: the server's peer, or what trusted proxies say it was."""
    peer = _address(request.META.get("REMOTE_ADDR") or "")
    if peer is None:
        return None
    trusted = _trusted_networks(tuple(settings.LUNTAN_TRUSTED_PROXIES))
    client = peer
    if trusted:
        hops = request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")
        for hop in reversed(hops):
            if not any(client in network for network in trusted):
                break
            forwarded = _address(hop)
            if forwarded is None:
                break
            client = forwarded
    return str(client)
