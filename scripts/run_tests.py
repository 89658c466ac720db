#!/usr/bin/env python3
"""`make test`: the whole suite on SQLite, then on PostgreSQL + Redis and on MariaDB + Redis.

Backends that cannot be reached are named and skipped, so a newcomer's machine still runs the
SQLite pass; with LUNTAN_REQUIRE_SERVICES=1 (set by .ci/run) an unreachable backend or a missing
Chromium is a failure instead. Extra arguments go to pytest, e.g. `make test ARGS="-k floor"`.
Set LUNTAN_BACKENDS=sqlite,postgres to choose passes. Browser tests run in the first pass only.
"""

import os
import re
import shutil
import socket
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
REQUIRE = os.environ.get("LUNTAN_REQUIRE_SERVICES", "") not in ("", "0", "false", "no")
PG_URL = os.environ.get("TEST_POSTGRES_URL", "postgres://postgres@127.0.0.1:5432/luntan")
MARIADB_URL = os.environ.get("TEST_MARIADB_URL", "mysql://root@127.0.0.1:3306/luntan")
REDIS_URL = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/0")
CHROMIUM = os.environ.get("LUNTAN_CHROMIUM", "/usr/bin/chromium")
AXE = Path(os.environ.get("LUNTAN_AXE", ROOT / "var" / "node_modules" / "axe-core" / "axe.min.js"))


def reachable(host: str, port: int) -> bool:
    try:
        with socket.create_connection((host, port), timeout=2):
            return True
    except OSError:
        return False


def missing_for(backend: str) -> list[str]:
    problems = []
    if backend == "postgres" and not reachable("127.0.0.1", 5432):
        problems.append("PostgreSQL at 127.0.0.1:5432 is not reachable")
    if backend == "mariadb":
        if not reachable("127.0.0.1", 3306):
            problems.append("MariaDB at 127.0.0.1:3306 is not reachable")
        try:
            import MySQLdb  # noqa: F401
        except ImportError:
            problems.append("mysqlclient is not installed (needs libmariadb-dev and pkg-config)")
    if backend in ("postgres", "mariadb") and not reachable("127.0.0.1", 6379):
        problems.append("Redis at 127.0.0.1:6379 is not reachable")
    return problems


PASSES = {
    "sqlite": {},
    "postgres": {"DATABASE_URL": PG_URL, "REDIS_URL": REDIS_URL},
    "mariadb": {"DATABASE_URL": MARIADB_URL, "REDIS_URL": REDIS_URL},
}
SUMMARY = re.compile(r"(\d+) (passed|failed|skipped|errors?|deselected)")


def main() -> int:
    chosen = os.environ.get("LUNTAN_BACKENDS", ",".join(PASSES)).split(",")
    extra = sys.argv[1:]
    problems: list[str] = []
    deselected = []
    if not (Path(CHROMIUM).exists() or shutil.which("chromium")):
        problems.append(f"Chromium is not installed at {CHROMIUM} (apt-get install chromium)")
        deselected.append("browser")
    if not (Path("/usr/sbin/nginx").exists() or shutil.which("nginx")):
        problems.append("nginx is not installed (apt-get install nginx-light)")
        deselected.append("nginx")
    if REQUIRE:
        deselected = []
    if not AXE.exists():
        problems.append(
            f"axe-core is not installed at {AXE} (npm install --prefix var axe-core): "
            "the accessibility tests are skipped"
        )
    runnable = []
    for backend in chosen:
        found = missing_for(backend)
        problems += [f"{backend}: {p}" for p in found]
        if not found:
            runnable.append(backend)
    if problems:
        print("\nmake test could not reach:", *problems, sep="\n  - ")
        if REQUIRE:
            print("LUNTAN_REQUIRE_SERVICES is set: this is a failure.")
            return 1
        print("Those passes/tests are skipped; the rest runs.\n")
    totals = {"passed": 0, "failed": 0, "skipped": 0, "errors": 0}
    failed_passes = []
    for backend in runnable:
        print(f"\n===== luntan tests on {backend} =====", flush=True)
        # The browser drives pages, whose behaviour does not depend on the database: its tests
        # run in the first pass only, which keeps the whole run short.
        markers = deselected + (["browser"] if backend != runnable[0] else [])
        selection = ["-m", " and ".join(f"not {m}" for m in markers)] if markers else []
        env = {**os.environ, "LUNTAN_TEST_BACKEND": backend, **PASSES[backend]}
        env.pop("DJANGO_SETTINGS_MODULE", None)
        if backend == "sqlite":
            env.pop("DATABASE_URL", None)
            env.pop("REDIS_URL", None)
        proc = subprocess.run(
            [sys.executable, "-m", "pytest", "-q", "-rfEs", *selection, *extra],
            cwd=ROOT,
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
        )
        sys.stdout.write(proc.stdout)
        last = [line for line in proc.stdout.splitlines() if SUMMARY.search(line)]
        for count, word in SUMMARY.findall(last[-1] if last else ""):
            key = "errors" if word.startswith("error") else word
            if key in totals:
                totals[key] += int(count)
        if proc.returncode != 0:
            failed_passes.append(backend)
    print(f"\nbackends run: {', '.join(runnable) or 'none'}")
    if failed_passes:
        print(f"failing on: {', '.join(failed_passes)}")
    print(
        f"total: {totals['passed']} passed, {totals['failed'] + totals['errors']} failed, "
        f"{totals['skipped']} skipped"
    )
    return 1 if failed_passes or not runnable else 0


if __name__ == "__main__":
    sys.exit(main())
