#!/usr/bin/env python3
"""`make bench`: luntan on PostgreSQL + Redis behind 4 gunicorn workers, measured with wrk.

1. Makes sure the benchmark database exists and holds ../shared/dataset/dataset.py's forum
   (`manage.py load_dataset`, bulk); one database per dataset size, reused between runs.
2. Serves it with production settings (bench/bench_settings.py adds the bare /bench/hello/ view)
   through deploy/gunicorn.conf.py, for each worker class asked for.
   Beside it, as in production (deploy/luntan-worker.service), a Celery worker on RabbitMQ, on
   a queue of the benchmark's own: replies only queue their notifications (`--no-broker`: they
   run inside the request, as under `make run`).
3. For each page: 2 s of warm-up, then 10 s with 16 connections and 10 s with 32, recording
   requests/s, p50 and p99; then 16 members replying to one thread at once; then the same
   members replying to a thread nobody watches and to one 2,000 members watch (issue 17: the
   two must return alike), and the count of notifications the worker wrote; then checks the
   floors, the view counts and the workers' memory. `--only posting` runs the posting part only.
4. Prints the table and writes it as JSON to bench/results/.

Not part of `make test`: it needs PostgreSQL at 127.0.0.1:5432, Redis at 127.0.0.1:6379,
RabbitMQ at 127.0.0.1:5672 (unless `--no-broker`) and wrk.
"""

import argparse
import json
import math
import os
import platform
import secrets
import shutil
import statistics
import subprocess
import sys
import time
import urllib.request
import uuid
from pathlib import Path
from urllib.parse import quote

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
RESULTS = HERE / "results"
POSTERS = 16
WATCHERS = 2000
# The worker's PostgreSQL sessions carry this name, so the web side's CPU leaves them out.
WORKER_APP_NAME = "luntan-bench-worker"
# As deploy/luntan-worker.service (Nice=10): fan-outs yield the CPU to requests.
WORKER_NICENESS = 10


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--threads", type=int, default=500, help="dataset.py --threads")
    parser.add_argument("--dataset-script", default=str(ROOT.parent / "shared/dataset/dataset.py"))
    parser.add_argument("--label", default="small", help="names the result file")
    parser.add_argument("--compare", help="a results JSON to compare rows with (bench-large)")
    parser.add_argument("--reload", action="store_true", help="drop and reload the database")
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--worker-classes", default="sync,gthread", help="first one is reported")
    parser.add_argument("--threads-per-worker", type=int, default=2, help="for gthread")
    parser.add_argument("--duration", type=int, default=10)
    parser.add_argument("--warmup", type=int, default=2)
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--port", type=int, default=8811)
    parser.add_argument("--pg", default="postgres://postgres@127.0.0.1:5432")
    parser.add_argument("--database", help="default: luntan_bench_<threads>")
    parser.add_argument("--redis", default="redis://127.0.0.1:6379/3")
    parser.add_argument("--broker", default="amqp://guest:guest@127.0.0.1:5672//")
    parser.add_argument(
        "--no-broker", action="store_true", help="tasks in the request (make run), no worker"
    )
    parser.add_argument("--only", choices=("posting",), help="run only this part")
    parser.add_argument(
        "--fan-out-seconds", type=int, default=5, help="per thread, issue 17 (0: skip)"
    )
    parser.add_argument("--drain-timeout", type=int, default=600, help="seconds for the worker")
    return parser.parse_args()


# --- the environment: production settings, the benchmark's own database and Redis DB ------------


def configure(args: argparse.Namespace) -> str:
    database = args.database or f"luntan_bench_{args.threads}"
    if not args.no_broker:
        # A queue of this run's own on the broker, deleted afterwards.
        os.environ["CELERY_BROKER_URL"] = args.broker
        os.environ["CELERY_QUEUE"] = f"luntan-bench-{uuid.uuid4().hex[:8]}"
    else:
        os.environ["CELERY_BROKER_URL"] = ""
    os.environ.update(
        {
            "DJANGO_SETTINGS_MODULE": "bench_settings",
            "PYTHONPATH": f"{ROOT / 'src'}{os.pathsep}{HERE}",
            "DATABASE_URL": f"{args.pg}/{database}",
            "REDIS_URL": args.redis,
            "CACHE_KEY_PREFIX": "luntan-bench",
            "SECRET_KEY": os.environ.get("BENCH_SECRET_KEY", secrets.token_urlsafe(60)),
            "ALLOWED_HOSTS": "127.0.0.1,localhost",
            "SECURE_SSL_REDIRECT": "0",
            "LUNTAN_VAR_DIR": str(HERE / "var"),
            "LUNTAN_POST_INTERVAL": "0",  # 16 members post as fast as they can
            "LOG_LEVEL": "WARNING",
        }
    )
    sys.path[:0] = [str(ROOT / "src"), str(HERE)]
    return database


