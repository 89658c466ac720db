#!/usr/bin/env python3
"""Zero-downtime reload of luntan's gunicorn: `deploy/reload.py MASTER_PID`
(luntan.service: `ExecReload=… deploy/reload.py $MAINPID`).

gunicorn's own reload (HUP) starts new workers and stops the old ones at the same moment, so for
the seconds the new ones spend importing Django nothing accepts a connection (about 10 s on a
busy 2-core machine; two reloads in a row froze a site for 23 s). Instead this adds as many new
workers as there are (TTIN: they import the code now on disk, since the master never imported
luntan), waits until every new worker has loaded the application and its URLs (a file named after
its pid in GUNICORN_READY_DIR, written by deploy/gunicorn.conf.py), and only then retires the
old ones (TTOU: gunicorn stops the oldest first, each finishing its request). The listening socket
never closes and always has ready workers behind it.

If the new workers do not become ready within --timeout (broken code), the old ones are left
serving, beside whatever started, and this exits 1: look at `journalctl -u luntan`.
Changes to deploy/gunicorn.conf.py itself need `systemctl restart luntan`.
"""

import argparse
import os
import signal
import sys
import time
from pathlib import Path

# gunicorn's master keeps at most five signals queued; spacing them out loses none.
SIGNAL_SPACING = 0.2


def workers_of(master: int) -> set[int]:
    pids = set()
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:  # a process that just exited
            continue
        if int(fields[1]) == master:
            pids.add(int(stat.parent.name))
    return pids


def send(master: int, sig: signal.Signals, times: int) -> None:
    for _ in range(times):
        os.kill(master, sig)
        time.sleep(SIGNAL_SPACING)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("master", type=int, help="gunicorn master pid ($MAINPID)")
    parser.add_argument("--ready-dir", default=os.environ.get("GUNICORN_READY_DIR"))
    parser.add_argument("--timeout", type=float, default=120)
    args = parser.parse_args()
    if not args.ready_dir:
        parser.error("set GUNICORN_READY_DIR (as luntan.service does) or give --ready-dir")
    ready_dir = Path(args.ready_dir)

    old = workers_of(args.master)
    if not old:
        print(f"reload: no workers under pid {args.master}", file=sys.stderr)
        return 1
    started = time.monotonic()
    send(args.master, signal.SIGTTIN, len(old))
    while True:
        new = workers_of(args.master) - old
        ready = {pid for pid in new if (ready_dir / str(pid)).exists()}
        if len(ready) >= len(old):
            break
        if time.monotonic() - started > args.timeout:
            print(
                f"reload: {len(ready)} of {len(old)} new workers ready after {args.timeout:.0f}s; "
                "old workers left serving",
                file=sys.stderr,
            )
            return 1
        time.sleep(0.1)
    send(args.master, signal.SIGTTOU, len(old))
    print(f"reload: {len(old)} workers replaced in {time.monotonic() - started:.1f}s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
