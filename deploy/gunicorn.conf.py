"""gunicorn settings for luntan: `gunicorn -c deploy/gunicorn.conf.py luntan.wsgi`.

Every value can be overridden from the environment (the systemd unit sets them), so the same file
serves a small VPS and the benchmark. See docs/production.md for how the numbers were chosen.
"""

import multiprocessing
import os
from pathlib import Path

wsgi_app = "luntan.wsgi:application"
pythonpath = os.environ.get("GUNICORN_PYTHONPATH", "src")
bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")

# Processes do the work (one Python interpreter each): 2 per core. `make bench` measures sync
# and gthread side by side; on 2 cores their throughput came out alike and sync had the steadier
# tail (p99/p50 at 32 connections ≤ 1.6 against up to 3.7), and it is the simpler (one request
# per process, memory stays flat). See docs/production.md.
workers = int(os.environ.get("GUNICORN_WORKERS", 2 * multiprocessing.cpu_count()))
worker_class = os.environ.get("GUNICORN_WORKER_CLASS", "sync")
# gunicorn quietly runs a sync worker given more than one thread as gthread.
threads = int(os.environ.get("GUNICORN_THREADS", 2 if worker_class == "gthread" else 1))
keepalive = 5

# A request that takes longer than this is stuck (a lock, a dead upstream): the worker is
# replaced. Posting and pages take milliseconds.
timeout = int(os.environ.get("GUNICORN_TIMEOUT", 30))
graceful_timeout = 20
# Recycle workers now and then (0 = never); the view buffer is flushed when a worker exits.
max_requests = int(os.environ.get("GUNICORN_MAX_REQUESTS", 0))
max_requests_jitter = max_requests // 10

accesslog = os.environ.get("GUNICORN_ACCESS_LOG") or None
errorlog = "-"
loglevel = os.environ.get("GUNICORN_LOG_LEVEL", "info")
# nginx on the same host sets X-Forwarded-For/Proto; trust only it.
forwarded_allow_ips = os.environ.get("GUNICORN_FORWARDED_ALLOW_IPS", "127.0.0.1")

# Zero-downtime code deploys (deploy/reload.py, `systemctl reload luntan`): new workers are
# added beside the old ones and the old ones retired only once every new one has loaded the
# code. Each worker says it is ready by a file named after its pid in this directory.
ready_dir = os.environ.get("GUNICORN_READY_DIR")


def post_worker_init(worker) -> None:
    """Load the URL patterns (and with them every view module) now rather than during the
    worker's first request, then tell deploy/reload.py this worker can take requests."""
    from django.urls import get_resolver

    get_resolver().url_patterns  # noqa: B018  (the property imports the URLconf)
    if ready_dir:
        Path(ready_dir, str(os.getpid())).touch()


def worker_exit(server, worker) -> None:
    if ready_dir:
        Path(ready_dir, str(os.getpid())).unlink(missing_ok=True)
