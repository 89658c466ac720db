"""SEARCH_DATABASE_URL points searches at a read replica; without it they read DATABASE_URL."""

import json
import os
import subprocess
import sys
from pathlib import Path

PROJECT = Path(__file__).resolve().parents[4]

PRINT_SETTINGS = (
    "import json, django; django.setup(); from django.conf import settings; "
    "db = settings.DATABASES.get('search', {}); "
    "print(json.dumps([settings.LUNTAN_SEARCH_DATABASE, db.get('HOST'), db.get('NAME'), "
    "db.get('OPTIONS', {}).get('prepare_threshold')]))"
)


def search_settings(**env) -> list:
    clean = {k: v for k, v in os.environ.items() if not k.endswith("DATABASE_URL")}
    clean.update(env, DJANGO_SETTINGS_MODULE="luntan.settings.dev", PYTHONPATH=str(PROJECT / "src"))
    result = subprocess.run(
        [sys.executable, "-c", PRINT_SETTINGS],
        env=clean,
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    return json.loads(result.stdout)


def test_searches_read_the_replica_named_by_search_database_url():
    assert search_settings(
        DATABASE_URL="postgres://luntan@10.0.0.1:5432/luntan",
        SEARCH_DATABASE_URL="postgres://luntan@10.0.0.2:5432/luntan",
    ) == ["search", "10.0.0.2", "luntan", 2]


def test_without_a_replica_searches_read_the_main_database():
    assert search_settings(DATABASE_URL="postgres://luntan@10.0.0.1:5432/luntan")[0] == "default"
