"""The property every moderation action keeps: recount_forum and recount_credits, run after
it, change nothing."""

import io

from django.core.management import call_command

from luntan.accounts.models import User
from luntan.boards.models import Board
from luntan.credits.models import SLOT_FIELDS, MemberCredits
from luntan.threads.models import Thread


def counters() -> dict:
    return {
        "threads": sorted(
            Thread.objects.values_list(
                "pk", "last_floor", "reply_count", "last_post_at", "last_poster_name"
            )
        ),
        "boards": sorted(
            Board.objects.values_list(
                "pk",
                "thread_count",
                "post_count",
                "last_post_at",
                "last_thread_id",
                "last_poster_name",
            )
        ),
        "members": sorted(
            User.objects.values_list("pk", "post_count", "thread_count", "last_post_at", "credits")
        ),
        # A member without a balance row has all zeros (recount_credits creates the row).
        "balances": sorted(
            row
            for row in MemberCredits.objects.values_list("user_id", "digests", *SLOT_FIELDS)
            if any(row[1:])
        ),
    }


def assert_recount_changes_nothing() -> None:
    before = counters()
    call_command("recount_forum", stdout=io.StringIO())
    call_command("recount_credits", stdout=io.StringIO())
    after = counters()
    for key in before:
        assert after[key] == before[key], key
