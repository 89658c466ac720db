"""A small cast shared by every app's tests: alice and bob (members), mod (版主 of the board),
root (administrator), a board with thread types, and a helper that posts through the services."""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.db import connection
from django.test import Client

from luntan.accounts.models import User
from luntan.boards.models import Board, BoardGroup, ThreadType
from luntan.posting.services import reply_to_thread, start_thread

PASSWORD = "correct-horse-42"


def server_database_only(
    marker,
    reason: str = "concurrent writers need a server database (runs on PostgreSQL and MariaDB)",
) -> list:
    """The marks of a test module that needs PostgreSQL or MariaDB (threads or processes
    writing at once: SQLite's test database is one connection's): its marker, skipped on
    SQLite with `reason`."""
    return [marker, pytest.mark.skipif(connection.vendor == "sqlite", reason=reason)]


def make_user(username: str, **extra) -> User:
    return User.objects.create_user(username, f"{username}@example.test", PASSWORD, **extra)


@pytest.fixture(autouse=True)
def _fresh_cache():
    """Tests never see each other's cached pages, buffered views or rate-limit slots."""
    from django.core.cache import cache

    from luntan.threads import view_counter

    cache.clear()
    view_counter._local.take_all()  # views buffered in this process by an earlier test
    yield


@pytest.fixture(autouse=True)
def _site_language():
    """Each test starts in the site's default language: a request handled by an earlier test
    leaves its reader's language active in the thread (the locale middlewares activate it)."""
    from django.conf import settings
    from django.utils import translation

    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.deactivate()


SHANGHAI = ZoneInfo("Asia/Shanghai")
# A weekday afternoon in the site's zone, well away from any day, month or year boundary.
FIXED_NOW = datetime(2026, 6, 17, 14, 30, tzinfo=SHANGHAI)


@pytest.fixture
def clock():
    """A fixed clock for tests about dates: it starts at FIXED_NOW and runs on from there;
    `clock.move_to(when)` jumps (to a year's last evening in Asia/Shanghai, say). Ask for it
    before fixtures that write rows, so they are not dated after the clock's now."""
    with time_machine.travel(FIXED_NOW, tick=True) as traveller:
        yield traveller


@pytest.fixture
def alice(db) -> User:
    return make_user("alice")


@pytest.fixture
def bob(db) -> User:
    return make_user("bob")


@pytest.fixture
def root(db) -> User:
    return User.objects.create_superuser("root", "root@example.test", PASSWORD)


@pytest.fixture
def board(db) -> Board:
    group = BoardGroup.objects.create(name="霍林河社區")
    board = Board.objects.create(group=group, name="本地動態", description="本地新聞")
    ThreadType.objects.create(board=board, name="本地動態", position=1)
    ThreadType.objects.create(board=board, name="社會新聞", position=2)
    return board


@pytest.fixture
def mod(db, board) -> User:
    user = make_user("mod")
    board.moderators.add(user)
    return user


def login(client: Client, user: User) -> Client:
    client.force_login(user)
    return client


@pytest.fixture
def alice_client(alice) -> Client:
    return login(Client(), alice)


@pytest.fixture
def bob_client(bob) -> Client:
    return login(Client(), bob)


def make_thread(board: Board, author: User, *, replies: int = 0, repliers=(), title="測試主題"):
    """A thread of the board's first type with `replies` replies, authors taken in turn from
    `repliers` (default: the author)."""
    thread = start_thread(
        board=board,
        author=author,
        title=title,
        body="第一樓的內容",
        thread_type=board.thread_types.first(),
    )
    people = list(repliers) or [author]
    for n in range(replies):
        reply_to_thread(thread=thread, author=people[n % len(people)], body=f"第 {n + 2} 樓")
    thread.refresh_from_db()
    return thread


def queries_per_page(client: Client, urls: list[str]) -> list[int]:
    """How many queries each page costs the reader behind `client`."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    counts = []
    for url in urls:
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        counts.append(len(queries))
    return counts


def use_traditional_variant(variant: str) -> None:
    """The site's 繁體 in `variant` ("standard" or "taiwan"), saved as the admin saves it."""
    from luntan.portal.models import SiteSettings

    row = SiteSettings.objects.filter(pk=1).first() or SiteSettings()
    row.traditional_variant = variant
    row.save()
