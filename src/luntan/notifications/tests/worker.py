"""A real Celery worker process on the real broker (RabbitMQ), for tests of background work.

Each test gets a queue of its own name, so parallel runs and other users of the broker never
see its tasks; the queue is deleted afterwards (only that one). The worker uses the test's own
database and cache namespace.
"""

import os
import socket
import subprocess
import sys
import time
import uuid
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from django.conf import settings
from django.db import connection

from luntan.celery import app
from luntan.conftest import server_database_only

BROKER_URL = os.environ.get("TEST_AMQP_URL", "amqp://guest:guest@127.0.0.1:5672//")
SRC = Path(__file__).resolve().parents[3]


# What a test module that runs a worker declares: its marker, a server database (a worker
# process cannot share SQLite's test database), and real transactions the worker can see.
WORKER_TEST_MARKS = [
    *server_database_only(
        pytest.mark.worker,
        reason="a worker process needs a server database (runs on PostgreSQL and MariaDB)",
    ),
    pytest.mark.django_db(transaction=True),
]


def broker_reachable() -> bool:
    parts = urlsplit(BROKER_URL)
    try:
        with socket.create_connection((parts.hostname, parts.port or 5672), timeout=2):
            return True
    except OSError:
        return False


def require_broker() -> None:
    if broker_reachable():
        return
    message = f"no broker at {BROKER_URL}"
    if os.environ.get("LUNTAN_REQUIRE_SERVICES", "") not in ("", "0", "false", "no"):
        pytest.fail(message)
    pytest.skip(message)


def _worker_env(queue: str, extra: dict[str, str]) -> dict[str, str]:
    database_url = urlsplit(os.environ["DATABASE_URL"])
    env = dict(os.environ)
    env.update(
        DJANGO_SETTINGS_MODULE="luntan.settings.base",
        PYTHONPATH=str(SRC),
        DATABASE_URL=database_url._replace(path="/" + connection.settings_dict["NAME"]).geturl(),
        CELERY_BROKER_URL=BROKER_URL,
        CELERY_QUEUE=queue,
        LUNTAN_MAIL_RETRY_SECONDS="1",
        LOG_LEVEL="INFO",
    )
    if "KEY_PREFIX" in settings.CACHES["default"]:
        env["CACHE_KEY_PREFIX"] = settings.CACHES["default"]["KEY_PREFIX"]
    env.update(extra)
    return env


@contextmanager
def running_worker(tmp_path: Path, **extra_env: str):
    """Start a worker, point this process's tasks at its queue; yields the worker's log file."""
    require_broker()
    queue = f"luntan-test-{uuid.uuid4().hex[:12]}"
    log_path = tmp_path / "worker.log"
    command = [sys.executable, "-m", "celery", "-A", "luntan", "worker", "-Q", queue]
    command += ["--pool", "solo", "--without-gossip", "--without-mingle", "-l", "INFO"]
    with open(log_path, "w") as log:
        worker = subprocess.Popen(
            command, env=_worker_env(queue, extra_env), stdout=log, stderr=subprocess.STDOUT
        )
    try:
        with using_broker(BROKER_URL, task_default_queue=queue):
            wait_for(lambda: " ready." in log_path.read_text(), what="the worker", log=log_path)
            yield log_path
    finally:
        worker.terminate()
        worker.wait(timeout=30)
        with app.connection_for_write(BROKER_URL) as broker:
            broker.default_channel.queue_delete(queue)


@contextmanager
def using_broker(url: str, **conf):
    """Tasks queued by this process go to the broker at `url` instead of running in-process."""
    names = ("broker_url", "task_always_eager", *conf)
    saved = {name: app.conf[name] for name in names}
    # Celery's producer pool stays bound to the broker it first met (the default, localhost,
    # even when nothing was ever sent): dropped on each change as Celery itself does after a
    # fork (no public call does it). kombu keeps one connection pool per URL, open for reuse.
    app.conf.update(broker_url=url, task_always_eager=False, **conf)
    app._after_fork()
    try:
        yield
    finally:
        app.conf.update(saved)
        app._after_fork()


def wait_for(condition, *, what: str, log: Path, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"gave up waiting for {what}; worker log:\n{log.read_text()}")
        time.sleep(0.2)
