#!/usr/bin/env python3
"""Notifications' speed figures (not part of `make test`; prints, asserts nothing).

On PostgreSQL + Redis + RabbitMQ with a real Celery worker on a queue of its own:
- a reply's time in the request, to a thread nobody watches and to one with 2,000 watchers
  (the fan-out is queued after the commit, so the two should match);
- how long the worker takes to write those 2,000 notifications;
- the header's unread count: time per read and database queries per read once cached.

    .venv/bin/python bench/notifications.py [--watchers 2000] [--replies 30]
"""

import argparse
import os
import statistics
import subprocess
import sys
import time
import uuid
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--watchers", type=int, default=2000)
    parser.add_argument("--replies", type=int, default=30)
    parser.add_argument("--pg", default="postgres://postgres@127.0.0.1:5432")
    parser.add_argument("--redis", default="redis://127.0.0.1:6379/3")
    parser.add_argument("--broker", default="amqp://guest:guest@127.0.0.1:5672//")
    return parser.parse_args()


def main() -> None:
    args = parse_args()
    database = "luntan_bench_notifications"
    queue = f"luntan-bench-{uuid.uuid4().hex[:8]}"
    os.environ.update(
        DJANGO_SETTINGS_MODULE="luntan.settings.base",
        DATABASE_URL=f"{args.pg}/{database}",
        REDIS_URL=args.redis,
        CACHE_KEY_PREFIX=f"luntan-bench-{queue}",
        CELERY_BROKER_URL=args.broker,
        CELERY_QUEUE=queue,
        LUNTAN_POST_INTERVAL="0",
        LUNTAN_PM_PER_HOUR="0",
    )
    sys.path.insert(0, str(ROOT / "src"))
    import psycopg

    with psycopg.connect(f"{args.pg}/postgres", autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{database}"')

    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    command = [sys.executable, "-m", "celery", "-A", "luntan", "worker", "-Q", queue]
    command += ["--pool", "solo", "--without-gossip", "--without-mingle", "-l", "WARNING"]
    worker = subprocess.Popen(command, env={**os.environ, "PYTHONPATH": str(ROOT / "src")})
    try:
        run(args)
    finally:
        worker.terminate()
        worker.wait(timeout=30)
        from luntan.celery import app

        with app.connection_for_write() as broker:
            broker.default_channel.queue_delete(queue)


def run(args) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from luntan.accounts.models import User
    from luntan.boards.models import Board, BoardGroup
    from luntan.notifications.models import Notification, ThreadWatch
    from luntan.notifications.querysets import unread_count
    from luntan.posting.services import reply_to_thread, start_thread

    group = BoardGroup.objects.create(name="測試")
    board = Board.objects.create(group=group, name="測試版")
    author = User.objects.create_user("author", "author@example.test", "x")
    replier = User.objects.create_user("replier", "replier@example.test", "x")
    watchers = User.objects.bulk_create(
        User(username=f"w{n}", email=f"w{n}@example.test") for n in range(args.watchers)
    )
    quiet = start_thread(board=board, author=author, title="沒人訂閱", body="一樓")
    watched = start_thread(board=board, author=author, title="兩千人訂閱", body="一樓")
    ThreadWatch.objects.bulk_create(ThreadWatch(user=u, thread=watched) for u in watchers)

    def reply_times(thread) -> list[float]:
        times = []
        for n in range(args.replies):
            started = time.perf_counter()
            reply_to_thread(thread=thread, author=replier, body=f"回覆 {n}")
            times.append((time.perf_counter() - started) * 1000)
        return times

    quiet_ms = reply_times(quiet)
    before = Notification.objects.count()
    started = time.perf_counter()
    watched_ms = reply_times(watched)
    expected = before + args.replies * (args.watchers + 1)
    while Notification.objects.count() < expected:
        time.sleep(0.1)
    fan_out_s = time.perf_counter() - started

    user = watchers[0]
    unread_count(user.pk)
    reads = []
    with CaptureQueriesContext(connection) as queries:
        for _ in range(1000):
            started = time.perf_counter()
            unread_count(user.pk)
            reads.append((time.perf_counter() - started) * 1e6)

    def line(name, values, unit):
        q = statistics.quantiles(values, n=100)
        print(f"  {name:52} p50 {q[49]:8.2f} {unit}  p90 {q[89]:8.2f} {unit}")

    print(f"luntan notifications bench (PostgreSQL + Redis + RabbitMQ, {os.cpu_count()} cores)")
    line("reply to a thread nobody watches (in the request)", quiet_ms, "ms")
    line(f"reply to a thread {args.watchers} members watch (in the request)", watched_ms, "ms")
    print(
        f"  worker: {args.replies} replies x {args.watchers + 1} notifications written in "
        f"{fan_out_s:.1f} s ({args.replies * (args.watchers + 1) / fan_out_s:.0f} rows/s)"
    )
    line("unread count, cached (Redis GET)", reads, "µs")
    print(f"  database queries for 1000 cached unread-count reads: {len(queries)}")


if __name__ == "__main__":
    main()
