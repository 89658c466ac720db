"""Behind the shipped nginx config (deploy/nginx-luntan.conf), two visitors on two addresses are
two clients: each post records its own visitor's address, and one visitor's failed logins do
not lock the other out. Debian's nginx runs the deploy file itself, with only its host-specific
paths and ports replaced; the visitors connect from 127.0.0.2 and 127.0.0.3."""

import re
import shutil
import socket
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

import pytest
import requests
from django.test import override_settings
from django.urls import reverse
from requests.adapters import HTTPAdapter

from luntan.conftest import PASSWORD, make_thread, make_user
from luntan.settings import base as base_settings
from luntan.threads.models import Post

NGINX = shutil.which("nginx") or "/usr/sbin/nginx"
DEPLOY_CONF = Path(__file__).resolve().parents[4] / "deploy" / "nginx-luntan.conf"
LOGIN = reverse("account_login")

pytestmark = [pytest.mark.nginx, pytest.mark.django_db(transaction=True)]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def nginx_version() -> tuple[int, ...]:
    out = subprocess.run([NGINX, "-v"], capture_output=True, text=True).stderr
    return tuple(int(n) for n in re.search(r"nginx/(\d+)\.(\d+)", out).groups())


def deploy_config(tmp: Path, *, https_port: int, upstream_port: int) -> str:
    """The deploy file with this machine's ports, a throw-away certificate and temporary paths."""
    conf = DEPLOY_CONF.read_text()
    for old, new in [
        ("server 127.0.0.1:8000;", f"server 127.0.0.1:{upstream_port};"),
        ("listen 443 ssl;", f"listen 127.0.0.1:{https_port} ssl;"),
        ("listen 80;", f"listen 127.0.0.1:{free_port()};"),
        ("/etc/letsencrypt/live/forum.example.com/fullchain.pem", str(tmp / "cert.pem")),
        ("/etc/letsencrypt/live/forum.example.com/privkey.pem", str(tmp / "key.pem")),
        ("/var/cache/nginx/luntan", str(tmp / "cache")),
        ("/srv/luntan/var/", f"{tmp}/var/"),
    ]:
        assert old in conf, f"deploy/nginx-luntan.conf no longer has {old!r}: update this test"
        conf = conf.replace(old, new)
    conf = re.sub(r"^\s*listen \[::\]:.*$", "", conf, flags=re.M)
    if nginx_version() < (1, 25):
        conf = conf.replace("http2 on;", "")  # Debian 12's nginx 1.22 predates the directive
    temp_paths = "".join(
        f"{kind}_temp_path {tmp}/{kind};"
        for kind in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi")
    )
    return (
        f"user root; daemon off; pid {tmp}/nginx.pid; error_log {tmp}/error.log;\n"
        f"events {{}}\nhttp {{ access_log off; {temp_paths}\n{conf}\n}}\n"
    )


@pytest.fixture
def nginx(live_server, tmp_path) -> Iterator[tuple[str, Path]]:
    """nginx's address and the certificate it presents."""
    if not Path(NGINX).exists():
        pytest.skip("nginx is not installed (apt-get install nginx-light)")
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1",
         "-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1",
         "-keyout", tmp_path / "key.pem", "-out", tmp_path / "cert.pem"],
        check=True, capture_output=True,
    )  # fmt: skip
    https_port = free_port()
    conf = tmp_path / "nginx.conf"
    conf.write_text(
        deploy_config(tmp_path, https_port=https_port, upstream_port=urlsplit(live_server.url).port)
    )
    process = subprocess.Popen([NGINX, "-c", str(conf), "-p", str(tmp_path)])
    try:
        for _ in range(100):
            try:
                socket.create_connection(("127.0.0.1", https_port), timeout=1).close()
                break
            except OSError:
                assert process.poll() is None, (tmp_path / "error.log").read_text()
                time.sleep(0.05)
        yield f"https://127.0.0.1:{https_port}", tmp_path / "cert.pem"
    finally:
        process.terminate()
        process.wait(10)


class _FromAddress(HTTPAdapter):
    def __init__(self, address: str) -> None:
        self.address = address
        super().__init__()

    def init_poolmanager(self, *args, **kwargs):
        kwargs["source_address"] = (self.address, 0)
        return super().init_poolmanager(*args, **kwargs)


class Visitor:
    """A browser on its own address, talking HTTPS to nginx."""

    def __init__(self, nginx: tuple[str, Path], address: str) -> None:
        self.base, certificate = nginx
        self.session = requests.Session()
        # Only the throw-away certificate; no CA bundle or proxy from the environment.
        self.session.trust_env = False
        self.session.verify = str(certificate)
        self.session.mount("https://", _FromAddress(address))

    def get(self, path: str, **kwargs) -> requests.Response:
        return self.session.get(self.base + path, timeout=10, **kwargs)

    def post(self, path: str, data: dict, **kwargs) -> requests.Response:
        self.get(path)  # the form's CSRF cookie
        data = {"csrfmiddlewaretoken": self.session.cookies["csrftoken"], **data}
        return self.session.post(
            self.base + path, data=data, timeout=10, allow_redirects=False, **kwargs
        )

    def log_in(self, login: str, password: str = PASSWORD) -> requests.Response:
        return self.post(LOGIN, {"login": login, "password": password})


@override_settings(LUNTAN_TRUSTED_PROXIES=["127.0.0.1", "::1"])
def test_each_visitors_post_records_their_own_address(nginx, board):
    alice, bob = make_user("alice"), make_user("bob")
    thread = make_thread(board, alice)
    first, second = Visitor(nginx, "127.0.0.2"), Visitor(nginx, "127.0.0.3")
    assert first.log_in("alice").status_code == 302
    assert second.log_in("bob").status_code == 302
    reply = reverse("thread-reply", args=[thread.pk])

    # The first visitor also claims another address in a header of their own.
    first.post(
        reply, {"body": "甲的回覆", "client_token": "a"}, headers={"X-Forwarded-For": "8.8.8.8"}
    )
    second.post(reply, {"body": "乙的回覆", "client_token": "b"})

    recorded = dict(Post.objects.filter(floor__gt=1).values_list("author_id", "author_ip"))
    assert recorded == {alice.pk: "127.0.0.2", bob.pk: "127.0.0.3"}


@override_settings(
    LUNTAN_TRUSTED_PROXIES=["127.0.0.1", "::1"],
    ACCOUNT_RATE_LIMITS=base_settings.ACCOUNT_RATE_LIMITS,
)
def test_one_visitors_failed_logins_do_not_lock_out_another(nginx, db):
    make_user("bob")
    guesser, member = Visitor(nginx, "127.0.0.2"), Visitor(nginx, "127.0.0.3")
    # Past the per-address limit (10 a minute), with a new name each time so that the
    # per-account limit is not what stops them.
    for n in range(10):
        assert guesser.log_in(f"guess{n}", "wrong").status_code == 200
    assert "登錄失敗次數過多，請 1 分鐘後再試。" in guesser.log_in("guess-last", "wrong").text

    assert member.log_in("bob").status_code == 302
