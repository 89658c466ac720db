#!/usr/bin/env python3
"""Search speed on the benchmark dataset: index build rate, query latency, posting cost.

    .venv/bin/python bench/search.py --backend postgres --threads 150000 --workers 4
    .venv/bin/python bench/search.py --backend mariadb  --threads 150000 --workers 4
    .venv/bin/python bench/search.py --backend sqlite   --threads 150000 --workers 4

(--threads 150000 is the million-post set, 902,087 posts: loading and indexing it takes 15–20
minutes on PostgreSQL or MariaDB and about 45 on SQLite, once; --threads 20000 is 122,000.)

1. Loads ../shared/dataset/dataset.py's forum into a database of its own (once per size:
   luntan_bench_search_<threads> on the server, var/bench-search-<threads>.sqlite3 for SQLite).
2. Builds the index with `rebuild_search_index` and prints posts/s (--reindex to do it again).
3. Runs QUERIES (1-, 2- and 4-character words, place names, two-word queries, a phone number,
   an author) as a guest, through the search page's own query (luntan.search.querysets), in
   --workers processes at once, --rounds times each; prints p50/p99 per query and overall.
4. Posts --replies replies through reply_to_thread with the index kept current (queued in the
   reply's transaction, flushed in batches each second), then as many with it left out, and
   prints both rates (--posting-only: this step alone).
5. Prints the analyser's time per post and the resident memory the segmenter adds to a worker.

Figures are for the machine it runs on: say how many cores it has and who else was using them.
"""

import argparse
import multiprocessing
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent

QUERIES = [
    ("fulltext", "市"),
    ("fulltext", "旗"),
    ("fulltext", "發展"),
    ("fulltext", "调研"),
    ("fulltext", "經濟"),
    ("fulltext", "领导"),
    ("fulltext", "霍林郭勒"),
    ("fulltext", "扎鲁特旗"),
    ("fulltext", "通遼市"),
    ("fulltext", "霍扎一體化"),
    ("fulltext", "發展 思路"),
    ("fulltext", "霍林郭勒 扎魯特旗"),
    ("fulltext", "郝茂榮 調研"),
    ("fulltext", "13812345678"),
    ("fulltext", "停水"),
    ("title", "調研"),
    ("title", "霍林郭勒"),
    ("title", "通遼 發展"),
    ("author", "user0042"),
    ("author", "user0007"),
]


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--backend", choices=["sqlite", "postgres", "mariadb"], default="sqlite")
    parser.add_argument("--threads", type=int, default=2000, help="dataset.py --threads")
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--replies", type=int, default=300)
    parser.add_argument("--order", choices=["relevance", "time"], default="relevance")
    parser.add_argument("--reindex", action="store_true")
    parser.add_argument("--posting-only", action="store_true", help="skip the query timings")
    return parser.parse_args()


def database_url(args: argparse.Namespace) -> str:
    name = f"luntan_bench_search_{args.threads}"
    if args.backend == "postgres":
        import psycopg

        with psycopg.connect("postgresql://postgres@127.0.0.1:5432/postgres", autocommit=True) as c:
            if not c.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
                c.execute(f'CREATE DATABASE "{name}"')
        return f"postgres://postgres@127.0.0.1:5432/{name}"
    if args.backend == "mariadb":
        import MySQLdb

        connection = MySQLdb.connect(host="127.0.0.1", user="root")
        connection.cursor().execute(f"CREATE DATABASE IF NOT EXISTS `{name}` CHARACTER SET utf8mb4")
        connection.close()
        return f"mysql://root@127.0.0.1:3306/{name}"
    (ROOT / "var").mkdir(exist_ok=True)
    return f"sqlite:///{ROOT / 'var' / f'bench-search-{args.threads}.sqlite3'}"


def manage(*argv: str) -> None:
    subprocess.run([sys.executable, str(ROOT / "manage.py"), *argv], check=True)


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def run_queries(job: tuple[int, int, str]) -> list[tuple[int, float]]:
    """One worker: every query `rounds` times; (query index, seconds) for each."""
    _worker, rounds, order = job
    import django
    from django.db import connection

    django.setup()
    from luntan.permissions.policy import for_guest
    from luntan.search.forms import SearchForm
    from luntan.search.querysets import result_page

    connection.close()
    perms = for_guest()
    timings = []
    # One untimed round first, as a web worker that has searched before: the first search
    # of a process loads the segmenter's dictionary (0.3 s).
    for round_number in range(rounds + 1):
        for index, (mode, text) in enumerate(QUERIES):
            started = time.perf_counter()
            form = SearchForm({"q": text, "mode": mode, "order": order}, perms=perms)
            if form.searching:
                result_page(form.search_request(), perms, 1)
            if round_number:
                timings.append((index, time.perf_counter() - started))
    return timings