def ensure_database(args: argparse.Namespace, database: str) -> None:
    import psycopg

    with psycopg.connect(f"{args.pg}/postgres", autocommit=True) as conn:
        exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [database]).fetchone()
        if exists and args.reload:
            conn.execute(f'DROP DATABASE "{database}" WITH (FORCE)')
            exists = None
        if not exists:
            conn.execute(f'CREATE DATABASE "{database}"')


def prepare(args: argparse.Namespace) -> dict:
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    from luntan.threads.models import Post

    call_command("migrate", verbosity=0)
    if not Post.objects.exists():
        print(f"loading dataset.py --threads {args.threads} (once per database)…", flush=True)
        started = time.monotonic()
        call_command("load_dataset", threads=args.threads, script=Path(args.dataset_script))
        # Statistics and visibility now, not from autovacuum in the middle of a measurement.
        with connection.cursor() as cursor:
            cursor.execute("VACUUM (ANALYZE)")
        print(f"loaded in {time.monotonic() - started:.0f}s", flush=True)
    call_command("collectstatic", interactive=False, verbosity=0)
    return {"posts": Post.objects.count()}


# --- serving ---------------------------------------------------------------------------------


class Server:
    def __init__(self, args: argparse.Namespace, worker_class: str) -> None:
        self.url = f"http://127.0.0.1:{args.port}"
        self.log_path = RESULTS / f"gunicorn-{args.label}-{worker_class}.log"
        env = {
            **os.environ,
            "GUNICORN_BIND": f"127.0.0.1:{args.port}",
            "GUNICORN_WORKERS": str(args.workers),
            "GUNICORN_WORKER_CLASS": worker_class,
            # gunicorn turns a sync worker with threads into gthread: sync means one thread.
            "GUNICORN_THREADS": str(args.threads_per_worker if worker_class == "gthread" else 1),
            "GUNICORN_LOG_LEVEL": "warning",
            "GUNICORN_PYTHONPATH": f"{ROOT / 'src'},{HERE}",
        }
        self.log = self.log_path.open("w")
        gunicorn = Path(sys.executable).with_name("gunicorn")
        self.process = subprocess.Popen(
            [str(gunicorn), "-c", str(ROOT / "deploy/gunicorn.conf.py")],
            cwd=ROOT,
            env=env,
            stdout=self.log,
            stderr=subprocess.STDOUT,
        )
        for _ in range(100):
            try:
                with urllib.request.urlopen(f"{self.url}/bench/hello/", timeout=2):
                    return
            except OSError:
                if self.process.poll() is not None:
                    raise SystemExit(f"gunicorn exited; see {self.log_path}") from None
                time.sleep(0.2)
        raise SystemExit(f"gunicorn did not answer; see {self.log_path}")

    def worker_pids(self) -> list[int]:
        return child_pids(self.process.pid)

    def worker_rss_mb(self) -> list[float]:
        rss = []
        for pid in self.worker_pids():
            status = Path(f"/proc/{pid}/status").read_text()
            kb = next(line.split()[1] for line in status.splitlines() if line.startswith("VmRSS"))
            rss.append(round(int(kb) / 1024, 1))
        return sorted(rss)

    def cpu_seconds(self) -> float:
        """CPU time used so far by the web workers and the database backends serving them:
        unlike req/s, CPU per request does not move when other programs share the machine.
        The background worker's share is `Worker.cpu_seconds`."""
        return cpu_seconds(database_backends(worker=False) + self.worker_pids())

    def errors_logged(self) -> list[str]:
        text = self.log_path.read_text(errors="replace")
        return [
            line for line in text.splitlines() if "Traceback" in line or "deadlock" in line.lower()
        ]

    def stop(self) -> None:
        self.process.terminate()
        self.process.wait(timeout=30)
        self.log.close()


