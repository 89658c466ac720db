#!/usr/bin/env python3
"""`make bench`: luntan on PostgreSQL + Redis behind 4 gunicorn workers, measured with wrk.

1. Makes sure the benchmark database exists and holds ../shared/dataset/dataset.py's forum
   (`manage.py load_dataset`, bulk); one database per dataset size, reused between runs.
2. Serves it with production settings (bench/bench_settings.py adds the bare /bench/hello/ view)
   through deploy/gunicorn.conf.py, for each worker class asked for.
3. For each page: 2 s of warm-up, then 10 s with 16 connections and 10 s with 32, recording
   requests/s, p50 and p99; then 16 members replying to one thread at once; then checks the
   floors, the view counts and the workers' memory.
4. Prints the table and writes it as JSON to bench/results/.

Not part of `make test`: it needs PostgreSQL at 127.0.0.1:5432, Redis at 127.0.0.1:6379 and wrk.
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
from pathlib import Path
from urllib.parse import quote

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
RESULTS = HERE / "results"
POSTERS = 16


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
    parser.add_argument("--redis", default="redis://127.0.0.1:6379/3")
    return parser.parse_args()


# --- the environment: production settings, the benchmark's own database and Redis DB ------------


def configure(args: argparse.Namespace) -> str:
    database = f"luntan_bench_{args.threads}"
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
        out = subprocess.run(
            ["ps", "--ppid", str(self.process.pid), "-o", "pid="],
            capture_output=True,
            text=True,
            check=False,
        ).stdout
        return [int(pid) for pid in out.split()]

    def worker_rss_mb(self) -> list[float]:
        rss = []
        for pid in self.worker_pids():
            status = Path(f"/proc/{pid}/status").read_text()
            kb = next(line.split()[1] for line in status.splitlines() if line.startswith("VmRSS"))
            rss.append(round(int(kb) / 1024, 1))
        return sorted(rss)

    def cpu_seconds(self) -> float:
        """CPU time used so far by the web workers and the database backends serving them:
        unlike req/s, CPU per request does not move when other programs share the machine."""
        from django.db import connection

        with connection.cursor() as cursor:
            cursor.execute(
                # Client backends only: autovacuum after a fresh load is not the pages' cost.
                "SELECT pid FROM pg_stat_activity WHERE datname = current_database() "
                "AND backend_type = 'client backend' AND pid <> pg_backend_pid()"
            )
            pids = [row[0] for row in cursor.fetchall()] + self.worker_pids()
        ticks = 0
        for pid in pids:
            try:
                fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
            except OSError:  # a backend that just closed
                continue
            ticks += int(fields[11]) + int(fields[12])  # utime + stime
        return ticks / os.sysconf("SC_CLK_TCK")

    def errors_logged(self) -> list[str]:
        text = self.log_path.read_text(errors="replace")
        return [
            line for line in text.splitlines() if "Traceback" in line or "deadlock" in line.lower()
        ]

    def stop(self) -> None:
        self.process.terminate()
        self.process.wait(timeout=30)
        self.log.close()


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


def run_posting(server: Server, args, forum: dict) -> dict:
    """16 members reply to one fresh thread at once; afterwards its floors must be 1..N."""
    from django.db.models import Count, Max, Min
    from django.utils.crypto import get_random_string

    from luntan.accounts.models import User
    from luntan.boards.models import Board
    from luntan.posting.services import start_thread
    from luntan.threads.models import Thread

    members = list(User.objects.filter(username__startswith="user").order_by("pk")[:POSTERS])
    board = Board.objects.get(pk=forum["board"])
    thread = start_thread(board=board, author=members[0], title="併發回覆測試", body="一樓")
    posters = []
    for user in members:
        csrf = get_random_string(32)  # a CSRF secret as Django makes them (letters, digits)
        posters.append(f'{{session="{member_session(user)}", csrf="{csrf}"}}')
    body = quote("併發回覆：樓層必須唯一且連續 😀")
    script = RESULTS / "post-run.lua"
    script.write_text(
        f'POSTERS = {{{", ".join(posters)}}}\nPATH = "/thread/{thread.pk}/reply/"\n'
        f'BODY = "{body}"\n{(HERE / "post.lua").read_text()}\n{(HERE / "report.lua").read_text()}'
    )
    url = f"{server.url}/thread/{thread.pk}/reply/"
    warm = wrk(url, connections=POSTERS, seconds=args.warmup, script=script)
    before = thread.posts.count()
    run = wrk(url, connections=POSTERS, seconds=args.duration, script=script)
    written = thread.posts.count() - before
    time.sleep(1)  # replies in flight when wrk stopped land before the counts are compared
    posts = thread.posts.aggregate(n=Count("pk"), low=Min("floor"), high=Max("floor"))
    thread = Thread.objects.get(pk=thread.pk)
    floors = list(thread.posts.order_by("floor").values_list("floor", flat=True))
    return {
        "posters": POSTERS,
        # Posts written, not responses: a refused reply must not count.
        "replies_per_s": round(written / (run["duration_us"] / 1e6), 1),
        "p50_ms": round(run["p50_us"] / 1000, 2),
        "p99_ms": round(run["p99_us"] / 1000, 2),
        "replies_answered": warm["requests"] + run["requests"],
        "posts_in_thread": posts["n"],
        "floors_unique_and_gap_free": floors == list(range(1, len(floors) + 1)),
        "last_floor_matches": thread.last_floor == posts["high"] == posts["n"],
        "reply_count_matches": thread.reply_count == posts["n"] - 1,
        "http_errors": sum(run["errors"].values()) + sum(warm["errors"].values()),
    }


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
    pages: list[dict], last_over_first: dict, posting: dict | None, rss: list[float]
) -> dict:
    """Each target as a number; ratios use the bare view measured right before each page."""
    by_name = {row["name"]: row for row in pages}
    first = by_name["thread, first page (anonymous, cached)"]
    last = by_name["thread, last page (anonymous, cached)"]
    member = by_name["thread, first page (logged in)"]
    member_last = by_name["thread, last page (logged in)"]
    bare = by_name["bare Django view (reference)"]
    bare_cpu = bare["server_cpu_ms"]
    targets = {
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
        "largest worker RSS MB < 150": max(rss) if rss else 0,
    }
    if posting:
        targets["replies/s with 16 posters >= 200"] = posting["replies_per_s"]
    return {name: round(value, 3) for name, value in targets.items()}


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
        "runs": [],
    }
    for index, worker_class in enumerate(args.worker_classes.split(",")):
        print(f"\n== {args.workers} gunicorn {worker_class} workers ==", flush=True)
        server = Server(args, worker_class)
        try:
            pages = run_pages(server, args, forum)
            last_over_first = last_against_first(server, args, forum)
            posting = run_posting(server, args, forum) if index == 0 else None
            if posting:
                print(
                    f"  16 posters: {posting['replies_per_s']:.0f} replies/s, floors gap-free: "
                    f"{posting['floors_unique_and_gap_free']}",
                    flush=True,
                )
            rss = server.worker_rss_mb()
            errors = server.errors_logged()
        finally:
            server.stop()
        report["runs"].append(
            {
                "worker_class": worker_class,
                "threads_per_worker": args.threads_per_worker if worker_class == "gthread" else 1,
                "pages": pages,
                "posting": posting,
                "worker_rss_mb": rss,
                "requests_per_worker": sum(r["requests"] for r in pages) // args.workers,
                "server_errors": errors[:20],
                "last_page_over_first_in_turn": last_over_first,
                "targets": check_targets(pages, last_over_first, posting, rss),
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


def print_table(report: dict) -> None:
    print(
        f"\nluntan bench — {report['label']}: {report['dataset']['posts']} posts, "
        f"{report['machine']['cpus']} CPUs, {report['web_workers']} web workers, "
        f"{report['connections']} connections, {report['seconds_per_url']} s per URL"
    )
    for run in report["runs"]:
        print(f"\n[{run['worker_class']}]")
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
                f"(p50 {p['p50_ms']} ms, p99 {p['p99_ms']} ms); floors unique and gap-free: "
                f"{p['floors_unique_and_gap_free']}; HTTP errors: {p['http_errors']}"
            )
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
