"""The client's address: the peer's, or what the operator's trusted proxies say it was; never
what a client wrote in a header itself."""

import pytest
from django.test import RequestFactory, override_settings

from luntan.core.client_address import client_ip


def request_from(peer: str, forwarded: str | None = None):
    extra = {"REMOTE_ADDR": peer}
    if forwarded is not None:
        extra["HTTP_X_FORWARDED_FOR"] = forwarded
    return RequestFactory().get("/", **extra)


@override_settings(LUNTAN_TRUSTED_PROXIES=[])
def test_without_trusted_proxies_the_header_is_ignored():
    assert client_ip(request_from("203.0.113.9", "1.2.3.4")) == "203.0.113.9"


@override_settings(LUNTAN_TRUSTED_PROXIES=["127.0.0.1", "::1"])
@pytest.mark.parametrize(
    ("peer", "forwarded", "client"),
    [
        ("127.0.0.1", "203.0.113.9", "203.0.113.9"),  # nginx on the host
        ("::1", "2001:db8::7", "2001:db8::7"),  # over IPv6
        ("127.0.0.1", "1.2.3.4, 203.0.113.9", "203.0.113.9"),  # the client's own header
        ("203.0.113.9", "1.2.3.4", "203.0.113.9"),  # sent straight to luntan, bypassing nginx
        ("127.0.0.1", "not-an-address", "127.0.0.1"),
        ("127.0.0.1", "", "127.0.0.1"),
        ("127.0.0.1", None, "127.0.0.1"),
        ("::ffff:198.51.100.4", None, "198.51.100.4"),  # IPv4 on a dual-stack socket
    ],
    ids=[
        "proxied",
        "ipv6",
        "spoofed-left",
        "not-via-proxy",
        "garbage",
        "empty",
        "missing",
        "mapped",
    ],
)
def test_forwarded_address_counts_only_as_far_as_trusted_proxies_vouch(peer, forwarded, client):
    assert client_ip(request_from(peer, forwarded)) == client


@override_settings(LUNTAN_TRUSTED_PROXIES=["127.0.0.1", "10.0.0.0/8"])
def test_a_chain_of_trusted_proxies_is_walked_from_the_right():
    # client → load balancer 10.1.2.3 → nginx 127.0.0.1 → luntan
    assert client_ip(request_from("127.0.0.1", "6.6.6.6, 203.0.113.9, 10.1.2.3")) == "203.0.113.9"


@override_settings(LUNTAN_TRUSTED_PROXIES=["nginx"])
def test_a_bad_trusted_proxies_setting_names_itself():
    with pytest.raises(Exception, match="LUNTAN_TRUSTED_PROXIES"):
        client_ip(request_from("127.0.0.1", "203.0.113.9"))
