"""Every character a member can type survives the database: CJK Extension B (four UTF-8 bytes,
which MySQL's old `utf8` cannot store) and emoji, on every backend `make test` runs."""

import pytest
from django.urls import reverse

from luntan.threads.models import Post, Thread

RARE = "𠀀𪚥"  # U+20000 and U+2A6A5, outside the Basic Multilingual Plane
EMOJI = "😀👍🏻"


@pytest.mark.django_db
def test_a_thread_and_reply_with_extension_b_characters_and_emoji_read_back_intact(
    alice_client, board
):
    alice_client.post(
        reverse("thread-new", args=[board.pk]),
        {"title": f"標題{RARE}{EMOJI}", "body": f"正文{RARE}{EMOJI}"},
    )
    thread = Thread.objects.get(board=board)
    alice_client.post(reverse("thread-reply", args=[thread.pk]), {"body": f"回覆{EMOJI}{RARE}"})

    thread.refresh_from_db()
    assert thread.title == f"標題{RARE}{EMOJI}"
    bodies = list(
        Post.objects.filter(thread=thread).order_by("floor").values_list("body", flat=True)
    )
    assert bodies == [f"正文{RARE}{EMOJI}", f"回覆{EMOJI}{RARE}"]
    assert Post.objects.filter(body__contains="𠀀").count() == 2
    html = alice_client.get(thread.get_absolute_url()).content.decode()
    for text in (f"標題{RARE}{EMOJI}", f"正文{RARE}{EMOJI}", f"回覆{EMOJI}{RARE}"):
        assert text in html