def database_backends(*, worker: bool) -> list[int]:
    """The PostgreSQL backends serving the web workers (worker=False) or the background
    worker: client backends only, since autovacuum after a fresh load is nobody's cost."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT pid FROM pg_stat_activity WHERE datname = current_database() "
            "AND backend_type = 'client backend' AND pid <> pg_backend_pid() "
            f"AND (application_name = %s) = {'true' if worker else 'false'}",
            [WORKER_APP_NAME],
        )
        return [row[0] for row in cursor.fetchall()]


def cpu_seconds(pids: list[int]) -> float:
    ticks = 0
    for pid in pids:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:  # a backend that just closed
            continue
        ticks += int(fields[11]) + int(fields[12])  # utime + stime
    return ticks / os.sysconf("SC_CLK_TCK")


def child_pids(pid: int) -> list[int]:
    out = subprocess.run(
        ["ps", "--ppid", str(pid), "-o", "pid="], capture_output=True, text=True, check=False
    ).stdout
    return [int(child) for child in out.split()]


class Worker:
    """The background worker as deploy/luntan-worker.service runs it (prefork, 2 processes, at
    a lower priority than the web workers), on this run's queue."""

    def __init__(self, args: argparse.Namespace) -> None:
        from luntan.celery import app

        self.app = app
        self.queue = os.environ["CELERY_QUEUE"]
        self.log_path = RESULTS / f"worker-{args.label}.log"
        self.log = self.log_path.open("w")
        command = [str(Path(sys.executable).with_name("celery")), "-A", "luntan", "worker"]
        command += ["-Q", self.queue, "--concurrency", "2", "--loglevel", "WARNING"]
        command += ["--without-gossip", "--without-mingle", "--without-heartbeat"]
        self.process = subprocess.Popen(
            command,
            cwd=ROOT,
            env={**os.environ, "PGAPPNAME": WORKER_APP_NAME},
            stdout=self.log,
            stderr=subprocess.STDOUT,
            preexec_fn=lambda: os.nice(WORKER_NICENESS),
        )
        for _ in range(150):
            if self.consumers():
                return
            if self.process.poll() is not None:
                raise SystemExit(f"the celery worker exited; see {self.log_path}")
            time.sleep(0.2)
        raise SystemExit(f"the celery worker did not start; see {self.log_path}")

    def consumers(self) -> int:
        with self.app.connection_for_write() as broker:
            try:
                return broker.default_channel.queue_declare(self.queue, passive=True).consumer_count
            except Exception:  # the worker has not declared its queue yet
                return 0

    def cpu_seconds(self) -> float:
        """The worker's processes and its database backends."""
        pids = [self.process.pid, *child_pids(self.process.pid)]
        return cpu_seconds(pids + database_backends(worker=True))

    def errors_logged(self) -> list[str]:
        text = self.log_path.read_text(errors="replace")
        return [line for line in text.splitlines() if "Traceback" in line or "ERROR" in line]

    def stop(self) -> None:
        self.process.terminate()
        self.process.wait(timeout=60)
        self.log.close()
        with self.app.connection_for_write() as broker:
            broker.default_channel.queue_delete(self.queue)


# --- measuring -------------------------------------------------------------------------------


def wrk(url: str, *, connections: int, seconds: int, headers=(), script: Path | None = None):
    threads = min(connections, 2) if script is None else connections
    command = ["wrk", f"-t{threads}", f"-c{connections}", f"-d{seconds}s", "--timeout", "10s"]
    for header in headers:
        command += ["-H", header]
    command += ["-s", str(script or HERE / "report.lua"), url]
    out = subprocess.run(command, capture_output=True, text=True, check=True).stdout
    line = next(line for line in out.splitlines() if line.startswith("BENCH "))
    result = json.loads(line[len("BENCH ") :])
    result["rps"] = result["requests"] / (result["duration_us"] / 1e6)
    return result


