"""Every kind of database unavailability, met by a logged-in member through Django's real WSGI
handler: refused connections, a connection dropped mid-request, a read-only database and a
statement timeout each give the Chinese 503 page with Retry-After — never a 500 — write nothing,
and the same form sent again once the database is back posts the text exactly once.

The shared servers are never touched: refused connections point this test's connection at a
port nobody listens on; the drop terminates this connection's own backend; read-only and the
timeout are settings of this connection's session only."""

import copy
import io
import socket
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from http.cookies import SimpleCookie
from unittest import mock
from urllib.parse import urlencode

import pytest
from django.core.handlers.wsgi import WSGIHandler
from django.db import connection, connections
from django.test import Client

from luntan.conftest import make_thread
from luntan.posting import views as posting_views
from luntan.posting.forms import new_client_token
from luntan.settings.env import apply_statement_timeout
from luntan.threads.models import Post, Thread

pytestmark = [
    pytest.mark.skipif(
        connection.vendor == "sqlite", reason="SQLite is a file: there is no server to lose"
    ),
    pytest.mark.django_db(transaction=True),
]

CSRF_SECRET = "a" * 32


class Member:
    """A logged-in browser talking to luntan's real WSGI handler, which (unlike the test
    client) checks and closes database connections around every request."""

    def __init__(self, user) -> None:
        client = Client()
        client.force_login(user)
        cookies = SimpleCookie()
        cookies.update(client.cookies)
        cookies["csrftoken"] = CSRF_SECRET
        self.cookie = "; ".join(f"{name}={morsel.value}" for name, morsel in cookies.items())

    def request(self, method: str, path: str, data: dict | None = None):
        body = urlencode({**(data or {}), "csrfmiddlewaretoken": CSRF_SECRET}).encode()
        environ = {
            "REQUEST_METHOD": method,
            "PATH_INFO": path,
            "QUERY_STRING": "",
            "SERVER_NAME": "testserver",
            "SERVER_PORT": "80",
            "HTTP_HOST": "testserver",
            "HTTP_COOKIE": self.cookie,
            "wsgi.url_scheme": "http",
            "wsgi.input": io.BytesIO(body if method == "POST" else b""),
            "wsgi.errors": sys.stderr,
        }
        if method == "POST":
            environ["CONTENT_TYPE"] = "application/x-www-form-urlencoded"
            environ["CONTENT_LENGTH"] = str(len(body))
        answer: list = []
        response = WSGIHandler()(environ, lambda status, headers: answer.extend([status, headers]))
        html = b"".join(response).decode()
        response.close()  # request_finished: Django closes connections that errored
        return int(answer[0].split()[0]), dict(answer[1]), html


def _other_connection():
    return connections.create_connection("default")


@contextmanager
def refused_connections() -> Iterator[None]:
    """The server is gone: nothing listens where luntan connects."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        dead_port = probe.getsockname()[1]
    saved = dict(connection.settings_dict)
    connection.close()
    connection.settings_dict.update(HOST="127.0.0.1", PORT=str(dead_port))
    try:
        yield
    finally:
        connection.close()
        connection.settings_dict.update(HOST=saved["HOST"], PORT=saved["PORT"])


@contextmanager
def dropped_mid_request() -> Iterator[None]:
    """A restart catches the reply in flight: the backend of luntan's connection is killed just
    before the reply's transaction starts."""
    reply = posting_views.reply_to_thread

    def kill_then_reply(**kwargs):
        other = _other_connection()
        try:
            with other.cursor() as cursor:
                if connection.vendor == "postgresql":
                    pid = connection.connection.info.backend_pid
                    cursor.execute("SELECT pg_terminate_backend(%s)", [pid])
                else:
                    cursor.execute(f"KILL {int(connection.connection.thread_id())}")
        finally:
            other.close()
        return reply(**kwargs)

    with mock.patch.object(posting_views, "reply_to_thread", kill_then_reply):
        yield


@contextmanager
def read_only() -> Iterator[None]:
    """A failover left luntan on a database that only reads (this session only)."""
    connection.ensure_connection()
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SET default_transaction_read_only = on")
        else:
            cursor.execute("SET SESSION TRANSACTION READ ONLY")
    try:
        yield
    finally:
        connection.close()


@contextmanager
def statement_timeout() -> Iterator[None]:
    """The database is too slow: another session holds the thread rows, and luntan's connection
    was opened as DATABASE_STATEMENT_TIMEOUT=1 opens it."""
    holder = _other_connection()
    holder.set_autocommit(False)
    with holder.cursor() as cursor:
        cursor.execute(f"SELECT id FROM {Thread._meta.db_table} FOR UPDATE")
    saved = copy.deepcopy(connection.settings_dict["OPTIONS"])
    connection.close()
    apply_statement_timeout(connection.settings_dict, 1)
    try:
        yield
    finally:
        holder.rollback()
        holder.close()
        connection.close()
        connection.settings_dict["OPTIONS"] = saved


FAULTS: dict[str, Callable] = {
    "refused": refused_connections,
    "dropped mid-request": dropped_mid_request,
    "read-only": read_only,
    "statement timeout": statement_timeout,
}


@pytest.mark.parametrize("fault", FAULTS)
def test_a_member_gets_the_503_page_and_loses_no_text(fault, board, alice, bob):
    thread = make_thread(board, alice)
    member = Member(bob)
    url = thread.get_absolute_url()
    assert member.request("GET", url)[0] == 200  # the day's visit is counted before the fault
    form = {"body": "停電時寫的回覆", "client_token": new_client_token()}
    reply_url = f"/thread/{thread.pk}/reply/"

    with FAULTS[fault]():
        status, headers, html = member.request("POST", reply_url, form)
        assert status == 503, html[:300]
        assert headers["Retry-After"] == "5"
        assert "服務暫時不可用" in html and "尚未保存" in html
        if fault == "refused":
            # Reading needs the database too: the member's own row, before any view runs.
            status, headers, html = member.request("GET", url)
            assert status == 503 and headers["Retry-After"] == "5"
            assert "服務暫時不可用" in html

    assert not Post.objects.filter(body=form["body"]).exists()
    status, headers, _ = member.request("POST", reply_url, form)
    assert status == 302
    assert member.request("POST", reply_url, form)[0] == 302  # sent twice: still one post
    assert Post.objects.filter(thread=thread, body=form["body"], author=bob).count() == 1
    assert member.request("GET", url)[0] == 200


def test_members_read_while_the_database_is_read_only(board, alice, bob):
    thread = make_thread(board, alice, replies=1)
    member = Member(bob)
    assert member.request("GET", thread.get_absolute_url())[0] == 200
    with read_only():
        status, _, html = member.request("GET", thread.get_absolute_url())
    assert status == 200 and "第 2 樓" in html


def test_the_api_gets_the_503_as_json(board, alice):
    with refused_connections():
        response = Client(raise_request_exception=False).get(
            "/api/anything/", HTTP_ACCEPT="application/json"
        )
    assert response.status_code == 503
    assert response["Retry-After"] == "5"
    assert response.json()["retry_after"] == 5
