#!/usr/bin/env python3
"""The word filter's cost: `python bench/word_filter.py` prints

1. compiling a 20,000-entry list and screening a 10,000-character post with it (ms);
2. replies/s through the reply page (form, filter, service, SQLite in a temporary database),
   without the filter and with the 20,000-entry list, and the difference.

Figures from a shared machine vary; compare the two rows of one run, not runs with each other.
"""

import os
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT / "src"), str(ROOT)]
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "luntan.settings.test")
os.environ.setdefault("DATABASE_URL", f"sqlite:///{tempfile.mkdtemp()}/bench.sqlite3")

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import setup_test_environment  # noqa: E402
from django.urls import reverse  # noqa: E402

from luntan.core.tests.test_markup import realistic_post  # noqa: E402
from luntan.safety import forms as safety_forms  # noqa: E402
from luntan.safety import review_rules  # noqa: E402
from luntan.safety.querysets import screen  # noqa: E402
from luntan.safety.services import import_words  # noqa: E402
from luntan.safety.wordfilter import BANNED, REPLACE, REVIEW, Entry, Matcher, Screening  # noqa: E402

ENTRIES = 20_000
REPLIES = 40
ROUNDS = 10


def word_list(count: int) -> list[Entry]:
    """Distinct 2–4 character words from the common CJK block, one in ten with a gap."""
    rng = random.Random(14)
    seen: set[str] = set()
    entries = []
    while len(entries) < count:
        chars = [chr(rng.randrange(0x4E00, 0x9FA5)) for _ in range(rng.randint(2, 4))]
        word = "".join(chars)
        if len(entries) % 10 == 0:
            word = f"{chars[0]}{{2}}{''.join(chars[1:])}"
        if word in seen:
            continue
        seen.add(word)
        action = (BANNED, REVIEW, REPLACE)[len(entries) % 3]
        entries.append(Entry(word, action, "**" if action == REPLACE else ""))
    return entries


def no_filter(text: str, *, markup: bool = False) -> Screening:
    return Screening(text)


def export_format(entries: list[Entry]) -> str:
    marks = {BANNED: "{BANNED}", REVIEW: "{MOD}"}
    return "".join(f"{e.pattern}={marks.get(e.action, e.replacement)}\n" for e in entries)


def best_ms(run, times: int) -> float:
    runs = []
    for _ in range(times):
        start = time.perf_counter()
        run()
        runs.append(time.perf_counter() - start)
    return min(runs) * 1000


def matcher_figures(entries: list[Entry]) -> None:
    post = realistic_post(10_000)
    print(
        f"compile {len(entries):,} entries          {best_ms(lambda: Matcher(entries), 3):8.1f} ms"
    )
    matcher = Matcher(entries)
    screening = best_ms(lambda: matcher.screen(post, markup=True), 10)
    print(f"screen a 10,000-character post     {screening:8.1f} ms")
    reply = realistic_post(400)
    # What one reply of the posting benchmark pays: its body screened twice (form, review rules).
    per_reply = best_ms(lambda: (matcher.screen(reply, markup=True), matcher.screen(reply)), 200)
    print(f"screen a 400-character reply twice {per_reply:8.2f} ms")


def replies_per_second(client: Client, url: str, label: str) -> float:
    # The first reply compiles the list (once per change per worker); not counted.
    client.post(url, {"body": "預熱", "client_token": f"{label}-warm"})
    start = time.perf_counter()
    for n in range(REPLIES):
        response = client.post(url, {"body": realistic_post(400), "client_token": f"{label}-{n}"})
        # Refused or held for review, the figure would be wrong.
        assert response["Location"].startswith("/thread/"), response.get("Location")
    return REPLIES / (time.perf_counter() - start)


def posting_figures(entries: list[Entry]) -> None:
    from luntan.accounts.models import User
    from luntan.boards.models import Board, BoardGroup
    from luntan.posting.services import start_thread

    setup_test_environment()
    call_command("migrate", verbosity=0)
    author = User.objects.create_user("bench", "bench@example.test", "x")
    board = Board.objects.create(group=BoardGroup.objects.create(name="測試"), name="測試")
    thread = start_thread(board=board, author=author, title="測試主題", body="第一樓")
    client = Client()
    client.force_login(author)
    url = reverse("thread-reply", args=[thread.pk])
    import_words(export_format(entries), replace_all=True)
    # Rounds in alternating order (off→on, then on→off), the median of each side: the thread
    # grows as the run goes on and a shared machine's load changes from second to second, so
    # neither side gets only the early, the late or the quiet rounds. "Without" skips both
    # screening calls (the form's, and the review rules' look for 审核 words), so both sides
    # run on the same database.
    rates: dict[bool, list[float]] = {False: [], True: []}
    for round_ in range(ROUNDS):
        for filtered in (False, True) if round_ % 2 == 0 else (True, False):
            safety_forms.screen = review_rules.screen = screen if filtered else no_filter
            rates[filtered].append(replies_per_second(client, url, f"{filtered}{round_}"))
    without, with_filter = statistics.median(rates[False]), statistics.median(rates[True])
    print(f"replies/s, without the filter        {without:8.1f}  (median of {ROUNDS} rounds)")
    change = (with_filter / without - 1) * 100
    print(f"replies/s, {len(entries):,}-entry list       {with_filter:8.1f}  ({change:+.1f}%)")


if __name__ == "__main__":
    entries = word_list(ENTRIES)
    matcher_figures(entries)
    posting_figures(entries)
