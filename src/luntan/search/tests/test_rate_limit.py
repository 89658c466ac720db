"""搜索时间限制: searches per window, per member and per IP, with a message and Retry-After."""

import pytest
from django.test import Client

from luntan.conftest import login

from .helpers import new_thread, search

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def _two_per_minute(settings, board, alice):
    settings.LUNTAN_SEARCH_LIMIT = 2
    settings.LUNTAN_SEARCH_WINDOW = 60
    new_thread(board, alice, "停水", "停水")


def refused(response) -> bool:
    if response.status_code != 429:
        return False
    assert response["Retry-After"] == "60"
    assert "搜索太频繁了，请 60 秒后再试。" in response.content.decode()
    return True


def as_simplified(client: Client) -> Client:
    client.cookies["django_language"] = "zh-hans"
    return client


def test_a_guest_is_stopped_after_the_limit_and_told_why():
    guest = as_simplified(Client())
    assert not refused(search(guest, "停水"))
    assert not refused(search(guest, "停水", page=2))
    assert refused(search(guest, "停水"))


def test_opening_the_empty_form_is_not_a_search():
    guest = as_simplified(Client())
    for _ in range(5):
        assert guest.get("/search/").status_code == 200
    assert not refused(search(guest, "停水"))


def test_members_behind_one_address_share_its_limit(alice, bob):
    first, second = as_simplified(login(Client(), alice)), as_simplified(login(Client(), bob))
    search(first, "停水")
    search(first, "停水")
    assert refused(search(second, "停水"))


def test_a_member_changing_address_keeps_their_own_limit(alice):
    member = as_simplified(login(Client(), alice))
    search(member, "停水", REMOTE_ADDR="10.0.0.1")
    search(member, "停水", REMOTE_ADDR="10.0.0.2")
    assert refused(search(member, "停水", REMOTE_ADDR="10.0.0.3"))


def test_staff_are_not_limited(root):
    admin = as_simplified(login(Client(), root))
    for _ in range(4):
        assert search(admin, "停水").status_code == 200
