#!/usr/bin/env python3
"""Where a reply request's time goes: CPU, queries and a profile (prints, asserts nothing).

Posts `--replies` replies through Django's test client as logged-in members (16 in turn, as
`make bench`'s posters) to a fresh thread, on PostgreSQL + Redis with production settings, and
prints per reply: the web process's CPU (time.process_time), the PostgreSQL backend's CPU, the
queries, and the functions that took the most time (cProfile, cumulative). `--src` points at
another checkout's src/ (an older commit, with its own `--database`), so two commits compare
with the same script.

    .venv/bin/python bench/reply_profile.py [--replies 200] [--no-search] [--broker URL]
        [--watchers 2000] [--src ../other/src --database luntan_prof_old]
"""

import argparse
import cProfile
import io
import os
import pstats
import secrets
import statistics
import sys
import time
import uuid
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
POSTERS = 16


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--src", default=str(ROOT / "src"))
    parser.add_argument("--database", default="luntan_reply_profile")
    parser.add_argument("--threads", type=int, default=500, help="dataset.py --threads")
    parser.add_argument("--dataset-script", default=str(ROOT.parent / "shared/dataset/dataset.py"))
    parser.add_argument("--pg", default="postgres://postgres@127.0.0.1:5432")
    parser.add_argument("--redis", default="redis://127.0.0.1:6379/7")
    parser.add_argument("--replies", type=int, default=200)
    parser.add_argument("--warmup", type=int, default=20)
    parser.add_argument("--watchers", type=int, default=0, help="members watching the thread")
    parser.add_argument("--broker", default="", help="CELERY_BROKER_URL (default: in-process)")
    parser.add_argument("--no-search", action="store_true", help="leave search indexing out")
    parser.add_argument("--top", type=int, default=25, help="profile lines printed")
    parser.add_argument("--dump", help="also write the profile here (pstats file)")
    return parser.parse_args()


def configure(args: argparse.Namespace) -> str:
    run = uuid.uuid4().hex[:8]
    os.environ.update(
        {
            "DJANGO_SETTINGS_MODULE": "luntan.settings.prod",
            "DATABASE_URL": f"{args.pg}/{args.database}",
            "REDIS_URL": args.redis,
            "CACHE_KEY_PREFIX": f"luntan-profile-{run}",
            "SECRET_KEY": secrets.token_urlsafe(60),
            "ALLOWED_HOSTS": "testserver",
            "SECURE_SSL_REDIRECT": "0",
            "LUNTAN_VAR_DIR": str(HERE / "var"),
            "LUNTAN_POST_INTERVAL": "0",
            "LOG_LEVEL": "WARNING",
            "CELERY_BROKER_URL": args.broker,
            "CELERY_QUEUE": f"luntan-profile-{run}",
        }
    )
    sys.path.insert(0, args.src)
    return f"luntan-profile-{run}"


def ensure_database(args) -> None:
    import psycopg

    with psycopg.connect(f"{args.pg}/postgres", autocommit=True) as conn:
        found = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [args.database])
        if not found.fetchone():
            conn.execute(f'CREATE DATABASE "{args.database}"')


def backend_cpu_seconds(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def main() -> None:
    args = parse_args()
    queue = configure(args)
    ensure_database(args)
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from luntan.accounts.models import User
    from luntan.threads.models import Post, Thread

    call_command("migrate", verbosity=0)
    if not Post.objects.exists():
        call_command("load_dataset", threads=args.threads, script=Path(args.dataset_script))
        with connection.cursor() as cursor:
            cursor.execute("VACUUM (ANALYZE)")
    if args.no_search:
        from luntan.posting import services

        services.index_new_post_on_commit = lambda post, title: None

    members = list(User.objects.filter(username__startswith="user").order_by("pk")[:POSTERS])
    board_id = Thread.objects.order_by("-last_floor", "pk").first().board_id
    from luntan.boards.models import Board
    from luntan.posting.services import start_thread

    thread = start_thread(
        board=Board.objects.get(pk=board_id), author=members[0], title="回覆測量", body="一樓"
    )
    if args.watchers:
        from luntan.notifications.models import Notification, ThreadWatch

        User.objects.bulk_create(
            User(username=f"watcher{n}", email=f"watcher{n}@example.test")
            for n in range(args.watchers)
            if not User.objects.filter(username=f"watcher{n}").exists()
        )
        watchers = User.objects.filter(username__startswith="watcher").order_by("pk")
        ThreadWatch.objects.bulk_create(
            ThreadWatch(user=u, thread=thread) for u in watchers[: args.watchers]
        )
    clients = []
    for member in members:
        client = Client()
        client.force_login(member)
        clients.append(client)
    path = f"/thread/{thread.pk}/reply/"

    def reply(n: int) -> None:
        response = clients[n % POSTERS].post(path, {"body": f"回覆測量 {n}：樓層必須唯一 😀"})
        if response.status_code != 302:
            raise SystemExit(f"reply {n}: HTTP {response.status_code}")

    for n in range(args.warmup):
        reply(n)
    connection.ensure_connection()
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        backend = cursor.fetchone()[0]
    cpu, wall, queries = [], [], []
    db_cpu_before = backend_cpu_seconds(backend)
    for n in range(args.warmup, args.warmup + args.replies):
        with CaptureQueriesContext(connection) as captured:
            started_cpu, started = time.process_time(), time.perf_counter()
            reply(n)
            cpu.append((time.process_time() - started_cpu) * 1000)
            wall.append((time.perf_counter() - started) * 1000)
        queries.append(len(captured))
    db_cpu_ms = (backend_cpu_seconds(backend) - db_cpu_before) * 1000 / args.replies
    last_queries = captured.captured_queries
    # Profiled apart: the profiler's own cost must not count in the figures above.
    profile = cProfile.Profile()
    for n in range(args.warmup + args.replies, args.warmup + 2 * args.replies):
        profile.enable()
        reply(n)
        profile.disable()

    print(
        f"reply request, {args.replies} replies by {POSTERS} members, src={args.src}, "
        f"watchers={args.watchers}, broker={'yes' if args.broker else 'no (in-process)'}, "
        f"search={'off' if args.no_search else 'on'}, load {os.getloadavg()[0]:.2f}"
    )
    print(
        f"  web CPU ms/reply: median {statistics.median(cpu):.2f}  mean {statistics.mean(cpu):.2f}"
        f"  (wall median {statistics.median(wall):.2f})"
    )
    print(f"  PostgreSQL backend CPU ms/reply: {db_cpu_ms:.2f}")
    print(f"  queries/reply: median {statistics.median(queries):.0f}  max {max(queries)}")
    print("  queries of the last reply:")
    for query in last_queries:
        print(f"    {query['time']:>6}s  {query['sql'][:150]}")
    out = io.StringIO()
    if args.dump:
        profile.dump_stats(args.dump)
    # luntan's own functions by cumulative time, then everything by time spent inside.
    pstats.Stats(profile, stream=out).sort_stats("cumulative").print_stats("/luntan/", args.top)
    pstats.Stats(profile, stream=out).sort_stats("tottime").print_stats(args.top)
    print(out.getvalue().replace(args.src, "src"))
    if args.watchers and args.broker:
        print(f"  notifications written so far: {Notification.objects.count()} (no worker runs)")
    if args.broker:
        from luntan.celery import app

        with app.connection_for_write() as broker:
            broker.default_channel.queue_delete(queue)


if __name__ == "__main__":
    main()
