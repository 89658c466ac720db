"""A web worker killed -9 in the middle of a reply (OOM killer, an operator): the database rolls
its transaction back, so no half-written reply, burned floor or moved counter remains, and the
next reply takes the next floor. Runs the reply in a real process and kills it for real."""

import os
import signal
import subprocess
import sys
import textwrap
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.db import connection

from luntan.conftest import make_thread
from luntan.posting.services import reply_to_thread
from luntan.threads.models import Post, Thread

pytestmark = [
    pytest.mark.skipif(
        connection.vendor == "sqlite", reason="the test database must be a server both can reach"
    ),
    pytest.mark.django_db(transaction=True),
]

SRC = Path(__file__).resolve().parents[3]


def _state(thread: Thread) -> tuple:
    thread.refresh_from_db()
    thread.board.refresh_from_db()
    thread.author.refresh_from_db()
    return (
        Post.objects.filter(thread=thread).count(),
        thread.last_floor,
        thread.reply_count,
        thread.board.post_count,
        thread.author.post_count,
        thread.author.credits,
    )


def test_a_worker_killed_mid_reply_leaves_nothing_half_written(board, alice):
    thread = make_thread(board, alice, replies=1)
    before = _state(thread)
    worker = textwrap.dedent(f"""
        import os, signal, django
        import luntan.settings.test as config
        config.DATABASES["default"]["NAME"] = {connection.settings_dict["NAME"]!r}
        django.setup()
        from luntan.accounts.models import User
        from luntan.posting import services
        from luntan.threads.models import Thread

        write_post = services._write_post

        def write_then_die(**kwargs):
            write_post(**kwargs)  # the post row, the floor and every counter are written…
            os.kill(os.getpid(), signal.SIGKILL)  # …and the worker dies before the commit

        services._write_post = write_then_die
        services.reply_to_thread(
            thread=Thread.objects.get(pk={thread.pk}),
            author=User.objects.get(pk={alice.pk}),
            body="寫到一半的回覆",
        )
    """)
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "luntan.settings.test", "PYTHONPATH": str(SRC)}
    process = subprocess.run([sys.executable, "-c", worker], env=env, check=False)
    assert process.returncode == -signal.SIGKILL

    assert _state(thread) == before
    assert not Post.objects.filter(body="寫到一半的回覆").exists()
    assert reply_to_thread(thread=thread, author=alice, body="下一條回覆").floor == 3
    after = _state(thread)
    call_command("recount_forum", stdout=StringIO())
    call_command("recount_credits", stdout=StringIO())
    assert _state(thread) == after
