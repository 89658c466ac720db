#!/usr/bin/env python3
"""`make bench-reload`: two reloads in a row under load, with gunicorn's own HUP and with
deploy/reload.py, reporting the longest time no request was answered and every failed request.

Serves the benchmark database (bench/run.py's set-up, a small dataset) with production settings
and 4 sync workers; 8 clients request the index and a thread page without pause, each on a new
connection as nginx does. Prints one line per method and writes bench/results/reload.json.
"""

import argparse
import http.client
import itertools
import json
import os
import signal
import subprocess
import sys
import tempfile
import threading
import time

import run

CLIENTS = 8
PATHS = ("/", "/thread/1/")


class Load:
    """CLIENTS threads requesting PATHS in turn; records when each answer arrived."""

    def __init__(self, port: int) -> None:
        self.port = port
        self.done: list[float] = []
        self.failures: list[str] = []
        self.slowest = 0.0
        self._lock = threading.Lock()
        self._stop = threading.Event()
        self._threads = [threading.Thread(target=self._client, args=(n,)) for n in range(CLIENTS)]

    def _client(self, n: int) -> None:
        turn = n
        while not self._stop.is_set():
            path = PATHS[turn % len(PATHS)]
            turn += 1
            started = time.monotonic()
            try:
                conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)
                conn.request("GET", path, headers={"Host": "127.0.0.1"})
                status = conn.getresponse().status
                conn.close()
                ok = status == 200
                failure = f"{path}: HTTP {status}"
            except OSError as error:
                ok, failure = False, f"{path}: {error!r}"
            finished = time.monotonic()
            with self._lock:
                if ok:
                    self.done.append(finished)
                    self.slowest = max(self.slowest, finished - started)
                else:
                    self.failures.append(failure)

    def __enter__(self) -> "Load":
        for thread in self._threads:
            thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self._stop.set()
        for thread in self._threads:
            thread.join()

    def longest_gap(self, since: float) -> float:
        """The longest time, after `since`, between two answered requests."""
        times = sorted(t for t in self.done if t >= since)
        return max((b - a for a, b in itertools.pairwise(times)), default=0.0)


def reload_twice(server: run.Server, method: str, ready_dir: str, workers: int) -> dict:
    master = server.process.pid
    with Load(int(server.url.rsplit(":", 1)[1])) as load:
        time.sleep(3)
        started = time.monotonic()
        for _ in range(2):
            if method == "HUP":
                os.kill(master, signal.SIGHUP)
                time.sleep(1)  # then wait until gunicorn has its workers back
                while len(server.worker_pids()) != workers:
                    time.sleep(0.2)
            else:
                subprocess.run(
                    [sys.executable, str(run.ROOT / "deploy/reload.py"), str(master)],
                    env={**os.environ, "GUNICORN_READY_DIR": ready_dir},
                    check=True,
                    stdout=subprocess.DEVNULL,
                )
        reloading = time.monotonic() - started
        time.sleep(3)
    return {
        "method": method,
        "reloads": 2,
        "seconds_reloading": round(reloading, 1),
        "answered": len(load.done),
        "failed": len(load.failures),
        "failures": load.failures[:10],
        "longest_gap_s": round(load.longest_gap(started - 0.5), 2),
        "slowest_request_s": round(load.slowest, 2),
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--threads", type=int, default=60, help="dataset size (its own database)")
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--port", type=int, default=8812)
    parser.add_argument("--pg", default="postgres://postgres@127.0.0.1:5432")
    parser.add_argument("--redis", default="redis://127.0.0.1:6379/3")
    parser.add_argument(
        "--dataset-script", default=str(run.ROOT.parent / "shared/dataset/dataset.py")
    )
    args = parser.parse_args()
    args.label, args.reload, args.threads_per_worker = "reload", False, 1
    database = run.configure(args)
    run.ensure_database(args, database)
    run.prepare(args)
    run.RESULTS.mkdir(exist_ok=True)
    results = []
    with tempfile.TemporaryDirectory() as ready_dir:
        os.environ["GUNICORN_READY_DIR"] = ready_dir
        for method in ("HUP", "deploy/reload.py"):
            server = run.Server(args, "sync")
            try:
                results.append(reload_twice(server, method, ready_dir, args.workers))
            finally:
                server.stop()
    load = os.getloadavg()[0]
    print(
        f"\nTwo reloads in a row under load ({CLIENTS} clients, {args.workers} sync workers, "
        f"{os.cpu_count()} cores shared with other work, load average {load:.1f}):"
    )
    print(f"{'method':<18} {'answered':>9} {'failed':>7} {'longest gap s':>14} {'slowest s':>10}")
    for r in results:
        print(
            f"{r['method']:<18} {r['answered']:>9} {r['failed']:>7} {r['longest_gap_s']:>14} "
            f"{r['slowest_request_s']:>10}"
        )
    (run.RESULTS / "reload.json").write_text(json.dumps(results, indent=2, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(main())
