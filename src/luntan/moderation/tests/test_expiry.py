"""置顶 and 高亮 with an expiry come off when it passes; the recycle bin keeps entries as long as
the operator set."""

from datetime import timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone

from luntan.conftest import make_thread
from luntan.moderation.models import ModerationSettings, RecycleEntry
from luntan.moderation.services import (
    ThreadOptions,
    delete_thread,
    expire_marks,
    moderate_thread,
    purge_expired,
)
from luntan.threads.models import Thread

from .recount import assert_recount_changes_nothing

pytestmark = pytest.mark.django_db


def test_sticky_and_highlight_come_off_when_they_expire(board, alice, mod):
    thread = make_thread(board, alice)
    soon = timezone.now() + timedelta(days=1)
    moderate_thread(
        thread_id=thread.pk,
        board_id=board.pk,
        actor=mod,
        action="sticky",
        options=ThreadOptions(sticky=1, until=soon),
    )
    moderate_thread(
        thread_id=thread.pk,
        board_id=board.pk,
        actor=mod,
        action="highlight",
        options=ThreadOptions(colour="blue", until=soon),
    )
    assert expire_marks() == 0
    assert expire_marks(now=soon + timedelta(seconds=1)) == 1
    thread.refresh_from_db()
    assert (thread.sticky, thread.highlight, thread.sticky_until) == (0, "", None)


def test_the_bin_keeps_entries_for_the_days_set(board, alice, mod):
    ModerationSettings.objects.create(pk=1, bin_keep_days=7)
    thread = make_thread(board, alice, replies=1)
    delete_thread(thread_id=thread.pk, board_id=board.pk, actor=mod, reason="x")
    assert purge_expired(now=timezone.now() + timedelta(days=6)) == 0
    assert purge_expired(now=timezone.now() + timedelta(days=8)) == 1
    assert not Thread.objects.filter(pk=thread.pk).exists()
    assert not RecycleEntry.objects.exists()
    assert_recount_changes_nothing()


def test_the_command_runs_both(board):
    from io import StringIO

    out = StringIO()
    call_command("expire_moderation", stdout=out)
    assert "expired 0 marks, purged 0" in out.getvalue()