def measure(server: Server, args, path: str, headers=()) -> dict:
    """One page: warm-up, the bare view for a few seconds right before (the machine may be
    shared: a reference taken minutes apart can differ by half), then 16 and 32 connections."""
    url = server.url + path
    warm = wrk(url, connections=args.connections, seconds=args.warmup, headers=headers)
    bare = wrk(
        f"{server.url}/bench/hello/", connections=args.connections, seconds=3, headers=headers[:1]
    )
    cpu_before = server.cpu_seconds()
    at16 = wrk(url, connections=args.connections, seconds=args.duration, headers=headers)
    cpu_ms = (server.cpu_seconds() - cpu_before) * 1000 / max(at16["requests"], 1)
    at32 = wrk(url, connections=2 * args.connections, seconds=args.duration, headers=headers)
    errors = sum(at16["errors"].values()) + sum(at32["errors"].values())
    return {
        "path": path,
        "rps": round(at16["rps"], 1),
        "bare_rps_just_before": round(bare["rps"], 1),
        "of_bare": round(at16["rps"] / bare["rps"], 3),
        "server_cpu_ms": round(cpu_ms, 2),
        "p50_ms": round(at16["p50_us"] / 1000, 2),
        "p99_ms": round(at16["p99_us"] / 1000, 2),
        "rps_32": round(at32["rps"], 1),
        "p50_ms_32": round(at32["p50_us"] / 1000, 2),
        "p99_ms_32": round(at32["p99_us"] / 1000, 2),
        "requests": warm["requests"] + at16["requests"] + at32["requests"],
        "errors": errors,
    }


def member_session(user) -> str:
    """A logged-in session as django.contrib.auth.login would store it."""
    from importlib import import_module

    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY

    store = import_module(settings.SESSION_ENGINE).SessionStore()
    store[SESSION_KEY] = str(user.pk)
    store[BACKEND_SESSION_KEY] = settings.AUTHENTICATION_BACKENDS[0]
    store[HASH_SESSION_KEY] = user.get_session_auth_hash()
    store.save()
    return store.session_key


def stored_plus_pending(thread_id: int) -> int:
    from luntan.threads.models import Thread
    from luntan.threads.view_counter import flush_views

    flush_views()
    return Thread.objects.get(pk=thread_id).view_count


def reader_headers(forum: dict) -> tuple[list[str], list[str]]:
    """Headers a browser sends, for a guest and for the member; anonymous cached pages go out
    gzipped as stored."""
    anonymous = ["Accept-Encoding: gzip"]
    return anonymous, [*anonymous, f"Cookie: sessionid={forum['member_session']}"]


def run_pages(server: Server, args, forum: dict) -> list[dict]:
    anonymous, member = reader_headers(forum)
    hot = forum["hot_thread"]
    rows = [
        ("bare Django view (reference)", "/bench/hello/", anonymous),
        ("thread, first page (anonymous, cached)", f"/thread/{hot}/", anonymous),
        (
            "thread, last page (anonymous, cached)",
            f"/thread/{hot}/?page={forum['last_page']}",
            anonymous,
        ),
        ("board list (anonymous, cached)", f"/board/{forum['board']}/", anonymous),
        ("index (anonymous, cached)", "/", anonymous),
        ("thread, first page (logged in)", f"/thread/{hot}/", member),
        ("thread, last page (logged in)", f"/thread/{hot}/?page={forum['last_page']}", member),
        # A query parameter the page does not know makes it skip the members' page cache: the
        # whole page rendered for the reader, as without that cache.
        ("thread, first page (logged in, rendered)", f"/thread/{hot}/?rendered=1", member),
    ]
    results = []
    for name, path, headers in rows:
        views_before = stored_plus_pending(hot) if path.startswith("/thread/") else None
        row = {"name": name, **measure(server, args, path, headers)}
        if views_before is not None:
            # Every page answered must be one view counted, cached or not (wrk does not count
            # the requests still in flight when it stops, so counted may exceed answered by a few).
            row["views_counted"] = stored_plus_pending(hot) - views_before
            row["views_answered"] = row["requests"]
        results.append(row)
        print(
            f"  {name:44} {row['rps']:6.0f} req/s ({row['of_bare']:.2f} of bare)  "
            f"p50 {row['p50_ms']:6.2f} ms  "
            f"p99 {row['p99_ms']:7.2f} ms  (32 conns: p50 {row['p50_ms_32']:.2f} "
            f"p99 {row['p99_ms_32']:.2f})",
            flush=True,
        )
    return results


def last_against_first(server: Server, args, forum: dict, rounds: int = 3) -> dict:
    """Req/s of the hot thread's last page over its first, anonymous and logged in, from short
    runs taken in turn (first, last, first, last…), the median of each round's ratio: pages
    measured minutes apart on a shared machine differ by more than the 10% being checked."""
    anonymous, member = reader_headers(forum)
    hot = forum["hot_thread"]
    paths = (f"/thread/{hot}/", f"/thread/{hot}/?page={forum['last_page']}")
    ratios = {}
    for name, headers in (("anonymous", anonymous), ("logged in", member)):
        rounds_seen = []
        for _ in range(rounds):
            url = server.url
            rps = [
                wrk(url + path, connections=args.connections, seconds=3, headers=headers)["rps"]
                for path in paths
            ]
            rounds_seen.append(rps[1] / rps[0])
        ratios[name] = round(statistics.median(rounds_seen), 3)
        print(f"  last page over first page, {name}: {ratios[name]} ({rounds} rounds)", flush=True)
    return ratios


