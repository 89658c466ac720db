"""No number a visitor can type into a URL gets a 500: every route is walked, as a guest and as a
member, with each numeric path part and each numeric query parameter replaced by values that
look like numbers to `str.isdigit()` or `int()` but are not ones the site can hold."""

import os
import re

import pytest
from django.test import Client
from django.urls import URLResolver, get_resolver

from luntan.conftest import login, make_thread
from luntan.core.params import MAX_ID, parse_number

HOSTILE = ["²", "٣", "-1", "0", "1e3", "1" + "0" * 30, "9" * 5000, str(MAX_ID + 1)]
QUERY_NUMBERS = ["page", "p", "floor", "author", "quote", "type"]
_PARAM = re.compile(r"<(?:(\w+):)?(\w+)>")


def _routes() -> list[str]:
    """Every route luntan serves, as a pattern with <converter:name> parts (allauth's regex
    routes carry no numbers; Django's admin is left to Django)."""

    def walk(patterns, prefix):
        for pattern in patterns:
            route = prefix + str(pattern.pattern)
            if route.startswith("admin/") or "^" in route:
                continue
            if isinstance(pattern, URLResolver):
                yield from walk(pattern.url_patterns, route)
            else:
                yield route

    return sorted(set(walk(get_resolver().url_patterns, "")))


def _fill(route: str, valid: dict[str, str], hostile: tuple[str, str] | None = None) -> str:
    def part(match):
        name = match.group(2)
        if hostile and name == hostile[0]:
            return hostile[1]
        return valid[name]

    return "/" + _PARAM.sub(part, route)


@pytest.fixture
def valid_parts(board, alice, bob) -> dict[str, str]:
    thread = make_thread(board, alice, replies=2, repliers=[bob])
    return {
        "board_id": str(board.pk),
        "thread_id": str(thread.pk),
        "floor": "2",
        "post_id": str(thread.posts.get(floor=2).pk),
        "user_id": str(alice.pk),
        "slug": "about",
        "section": "threads",
        "language": "zh-hans",
        # Rows these routes name need not exist: a 404 is as good an answer as a page here.
        "token_id": "1",
        "attachment_id": "1",
        "conversation_id": "1",
        "entry_id": "1",
        "held_id": "1",
        "notification_id": "1",
        "rating_id": "1",
        "key": "0" * 40,  # django-simple-captcha's images and sounds
    }


def test_only_ascii_digits_within_range_are_numbers():
    assert parse_number("42") == 42
    assert parse_number("007") == 7
    assert parse_number(str(MAX_ID)) == MAX_ID
    for raw in [*HOSTILE, "", None, "+3", " 7", "1_0", "三"]:
        assert parse_number(raw) is None, raw
    assert parse_number("5", maximum=4) is None
    assert parse_number("1", minimum=2) is None


@pytest.mark.django_db
def test_every_numeric_path_part_of_every_route_is_a_404_when_it_is_not_a_number(valid_parts, bob):
    routes = [r for r in _routes() if "<id:" in r]
    assert {"board/<id:board_id>/", "thread/<id:thread_id>/floor/<id:floor>/"} <= set(routes)
    for client in (Client(), login(Client(), bob)):
        for route in routes:
            assert client.get(_fill(route, valid_parts)).status_code < 500, route
            for match in _PARAM.finditer(route):
                for value in HOSTILE:
                    url = _fill(route, valid_parts, (match.group(2), value))
                    assert client.get(url).status_code == 404, url


# About 10,000 requests: one pass is enough, as every number is parsed before a query reaches the
# database; the values databases treat differently (a page past 2**63, an author id past SQLite's
# integers) are asked of each database by the test below.
@pytest.mark.skipif(
    os.environ.get("LUNTAN_TEST_BACKEND", "sqlite") != "sqlite",
    reason="the walk checks the parser in front of the database: one pass is enough",
)
@pytest.mark.django_db
def test_no_numeric_query_parameter_of_any_route_gets_a_500(valid_parts, bob):
    checked = 0
    for client in (Client(), login(Client(), bob)):
        for route in _routes():
            url = _fill(route, valid_parts)
            for name in QUERY_NUMBERS:
                for value in HOSTILE:
                    response = client.get(url, {name: value})
                    assert response.status_code < 500, (url, name, value)
                    checked += 1
    assert checked > 1000


@pytest.mark.django_db
def test_a_page_or_floor_that_is_not_a_number_is_a_chinese_404(valid_parts, bob):
    thread_url = f"/thread/{valid_parts['thread_id']}/"
    for url in (
        f"{thread_url}?page=%C2%B2",
        f"{thread_url}?page=99999999999999999999",
        f"{thread_url}?author=99999999999999999999",
        f"/board/{valid_parts['board_id']}/?page=%C2%B2",
        "/credits/?page=99999999999999999999",
        f"/thread/{valid_parts['thread_id']}/reply/?quote=%C2%B2",
    ):
        response = login(Client(), bob).get(url)
        assert response.status_code == 404, url
        assert "頁面不存在" in response.content.decode(), url
    jump = Client().get(f"{thread_url}jump/", {"floor": "²"})
    assert jump.status_code == 404
    assert Client().get(f"{thread_url}jump/", {"floor": "2#"}).status_code == 302
