"""Every answer carries the Content-Security-Policy — pages from the cache, error pages, the
503 page — and no template or rendered post needs inline script or style."""

import io
from pathlib import Path
from unittest import mock

import pytest
from django.core.management import call_command
from django.db import OperationalError
from django.test import Client, override_settings

from luntan.conftest import make_thread
from luntan.threads import views as thread_views

POLICY_START = "default-src 'self'; script-src 'self'; style-src 'self';"
SRC = Path(__file__).resolve().parents[2]


@pytest.mark.django_db
@override_settings(LUNTAN_PAGE_CACHE_SECONDS=300)
def test_pages_cached_or_not_and_error_pages_carry_the_policy(board, alice):
    thread = make_thread(board, alice)
    client = Client(raise_request_exception=False)
    answers = [client.get(thread.get_absolute_url()) for _ in range(2)]  # rendered, then cached
    answers.append(client.get("/no-such-page/"))
    with mock.patch.object(thread_views, "build_thread_page", side_effect=OperationalError("x")):
        answers.append(client.get(thread.get_absolute_url() + "?page=1"))
    assert [a.status_code for a in answers] == [200, 200, 404, 503]
    for answer in answers:
        assert answer["Content-Security-Policy"].startswith(POLICY_START)
        assert "unsafe-inline" not in answer["Content-Security-Policy"]


def test_no_template_has_inline_script_or_style():
    offenders = []
    for template in SRC.glob("luntan/**/templates/**/*.html"):
        text = template.read_text()
        for needle in ("<script>", "<style", " style=", " onclick=", " onload=", " onsubmit="):
            if needle in text:
                offenders.append(f"{template.relative_to(SRC)}: {needle}")
    assert offenders == []


@pytest.mark.django_db
def test_rerender_posts_takes_style_attributes_out_of_posts_written_before(board, alice):
    thread = make_thread(board, alice)
    post = thread.posts.get()
    post.body = "[color=red]紅[/color]"
    post.html = '<span style="color:red">紅</span>'
    post.save()
    out = io.StringIO()
    call_command("rerender_posts", stdout=out)
    post.refresh_from_db()
    assert post.html == '<span data-color="red">紅</span>'
    assert out.getvalue().startswith("1 posts")
    call_command("rerender_posts", stdout=out)
    assert "0 posts" in out.getvalue()