class Posters:
    """16 members, each with a session and a CSRF cookie, replying through wrk (bench/post.lua)."""

    def __init__(self) -> None:
        from django.utils.crypto import get_random_string

        from luntan.accounts.models import User

        self.members = list(
            User.objects.filter(username__startswith="user").order_by("pk")[:POSTERS]
        )
        self.cookies = []
        for user in self.members:
            csrf = get_random_string(32)  # a CSRF secret as Django makes them (letters, digits)
            self.cookies.append(f'{{session="{member_session(user)}", csrf="{csrf}"}}')

    def reply(self, server: Server, worker, thread, *, seconds: int, warmup: int) -> dict:
        """Replies to `thread` for `seconds` (after `warmup`): replies/s, latency, and CPU per
        reply of the web side (workers and their database sessions) and of the worker."""
        body = quote("併發回覆：樓層必須唯一且連續 😀")
        script = RESULTS / "post-run.lua"
        script.write_text(
            f'POSTERS = {{{", ".join(self.cookies)}}}\nPATH = "/thread/{thread.pk}/reply/"\n'
            f'BODY = "{body}"\n{(HERE / "post.lua").read_text()}\n'
            f"{(HERE / 'report.lua').read_text()}"
        )
        url = f"{server.url}/thread/{thread.pk}/reply/"
        warm = wrk(url, connections=POSTERS, seconds=warmup, script=script) if warmup else None
        before = thread.posts.count()
        cpu_before = server.cpu_seconds(), worker.cpu_seconds() if worker else 0.0
        run = wrk(url, connections=POSTERS, seconds=seconds, script=script)
        written = thread.posts.count() - before
        cpu_after = server.cpu_seconds(), worker.cpu_seconds() if worker else 0.0
        time.sleep(1)  # replies in flight when wrk stopped land before the counts are compared
        return {
            "posters": POSTERS,
            # Posts written, not responses: a refused reply must not count.
            "replies_per_s": round(written / (run["duration_us"] / 1e6), 1),
            "p50_ms": round(run["p50_us"] / 1000, 2),
            "p99_ms": round(run["p99_us"] / 1000, 2),
            "server_cpu_ms": round((cpu_after[0] - cpu_before[0]) * 1000 / max(written, 1), 2),
            # What the worker did meanwhile (at a lower priority it may still be behind).
            "worker_cpu_ms": round((cpu_after[1] - cpu_before[1]) * 1000 / max(written, 1), 2),
            "replies_answered": (warm["requests"] if warm else 0) + run["requests"],
            "http_errors": sum(run["errors"].values())
            + (sum(warm["errors"].values()) if warm else 0),
        }


def run_posting(server: Server, worker, args, forum: dict, posters: Posters) -> dict:
    """16 members reply to one fresh thread at once; afterwards its floors must be 1..N."""
    from django.db.models import Count, Max, Min

    from luntan.boards.models import Board
    from luntan.posting.services import start_thread
    from luntan.threads.models import Thread

    board = Board.objects.get(pk=forum["board"])
    thread = start_thread(board=board, author=posters.members[0], title="併發回覆測試", body="一樓")
    result = posters.reply(server, worker, thread, seconds=args.duration, warmup=args.warmup)
    posts = thread.posts.aggregate(n=Count("pk"), low=Min("floor"), high=Max("floor"))
    thread = Thread.objects.get(pk=thread.pk)
    floors = list(thread.posts.order_by("floor").values_list("floor", flat=True))
    return {
        **result,
        "posts_in_thread": posts["n"],
        "floors_unique_and_gap_free": floors == list(range(1, len(floors) + 1)),
        "last_floor_matches": thread.last_floor == posts["high"] == posts["n"],
        "reply_count_matches": thread.reply_count == posts["n"] - 1,
    }


