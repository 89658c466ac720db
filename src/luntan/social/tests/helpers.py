"""Walking a test client through a QQ login against the stand-in server."""

import logging
from urllib.parse import urlsplit

import requests
from django.test import Client
from django.urls import reverse


def begin_qq_login(client: Client, *, process: str = "login", next_url: str = "") -> str:
    """Press the QQ button; the answer sends the browser to the stand-in's authorize page."""
    data = {"process": process}
    if next_url:
        data["next"] = next_url
    response = client.post(reverse("qq_login"), data)
    assert response.status_code == 302, response
    return response["Location"]


def authorize_at_qq(authorize_url: str) -> str:
    """What the browser does on QQ's page: the path and query QQ sends it back to."""
    answer = requests.get(authorize_url, allow_redirects=False, timeout=5)
    assert answer.status_code == 302, answer.text
    back = urlsplit(answer.headers["Location"])
    return f"{back.path}?{back.query}"


def qq_login(client: Client, *, process: str = "login", next_url: str = "", follow: bool = True):
    callback = authorize_at_qq(begin_qq_login(client, process=process, next_url=next_url))
    return client.get(callback, follow=follow)


def page_text(response) -> str:
    return response.content.decode()


class RecordsHandler(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)

    @property
    def text(self) -> str:
        return "\n".join(record.getMessage() for record in self.records)


def logged_in_user_id(client: Client) -> int | None:
    value = client.session.get("_auth_user_id")
    return int(value) if value else None
