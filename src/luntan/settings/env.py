"""Typed readers for settings that come from the environment.

A bad value stops start-up with one line naming the variable, instead of a traceback deep
inside a database driver.
"""

import os
from pathlib import Path
from urllib.parse import parse_qsl, unquote, urlsplit

from django.core.exceptions import ImproperlyConfigured


def env_str(name: str, default: str = "") -> str:
    value = os.environ.get(name)
    if value is None:
        file_path = os.environ.get(f"{name}_FILE")
        if file_path:
            return Path(file_path).read_text(encoding="utf-8").strip()
        return default
    return value


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    lowered = value.strip().lower()
    if lowered in {"1", "true", "yes", "on"}:
        return True
    if lowered in {"0", "false", "no", "off"}:
        return False
    raise ImproperlyConfigured(f"{name}={value!r} is not a boolean (use 1/0, true/false, yes/no)")


def env_int(name: str, default: int) -> int:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    try:
        return int(value)
    except ValueError:
        raise ImproperlyConfigured(f"{name}={value!r} is not a whole number") from None


def env_list(name: str, default: list[str]) -> list[str]:
    value = os.environ.get(name)
    if value is None or value.strip() == "":
        return default
    return [item.strip() for item in value.split(",") if item.strip()]


_ENGINES = {
    "sqlite": "django.db.backends.sqlite3",
    "postgres": "django.db.backends.postgresql",
    "postgresql": "django.db.backends.postgresql",
    "mysql": "django.db.backends.mysql",
    "mariadb": "django.db.backends.mysql",
}


def parse_database_url(url: str, *, setting: str = "DATABASE_URL") -> dict:
    """Turn sqlite:///path, postgres://user:pw@host:port/db or mysql://… into a DATABASES entry."""
    parts = urlsplit(url)
    engine = _ENGINES.get(parts.scheme)
    if engine is None:
        raise ImproperlyConfigured(
            f"{setting}={url!r}: unknown scheme {parts.scheme!r} "
            "(use sqlite:///path, postgres://user@host/db or mysql://user@host/db)"
        )
    options = dict(parse_qsl(parts.query))
    if parts.scheme == "sqlite":
        name = unquote(parts.path[1:] if parts.path.startswith("//") else parts.path.lstrip("/"))
        if parts.path.startswith("//"):
            name = "/" + name.lstrip("/")
        if not name:
            raise ImproperlyConfigured(f"{setting}={url!r}: the SQLite file path is missing")
        return {"ENGINE": engine, "NAME": name, "OPTIONS": options}
    database = unquote(parts.path.lstrip("/"))
    if not database or not parts.hostname:
        raise ImproperlyConfigured(f"{setting}={url!r}: both a host and a database name are needed")
    try:
        port = parts.port
    except ValueError:
        raise ImproperlyConfigured(f"{setting}={url!r}: the port is not a number") from None
    return {
        "ENGINE": engine,
        "NAME": database,
        "USER": unquote(parts.username or ""),
        "PASSWORD": unquote(parts.password or ""),
        "HOST": parts.hostname,
        "PORT": str(port or ""),
        "OPTIONS": options,
    }


def check_redis_url(url: str, *, setting: str = "REDIS_URL") -> str:
    parts = urlsplit(url)
    if parts.scheme not in {"redis", "rediss", "unix"} or not (parts.hostname or parts.path):
        raise ImproperlyConfigured(
            f"{setting}={url!r} is not a Redis address (use redis://host:6379/0)"
        )
    try:
        parts.port  # noqa: B018 - raises on a non-numeric port
    except ValueError:
        raise ImproperlyConfigured(f"{setting}={url!r}: the port is not a number") from None
    return url


def apply_statement_timeout(database: dict, seconds: int) -> None:
    """Make the server cancel any statement of this connection that runs past `seconds`: a
    stuck query then fails fast into the 503 page (luntan.core.unavailable) for one reader,
    rather than holding a worker until gunicorn kills it. SQLite has no such limit."""
    if seconds <= 0:
        return
    options = database["OPTIONS"]
    if database["ENGINE"].endswith("postgresql"):
        options["options"] = f"{options.get('options', '')} -c statement_timeout={seconds * 1000}"
    elif database["ENGINE"].endswith("mysql"):
        # One SET statement: init_command runs a single statement.
        command = options.get("init_command")
        limit = f"SESSION max_statement_time={seconds}"
        options["init_command"] = f"{command}, {limit}" if command else f"SET {limit}"