def run_fan_out(server: Server, worker, args, forum: dict, posters: Posters) -> dict:
    """Issue 17: the same 16 members reply to a thread nobody watches, then to one that
    2,000 members watch (订阅), for the same time each; the two must return alike, since the
    request only queues the fan-out. Then waits for the worker to have told every watcher of
    every reply, and deletes those notifications (the database stays the size it was)."""
    from luntan.accounts.models import User
    from luntan.boards.models import Board
    from luntan.notifications.models import Notification, ThreadWatch
    from luntan.posting.services import start_thread

    names = [f"bench-watcher-{n}" for n in range(WATCHERS)]
    known = set(User.objects.filter(username__in=names).values_list("username", flat=True))
    User.objects.bulk_create(
        User(username=name, email=f"{name}@example.test") for name in names if name not in known
    )
    board = Board.objects.get(pk=forum["board"])
    author = posters.members[0]
    quiet = start_thread(board=board, author=author, title="沒人訂閱的主題", body="一樓")
    watched = start_thread(board=board, author=author, title="兩千人訂閱的主題", body="一樓")
    ThreadWatch.objects.bulk_create(
        ThreadWatch(user=user, thread=watched) for user in User.objects.filter(username__in=names)
    )
    result = {"watchers": WATCHERS}
    for name, thread in (("unwatched", quiet), ("watched", watched)):
        result[name] = posters.reply(server, worker, thread, seconds=args.fan_out_seconds, warmup=0)
    if worker is None:
        return result
    replies = watched.posts.filter(floor__gt=1)

    def expected() -> int:
        # Every watcher hears of every reply; the thread's author of every reply but their own.
        # Counted anew each time: a reply still in flight when wrk stopped may land late.
        return replies.count() * WATCHERS + replies.exclude(author=author).count()

    # Replies only: the first post's fan-out (its @mentions) may have met the watchers too.
    told = Notification.objects.filter(thread=watched, post__floor__gt=1)
    started = time.monotonic()
    while (delivered := told.count()) < expected():
        if time.monotonic() - started > args.drain_timeout:
            break
        time.sleep(2)
    result.update(
        notifications_expected=expected(),
        notifications_delivered=delivered,
        seconds_to_deliver_after_the_run=round(time.monotonic() - started, 1),
    )
    Notification.objects.filter(thread__in=[quiet, watched]).delete()
    return result


# --- the report ------------------------------------------------------------------------------


def forum_facts(args) -> dict:
    from django.conf import settings

    from luntan.accounts.models import User
    from luntan.threads.models import Thread

    hot = Thread.objects.order_by("-last_floor", "pk").first()
    member = User.objects.filter(username__startswith="user").order_by("-pk").first()
    return {
        "hot_thread": hot.pk,
        "hot_thread_posts": hot.last_floor,
        "last_page": math.ceil(hot.last_floor / settings.LUNTAN_POSTS_PER_PAGE),
        "board": hot.board_id,
        "member_session": member_session(member),
    }


def check_targets(
    pages: list[dict],
    last_over_first: dict,
    posting: dict | None,
    fan_out: dict | None,
    rss: list[float],
) -> dict:
    """Each target as a number; ratios use the bare view measured right before each page."""
    targets = {"largest worker RSS MB < 150": max(rss) if rss else 0}
    if pages:
        targets.update(page_targets(pages, last_over_first))
    if posting:
        targets["replies/s with 16 posters >= 200"] = posting["replies_per_s"]
    if fan_out:
        quiet, watched = fan_out["unwatched"], fan_out["watched"]
        targets["2,000 watchers: replies/s of unwatched (~1)"] = (
            watched["replies_per_s"] / quiet["replies_per_s"]
        )
        targets["2,000 watchers: p50 over unwatched (~1)"] = watched["p50_ms"] / quiet["p50_ms"]
        targets["2,000 watchers: web CPU/reply over unwatched (~1)"] = (
            watched["server_cpu_ms"] / quiet["server_cpu_ms"]
        )
        if "notifications_expected" in fan_out:
            targets["2,000 watchers: notifications delivered (of expected)"] = (
                fan_out["notifications_delivered"] / fan_out["notifications_expected"]
            )
    return {name: round(value, 3) for name, value in targets.items()}


