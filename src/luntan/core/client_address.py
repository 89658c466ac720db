"""The address of the client behind a request: the one function posts, throttles and bans ask."""

from django.http import HttpRequest


def client_ip(request: HttpRequest) -> str | None:
    """The client's IP address as the server saw it."""
    return request.META.get("REMOTE_ADDR") or None
