"""A database restart under load: in-flight requests get a Chinese 503 with Retry-After, nothing
committed is lost, and the next request works without restarting luntan."""

import io
import sys
from unittest import mock

import pytest
from django.core.handlers.wsgi import WSGIHandler
from django.db import OperationalError, connection, connections

from luntan.conftest import make_thread
from luntan.threads import views as thread_views
from luntan.threads.models import Post


@pytest.mark.django_db
def test_a_lost_database_connection_answers_a_chinese_503_with_retry_after(client, board, alice):
    thread = make_thread(board, alice)
    with mock.patch.object(
        thread_views, "build_thread_page", side_effect=OperationalError("server closed")
    ):
        response = client.get(thread.get_absolute_url())
    assert response.status_code == 503
    assert response["Retry-After"] == "5"
    assert "服務暫時不可用" in response.content.decode()
    assert client.get(thread.get_absolute_url()).status_code == 200


def _wsgi_get(path: str) -> tuple[int, str]:
    """One request through Django's real WSGI handler, which (unlike the test client) checks and
    replaces broken database connections at the start and end of every request."""
    environ = {
        "REQUEST_METHOD": "GET",
        "PATH_INFO": path,
        "QUERY_STRING": "",
        "SERVER_NAME": "testserver",
        "SERVER_PORT": "80",
        "HTTP_HOST": "testserver",
        "wsgi.url_scheme": "http",
        "wsgi.input": io.BytesIO(),
        "wsgi.errors": sys.stderr,
    }
    statuses = []
    response = WSGIHandler()(environ, lambda status, headers: statuses.append(status))
    body = b"".join(response).decode()
    response.close()  # request_finished: Django closes connections that errored
    return int(statuses[0].split()[0]), body


def _kill_backend_of(conn) -> None:
    """What a database restart does to luntan's connection, done from another connection."""
    other = connections.create_connection("default")
    try:
        with other.cursor() as cursor:
            if conn.vendor == "postgresql":
                cursor.execute(
                    "SELECT pg_terminate_backend(%s)", [conn.connection.info.backend_pid]
                )
            else:
                cursor.execute(f"KILL {int(conn.connection.thread_id())}")
    finally:
        other.close()


@pytest.mark.skipif(
    connection.vendor == "sqlite", reason="SQLite is a file: there is no server to restart"
)
@pytest.mark.django_db(transaction=True)
def test_the_site_recovers_by_itself_when_the_database_drops_its_connections(board, alice):
    thread = make_thread(board, alice, replies=1)
    url = thread.get_absolute_url()
    assert _wsgi_get(url)[0] == 200
    assert connection.connection is not None  # kept open for the next request (CONN_MAX_AGE)

    # Between requests: the kept connection is dead; the health check replaces it.
    _kill_backend_of(connection)
    status, html = _wsgi_get(url)
    assert status == 200 and "第 2 樓" in html

    # During a request: that reader gets the 503 page, the next one a normal page.
    build = thread_views.build_thread_page

    def restart_mid_request(*args, **kwargs):
        _kill_backend_of(connection)
        return build(*args, **kwargs)

    with mock.patch.object(thread_views, "build_thread_page", restart_mid_request):
        status, html = _wsgi_get(url)
    assert status == 503 and "服務暫時不可用" in html
    status, html = _wsgi_get(url)
    assert status == 200 and "第 2 樓" in html
    assert Post.objects.filter(thread=thread).count() == 2