def page_targets(pages: list[dict], last_over_first: dict) -> dict:
    by_name = {row["name"]: row for row in pages}
    first = by_name["thread, first page (anonymous, cached)"]
    last = by_name["thread, last page (anonymous, cached)"]
    member = by_name["thread, first page (logged in)"]
    member_last = by_name["thread, last page (logged in)"]
    bare = by_name["bare Django view (reference)"]
    bare_cpu = bare["server_cpu_ms"]
    return {
        "anonymous thread >= 50% of bare": first["of_bare"],
        "logged-in thread >= 15% of bare": member["of_bare"],
        # The members' page cache left out: what rendering the whole page for a reader costs.
        "logged-in thread rendered in full, of bare": (
            by_name["thread, first page (logged in, rendered)"]["of_bare"]
        ),
        "last page within 10% of first (anonymous, in turn)": last_over_first["anonymous"],
        "last page within 10% of first (logged in, in turn)": last_over_first["logged in"],
        # The same three, from server CPU per request, which other programs do not disturb.
        "by CPU: anonymous thread >= 50% of bare": bare_cpu / first["server_cpu_ms"],
        "by CPU: logged-in thread >= 15% of bare": bare_cpu / member["server_cpu_ms"],
        "by CPU: last page within 10% of first (anonymous)": (
            first["server_cpu_ms"] / last["server_cpu_ms"]
        ),
        "by CPU: last page within 10% of first (logged in)": (
            member["server_cpu_ms"] / member_last["server_cpu_ms"]
        ),
        "worst p99/p50 at 32 connections <= 4 (luntan's pages)": max(
            r["p99_ms_32"] / r["p50_ms_32"] for r in pages if r is not bare
        ),
        # For reading the line above: the same machine's tail for the cheapest possible view.
        "p99/p50 at 32 connections of the bare view": bare["p99_ms_32"] / bare["p50_ms_32"],
    }


def main() -> int:
    args = parse_args()
    for tool in ("wrk",):
        if shutil.which(tool) is None:
            raise SystemExit(f"{tool} is not installed (apt-get install {tool})")
    RESULTS.mkdir(exist_ok=True)
    database = configure(args)
    ensure_database(args, database)
    started = time.monotonic()
    data = prepare(args)
    from django.core.cache import cache

    cache.clear()  # the benchmark's own Redis database: cold page cache, empty view buffer
    forum = forum_facts(args)
    report = {
        "label": args.label,
        "when": time.strftime("%Y-%m-%d %H:%M:%S"),
        "machine": {
            "cpus": os.cpu_count(),
            "python": platform.python_version(),
            "load_average_at_start": os.getloadavg(),
        },
        "dataset": {"threads": args.threads, **data, "hot_thread_posts": forum["hot_thread_posts"]},
        "web_workers": args.workers,
        "connections": args.connections,
        "seconds_per_url": args.duration,
        "background_tasks": "in the request" if args.no_broker else f"celery on {args.broker}",
        "runs": [],
    }
    classes = args.worker_classes.split(",")
    for index, worker_class in enumerate(classes[:1] if args.only else classes):
        print(f"\n== {args.workers} gunicorn {worker_class} workers ==", flush=True)
        server = Server(args, worker_class)
        worker = posting = fan_out = None
        try:
            worker = None if args.no_broker else Worker(args)
            pages, last_over_first = [], {}
            if args.only != "posting":
                pages = run_pages(server, args, forum)
                last_over_first = last_against_first(server, args, forum)
            if index == 0:
                posters = Posters()
                posting = run_posting(server, worker, args, forum, posters)
                print(
                    f"  16 posters: {posting['replies_per_s']:.0f} replies/s, "
                    f"{posting['server_cpu_ms']} ms CPU each, floors gap-free: "
                    f"{posting['floors_unique_and_gap_free']}",
                    flush=True,
                )
                if args.fan_out_seconds:
                    fan_out = run_fan_out(server, worker, args, forum, posters)
                    print_fan_out(fan_out)
            rss = server.worker_rss_mb()
            errors = server.errors_logged() + (worker.errors_logged() if worker else [])
        finally:
            server.stop()
            if worker:
                worker.stop()
        report["runs"].append(
            {
                "worker_class": worker_class,
                "threads_per_worker": args.threads_per_worker if worker_class == "gthread" else 1,
                "pages": pages,
                "posting": posting,
                "fan_out": fan_out,
                "worker_rss_mb": rss,
                "requests_per_worker": sum(r["requests"] for r in pages) // args.workers,
                "server_errors": errors[:20],
                "last_page_over_first_in_turn": last_over_first,
                "targets": check_targets(pages, last_over_first, posting, fan_out, rss),
            }
        )
    if args.compare:
        report["compared_with"] = compare(report, Path(args.compare))
    report["total_seconds"] = round(time.monotonic() - started)
    stamp = time.strftime("%Y%m%d-%H%M%S")
    for name in (f"{args.label}-{stamp}.json", f"latest-{args.label}.json"):
        (RESULTS / name).write_text(json.dumps(report, ensure_ascii=False, indent=2))
    print_table(report)
    return 0


