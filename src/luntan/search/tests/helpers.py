import re
from datetime import timedelta

from django.test import Client
from django.urls import reverse
from django.utils import timezone

from luntan.posting.services import reply_to_thread, start_thread


def new_thread(board, author, title: str, body: str, *, days_ago: int = 0, thread_type=None):
    created = timezone.now() - timedelta(days=days_ago) if days_ago else None
    return start_thread(
        board=board,
        author=author,
        title=title,
        body=body,
        thread_type=thread_type,
        created_at=created,
    )


def reply(thread, author, body: str):
    return reply_to_thread(thread=thread, author=author, body=body)


def search(client: Client, q: str, REMOTE_ADDR: str = "127.0.0.1", **params):
    """The search page in Simplified (the messages tests read are the source strings)."""
    return client.get(
        reverse("search"),
        {"q": q, **params},
        REMOTE_ADDR=REMOTE_ADDR,
        HTTP_ACCEPT_LANGUAGE="zh-hans",
    )


def found(client: Client, q: str, **params) -> list[str]:
    """The result links (thread/floor) of a search, in order."""
    response = search(client, q, **params)
    assert response.status_code == 200, response.content.decode()[:500]
    return re.findall(r'class="search-result">\s*<h2><a href="([^"]+)"', response.content.decode())


def floor_url(post) -> str:
    return reverse("thread-floor", args=[post.thread_id, post.floor])
