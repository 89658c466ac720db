"""A bad DATABASE_URL or REDIS_URL stops luntan at start-up with one line naming the variable."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

PROJECT = Path(__file__).resolve().parents[4]


@pytest.mark.parametrize(
    ("variable", "value"),
    [
        ("DATABASE_URL", "postgres://luntan@/"),
        ("DATABASE_URL", "oracle://db.example/luntan"),
        ("DATABASE_URL", "mysql://root@127.0.0.1:port/luntan"),
        ("REDIS_URL", "http://127.0.0.1:6379"),
        ("REDIS_URL", "redis://127.0.0.1:notaport/0"),
    ],
)
def test_manage_py_check_with_a_bad_url_prints_one_line_and_fails(variable, value):
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "REDIS_URL")}
    env.pop("DJANGO_SETTINGS_MODULE", None)
    env[variable] = value
    result = subprocess.run(
        [sys.executable, "manage.py", "check"],
        cwd=PROJECT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode != 0
    assert result.stdout == ""
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith(f"luntan: {variable}=") and "Traceback" not in result.stderr