def compare(report: dict, other_path: Path) -> dict:
    """Each page's speed here as a fraction of the same page in another run (bench-large): by
    req/s relative to the bare view measured beside it, and by server CPU per request (1.0 =
    as fast; above 1 faster here)."""
    other = json.loads(other_path.read_text())
    mine = {r["name"]: r for r in report["runs"][0]["pages"]}
    theirs = {r["name"]: r for r in other["runs"][0]["pages"]}
    both = [name for name in mine if name in theirs]
    return {
        "file": str(other_path),
        "dataset": other["dataset"],
        "rps_ratio": {n: round(mine[n]["of_bare"] / theirs[n]["of_bare"], 3) for n in both},
        "cpu_ratio": {
            n: round(theirs[n]["server_cpu_ms"] / mine[n]["server_cpu_ms"], 3)
            for n in both
            if "server_cpu_ms" in theirs[n]
        },
    }


def print_fan_out(fan_out: dict) -> None:
    for name in ("unwatched", "watched"):
        row = fan_out[name]
        label = (
            f"reply, thread {fan_out['watchers']} members watch"
            if name == "watched"
            else "reply, thread nobody watches"
        )
        print(
            f"  {label:36} {row['replies_per_s']:6.0f} replies/s  p50 {row['p50_ms']:6.2f} ms  "
            f"p99 {row['p99_ms']:7.2f} ms  CPU/reply web {row['server_cpu_ms']} ms, "
            f"worker {row['worker_cpu_ms']} ms  HTTP errors {row['http_errors']}",
            flush=True,
        )
    if "notifications_expected" in fan_out:
        print(
            f"  the worker told {fan_out['notifications_delivered']} of "
            f"{fan_out['notifications_expected']} (watchers x replies, and the author), "
            f"{fan_out['seconds_to_deliver_after_the_run']} s after the replies",
            flush=True,
        )


def print_table(report: dict) -> None:
    print(
        f"\nluntan bench — {report['label']}: {report['dataset']['posts']} posts, "
        f"{report['machine']['cpus']} CPUs, {report['web_workers']} web workers, "
        f"{report['connections']} connections, {report['seconds_per_url']} s per URL"
    )
    for run in report["runs"]:
        print(f"\n[{run['worker_class']}]")
        if run["pages"]:
            print(
                f"{'page':44}{'req/s':>7}{'of bare':>9}{'cpu ms':>8}{'p50 ms':>8}{'p99 ms':>8}"
                f"{'p50@32':>8}{'p99@32':>8}"
            )
        for row in run["pages"]:
            print(
                f"{row['name']:44}{row['rps']:7.0f}{row['of_bare']:9.2f}"
                f"{row['server_cpu_ms']:8.2f}{row['p50_ms']:8.2f}"
                f"{row['p99_ms']:8.2f}{row['p50_ms_32']:8.2f}{row['p99_ms_32']:8.2f}"
            )
            if "views_counted" in row:
                print(
                    f"{'':6}views counted {row['views_counted']} for "
                    f"{row['views_answered']} pages answered"
                )
        if run["posting"]:
            p = run["posting"]
            print(
                f"16 concurrent posters: {p['replies_per_s']:.0f} replies/s "
                f"(p50 {p['p50_ms']} ms, p99 {p['p99_ms']} ms; CPU per reply: web "
                f"{p['server_cpu_ms']} ms, worker {p['worker_cpu_ms']} ms); floors unique and "
                f"gap-free: {p['floors_unique_and_gap_free']}; HTTP errors: {p['http_errors']}"
            )
        if run.get("fan_out"):
            print_fan_out(run["fan_out"])
        print(
            f"worker RSS MB: {run['worker_rss_mb']} after ~{run['requests_per_worker']} "
            f"requests each; server errors logged: {len(run['server_errors'])}"
        )
        for name, value in run["targets"].items():
            print(f"  {name:48} {value}")
    if "compared_with" in report:
        compared = report["compared_with"]
        print(f"\nspeed relative to {compared['file']} (by req/s of bare, by CPU/request):")
        for name, ratio in compared["rps_ratio"].items():
            print(f"  {name:46} {ratio:.3f}  {compared['cpu_ratio'].get(name, float('nan')):.3f}")


if __name__ == "__main__":
    sys.exit(main())
