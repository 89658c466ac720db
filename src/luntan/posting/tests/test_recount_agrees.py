"""Repair agrees with writes: after any sequence of starting threads, replying, editing and
deleting posts and threads, by several members on several boards, `recount_forum` and
`recount_credits` find nothing to change. Runs on every backend of `make test`."""

import contextlib
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from luntan.boards.models import Board
from luntan.conftest import make_user
from luntan.posting.errors import PostingError
from luntan.posting.services import (
    delete_post,
    delete_thread,
    edit_post,
    reply_to_thread,
    start_thread,
)
from luntan.threads.models import Post, Thread

MEMBERS = 3
pick = st.integers(min_value=0, max_value=50)
actions = st.lists(
    st.one_of(
        st.tuples(st.just("start"), pick, pick),
        st.tuples(st.just("reply"), pick, pick),
        st.tuples(st.just("edit"), pick, pick),
        st.tuples(st.just("delete_post"), pick, st.booleans()),
        st.tuples(st.just("delete_thread"), pick, st.booleans()),
    ),
    min_size=1,
    max_size=14,
)


class _Undo(Exception):
    """Raised at the end of each example to roll its rows back."""


def _report(command: str) -> str:
    out = StringIO()
    call_command(command, stdout=out)
    return out.getvalue().strip()


def _play(step, *, members, boards, mod) -> None:
    """One action; the service may refuse it (thread with replies, thread gone)."""
    name, a, b = step
    threads = list(Thread.objects.filter(is_deleted=False).order_by("pk"))
    posts = list(Post.objects.filter(is_deleted=False).select_related("thread").order_by("pk"))
    if name == "start":
        start_thread(
            board=boards[b % len(boards)],
            author=members[a % len(members)],
            title=f"主題 {a}",
            body=f"第一樓 {b}",
        )
    elif name == "reply" and threads:
        reply_to_thread(
            thread=threads[b % len(threads)], author=members[a % len(members)], body="回覆"
        )
    elif name == "edit" and posts:
        post = posts[a % len(posts)]
        edit_post(post=post, editor=post.author, body=f"改過 {b}", title="改過的標題")
    elif name == "delete_post" and posts:
        post = posts[a % len(posts)]
        delete_post(post=post, actor=mod if b else post.author)
    elif name == "delete_thread" and threads:
        thread = threads[a % len(threads)]
        delete_thread(thread=thread, actor=mod if b else thread.author)


@pytest.mark.django_db
@settings(
    max_examples=30,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(steps=actions)
def test_recounts_change_nothing_after_any_sequence_of_writes(steps, board, mod, settings):
    settings.LUNTAN_POST_INTERVAL = 0
    other_board = Board.objects.get_or_create(group=board.group, name="二手市場")[0]
    try:
        with transaction.atomic():
            members = [make_user(f"member{n}") for n in range(MEMBERS)]
            for step in steps:
                with contextlib.suppress(PostingError):  # a refusal must leave no trace either
                    _play(step, members=members, boards=[board, other_board], mod=mod)
            assert _report("recount_forum") == "0 counters fixed"
            assert _report("recount_credits").endswith(", 0 fixed")
            raise _Undo
    except _Undo:
        pass
