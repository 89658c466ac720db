"""`make run`'s server: the demo's QQ登录 works end to end against the stand-in QQ互联."""

import html
import os
import re
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
import requests

ROOT = Path(__file__).resolve().parents[4]

pytestmark = pytest.mark.skipif(
    os.environ.get("LUNTAN_TEST_BACKEND", "sqlite") != "sqlite",
    reason="the demo runs on SQLite whatever the pass's database: once is enough",
)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_for(url: str, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            requests.get(url, timeout=2)
            return
        except requests.ConnectionError:
            time.sleep(0.3)
    raise AssertionError(f"{url} never answered")


@pytest.fixture
def demo_server(tmp_path):
    env = {**os.environ, "LUNTAN_VAR_DIR": str(tmp_path)}
    for name in ("DATABASE_URL", "REDIS_URL", "DJANGO_SETTINGS_MODULE", "QQ_APP_ID"):
        env.pop(name, None)
    manage = [sys.executable, str(ROOT / "manage.py")]
    migrated = subprocess.run(
        [*manage, "migrate", "--noinput", "-v", "0"], env=env, capture_output=True, timeout=300
    )
    assert migrated.returncode == 0, migrated.stderr[-2000:]
    port = free_port()
    server = subprocess.Popen(
        [*manage, "run_demo", f"127.0.0.1:{port}", "--qq-port", str(free_port())],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        wait_for(base + "/")
        yield base
    finally:
        os.killpg(server.pid, 2)
        server.wait(timeout=20)


def test_qq_login_in_the_demo_reaches_the_one_step_page(demo_server):
    browser = requests.Session()
    index = browser.get(demo_server + "/", timeout=10).text
    assert "只需一步,快速開始" in index
    qq_link = html.unescape(re.search(r'class="qq-login"><a href="([^"]+)"', index).group(1))

    confirm = browser.get(demo_server + qq_link, timeout=10)
    token = browser.cookies["csrftoken"]
    landed = browser.post(
        confirm.url,
        data={"csrfmiddlewaretoken": token},
        headers={"Referer": confirm.url},
        timeout=10,
    )

    assert landed.status_code == 200
    assert landed.url.startswith(demo_server + "/accounts/3rdparty/signup/")
    assert "只需一步,快速開始" in landed.text
    assert 'value="霍林河小王"' in landed.text
