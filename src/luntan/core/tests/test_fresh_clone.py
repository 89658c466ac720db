import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[4]


def test_migrate_creates_the_sqlite_folder_on_a_fresh_clone(tmp_path):
    """`make run` on a new clone: var/ does not exist yet and must not stop the first migrate."""
    var_dir = tmp_path / "not-yet" / "var"
    env = {
        **os.environ,
        "LUNTAN_VAR_DIR": str(var_dir),
        "DJANGO_SETTINGS_MODULE": "luntan.settings.dev",
    }
    env.pop("DATABASE_URL", None)
    env.pop("REDIS_URL", None)
    result = subprocess.run(
        [sys.executable, str(ROOT / "manage.py"), "migrate", "--noinput", "-v", "0"],
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    assert (var_dir / "luntan.sqlite3").exists()
