#!/usr/bin/env python3
"""A member's thread page served from the members' page cache, timed in-process (no HTTP):
what the per-reader parts of the page (the header's holes) cost. Prints, asserts nothing.

Runs against the source tree given (default: this checkout), so two trees can be compared on the
same machine minutes apart, e.g. the branch and `git archive main` unpacked elsewhere:

    .venv/bin/python bench/member_page.py --src src --label branch
    .venv/bin/python bench/member_page.py --src /tmp/luntan-main/src --label main

Uses PostgreSQL + Redis (a database of its own per label); with the notifications app present,
the reader has unread notifications and a 短消息 waiting.
"""

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--src", default=str(HERE.parent / "src"))
    parser.add_argument("--label", default="branch")
    parser.add_argument("--requests", type=int, default=2000)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--pg", default="postgres://postgres@127.0.0.1:5432")
    parser.add_argument("--redis", default="redis://127.0.0.1:6379/3")
    args = parser.parse_args()
    database = f"luntan_bench_member_page_{args.label}"
    os.environ.update(
        DJANGO_SETTINGS_MODULE="luntan.settings.base",
        DATABASE_URL=f"{args.pg}/{database}",
        REDIS_URL=args.redis,
        CACHE_KEY_PREFIX=f"luntan-bench-member-page-{args.label}",
        LUNTAN_PAGE_CACHE_SECONDS="300",
        LUNTAN_POST_INTERVAL="0",
        ALLOWED_HOSTS="testserver",
    )
    sys.path.insert(0, args.src)
    import psycopg

    with psycopg.connect(f"{args.pg}/postgres", autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{database}"')

    import django

    django.setup()
    from django.core.cache import cache
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    call_command("migrate", verbosity=0)
    cache.clear()
    from luntan.accounts.models import User
    from luntan.boards.models import Board, BoardGroup
    from luntan.posting.services import reply_to_thread, start_thread

    board = Board.objects.create(group=BoardGroup.objects.create(name="社區"), name="本地")
    reader = User.objects.create_user("reader", "reader@example.test", "x")
    other = User.objects.create_user("other", "other@example.test", "x")
    thread = start_thread(board=board, author=reader, title="測試主題", body="一樓")
    for n in range(19):
        reply_to_thread(thread=thread, author=other, body=f"@reader 第 {n + 2} 樓")
    try:
        from luntan.conversations.services import send_message

        send_message(sender=other, recipient=reader, body="你好")
        extras = "unread notifications and a 短消息 waiting"
    except ImportError:
        extras = "no notifications app"
    client = Client()
    client.force_login(reader)
    url = thread.get_absolute_url()
    for _ in range(50):
        assert client.get(url).status_code == 200
    with CaptureQueriesContext(connection) as queries:
        client.get(url)
    medians = []
    for _ in range(args.rounds):
        started = time.perf_counter()
        for _ in range(args.requests):
            client.get(url)
        medians.append((time.perf_counter() - started) / args.requests * 1e6)
    print(
        f"{args.label}: logged-in thread page from the members' cache ({extras}): "
        f"{statistics.median(medians):.0f} µs/request (median of {args.rounds} rounds of "
        f"{args.requests}; rounds {', '.join(f'{m:.0f}' for m in medians)}), "
        f"{len(queries)} queries"
    )


if __name__ == "__main__":
    main()