def bench_posting(replies: int, rounds: int = 4) -> tuple[float, float]:
    """Replies per second with the index kept up to date as in production (a queue row in each
    reply's transaction, flushed in batches by this process's flusher thread every
    LUNTAN_SEARCH_FLUSH_SECONDS) and with no index at all, in alternating rounds (the machine's
    load drifts more in a minute than the difference being measured). A round with the index
    ends by flushing what is still queued, so its time holds every entry it caused."""
    from django.conf import settings

    from luntan.accounts.models import User
    from luntan.boards.models import Board
    from luntan.posting import services
    from luntan.search.services import flush_pending

    settings.LUNTAN_SEARCH_FLUSH_SECONDS = 1
    author = User.objects.order_by("pk").first()
    board = Board.objects.order_by("pk").first()
    real_hook = services.queue_reindex
    seconds = {True: 0.0, False: 0.0}
    thread = services.start_thread(board=board, author=author, title="基準測試", body="開始")
    try:
        for n in range(rounds * 2):
            indexed = n % 2 == 0
            services.queue_reindex = real_hook if indexed else (lambda **kw: None)
            started = time.perf_counter()
            for m in range(replies // rounds):
                services.reply_to_thread(
                    thread=thread,
                    author=author,
                    body=f"第{n}-{m}樓：霍林郭勒停水通知，電話 0475-{m:07d}",
                )
            if indexed:
                flush_pending()
            seconds[indexed] += time.perf_counter() - started
    finally:
        services.queue_reindex = real_hook
    done = replies // rounds * rounds
    return done / seconds[True], done / seconds[False]


def analyser_ms_per_post(sample: int = 3000) -> float:
    """The analyser's Python time per post (plain text of the rendered HTML, title for first
    posts), over the newest `sample` posts, after a first pass warms the caches."""
    from luntan.search.services import _entry
    from luntan.threads.models import Post

    rows = list(
        Post.objects.order_by("-pk").values_list(
            "pk", "thread_id", "floor", "html", "thread__title"
        )[:sample]
    )

    def run() -> float:
        started = time.perf_counter()
        for pk, thread_id, floor, html, title in rows:
            _entry(
                post_id=pk, thread_id=thread_id, floor=floor, post_html=html, title=title, words=()
            )
        return (time.perf_counter() - started) * 1000 / len(rows)

    run()
    return run()


def segmenter_rss_mb() -> tuple[float, float]:
    """A fresh interpreter's resident memory before and after the analyser's first use (VmRSS:
    ru_maxrss would carry the parent's peak over the exec)."""
    code = (
        "import re\n"
        "rss = lambda: int(re.search(r'VmRSS:\\s+(\\d+)', open('/proc/self/status').read())[1])\n"
        "import django; before = rss()\n"
        "from luntan.search.analysis import index_tokens; index_tokens('霍林郭勒市停水通知')\n"
        "print(before / 1024, rss() / 1024)"
    )
    out = subprocess.run(
        [sys.executable, "-c", code],
        check=True,
        capture_output=True,
        text=True,
        env={**os.environ, "PYTHONPATH": str(ROOT / "src")},
    ).stdout.split()
    return float(out[0]), float(out[1])


def print_query_timings(args: argparse.Namespace) -> None:
    with multiprocessing.get_context("fork").Pool(args.workers) as pool:
        jobs = [(n, args.rounds, args.order) for n in range(args.workers)]
        timings = [t for part in pool.map(run_queries, jobs) for t in part]
    print(f"\n{len(timings)} searches, {args.workers} workers, order={args.order}")
    print(f"{'query':<24}{'p50 ms':>10}{'p99 ms':>10}")
    for index, (mode, text) in enumerate(QUERIES):
        mine = [s * 1000 for i, s in timings if i == index]
        label = f"{mode}:{text}"
        print(f"{label:<24}{statistics.median(mine):>10.1f}{percentile(mine, 0.99):>10.1f}")
    every = [s * 1000 for _i, s in timings]
    print(f"{'all':<24}{statistics.median(every):>10.1f}{percentile(every, 0.99):>10.1f}")


def main() -> None:
    args = parse_args()
    os.environ["DATABASE_URL"] = database_url(args)
    os.environ.pop("REDIS_URL", None)
    os.environ["DJANGO_SETTINGS_MODULE"] = "luntan.settings.test"
    sys.path.insert(0, str(ROOT / "src"))
    import django

    django.setup()
    from django.db import connection

    from luntan.search.models import SearchEntry
    from luntan.threads.models import Post

    print(f"backend {args.backend}, {os.cpu_count()} CPUs (shared: say with whom)")
    manage("migrate", "--noinput", "-v", "0")
    if not Post.objects.exists():
        started = time.perf_counter()
        manage("load_dataset", "--threads", str(args.threads), "-v", "0")
        print(f"dataset loaded in {time.perf_counter() - started:.0f} s")
    posts = Post.objects.count()
    print(f"posts: {posts}")
    if args.reindex or not SearchEntry.objects.exists():
        started = time.perf_counter()
        manage("rebuild_search_index", "-v", "0")
        elapsed = time.perf_counter() - started
        print(f"index build: {posts} posts in {elapsed:.1f} s = {posts / elapsed:.0f} posts/s")
    connection.close()

    if not args.posting_only:
        print_query_timings(args)
    with_index, without = bench_posting(args.replies)
    print(
        f"\nreplies/s with indexing {with_index:.1f}, without {without:.1f} "
        f"({(1 - with_index / without) * 100:+.1f}% slower with it)"
    )
    print(f"analyser: {analyser_ms_per_post():.2f} ms per post")
    before, after = segmenter_rss_mb()
    print(f"RSS {before:.0f} MB before the analyser's first use, {after:.0f} MB after")


if __name__ == "__main__":
    main()
