"""A stand-in for QQ互联 (graph.qq.com) on 127.0.0.1, for the tests and the demo (`make run`).

It speaks the four endpoints a website login uses, in QQ's documented formats:

- /oauth2.0/authorize  sends the browser straight back with `code` and `state` (the QQ user in
  `standin.user` has "logged in and agreed"), or with `error=access_denied` when `deny` is set;
- /oauth2.0/token      answers form-encoded `access_token=…&expires_in=…&refresh_token=…`
  (JSON with fmt=json); codes work once and only for the redirect_uri they were issued for;
- /oauth2.0/me         answers JSONP `callback( {"client_id":…,"openid":…} );` (+ unionid with
  unionid=1), errors too: `callback( {"error":100016,"error_description":…} );`;
- /user/get_user_info  answers JSON with ret=0, nickname, figureurl_qq_2, gender.

`misbehave[step]` (step: "authorize", "token", "me", "user_info") makes one endpoint answer with
an error code, a raw body, or only after sleeping.
"""

import contextlib
import json
import secrets
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qsl, urlencode, urlsplit

APP_ID = "101000001"
APP_KEY = "stand-in-app-key-0123456789"

PATHS = {
    "/oauth2.0/authorize": "authorize",
    "/oauth2.0/token": "token",
    "/oauth2.0/me": "me",
    "/user/get_user_info": "user_info",
}


@dataclass
class QQUser:
    openid: str = "A1B2C3D4E5F60718293A4B5C6D7E8F90"
    unionid: str = "UID_9F8E7D6C5B4A39281706F5E4D3C2B1A0"
    nickname: str = "霍林河小王"
    gender: str = "男"

    @property
    def avatar(self) -> str:
        return f"http://thirdqq.qlogo.cn/g?b=oidb&k={self.openid}&s=100"


@dataclass
class Misbehaviour:
    error: int | None = None
    description: str = ""
    # Answer exactly this body instead (malformed JSONP and the like).
    raw: str | None = None
    # Seconds to wait before answering (a timeout on our side).
    sleep: float = 0.0


@dataclass
class StandInQQ:
    app_id: str = APP_ID
    app_key: str = APP_KEY
    user: QQUser = field(default_factory=QQUser)
    deny: bool = False
    misbehave: dict[str, Misbehaviour] = field(default_factory=dict)
    # (step, query) of every request, for assertions about what the provider sent.
    requests: list[tuple[str, dict]] = field(default_factory=list)
    codes: dict[str, tuple[QQUser, str]] = field(default_factory=dict)
    used_codes: set[str] = field(default_factory=set)
    tokens: dict[str, QQUser] = field(default_factory=dict)

    def start(self, port: int = 0) -> "StandInQQ":
        standin = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                standin._handle(self)

            def log_message(self, format, *args) -> None:  # keep test and demo output quiet
                pass

        self._server = ThreadingHTTPServer(("127.0.0.1", port), Handler)
        self._thread = threading.Thread(
            target=self._server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        )
        self._thread.start()
        return self

    def stop(self) -> None:
        self._server.shutdown()
        self._server.server_close()

    @property
    def base_url(self) -> str:
        host, port = self._server.server_address[:2]
        return f"http://{host}:{port}"

    def issue_code(self, redirect_uri: str) -> str:
        code = secrets.token_hex(16).upper()
        self.codes[code] = (self.user, redirect_uri)
        return code

    # --- the endpoints -------------------------------------------------------------------------

    def _handle(self, http: BaseHTTPRequestHandler) -> None:
        parts = urlsplit(http.path)
        query = dict(parse_qsl(parts.query))
        step = PATHS.get(parts.path)
        if step is None:
            return _send(http, 404, "text/plain", "not found")
        self.requests.append((step, query))
        trouble = self.misbehave.get(step)
        if trouble and trouble.sleep:
            time.sleep(trouble.sleep)
        if trouble and trouble.raw is not None:
            return _send(http, 200, "text/html", trouble.raw)
        if trouble and trouble.error is not None:
            return self._error(http, step, query, trouble.error, trouble.description)
        getattr(self, f"_{step}")(http, query)

    def _authorize(self, http, query: dict) -> None:
        if query.get("client_id") != self.app_id or query.get("response_type") != "code":
            return _send(http, 200, "text/html", "<html><body>client id is illegal</body></html>")
        redirect_uri = query["redirect_uri"]
        back = {"state": query.get("state", "")}
        if self.deny:
            back.update(error="access_denied", error_description="user denied")
        else:
            back["code"] = self.issue_code(redirect_uri)
        http.send_response(302)
        http.send_header("Location", f"{redirect_uri}?{urlencode(back)}")
        http.end_headers()

    def _token(self, http, query: dict) -> None:
        if query.get("client_id") != self.app_id:
            return self._error(http, "token", query, 100008, "client id is illegal")
        if query.get("client_secret") != self.app_key:
            return self._error(http, "token", query, 100009, "client secret is illegal")
        code = query.get("code", "")
        if code in self.used_codes:
            return self._error(http, "token", query, 100020, "code is reused error")
        if code not in self.codes:
            return self._error(http, "token", query, 100019, "code to access token error")
        user, redirect_uri = self.codes.pop(code)
        self.used_codes.add(code)
        if query.get("redirect_uri") != redirect_uri:
            return self._error(http, "token", query, 100010, "redirect uri is illegal")
        token = secrets.token_hex(16).upper()
        self.tokens[token] = user
        answer = {"access_token": token, "expires_in": "7776000", "refresh_token": "R" + token}
        if query.get("fmt") == "json":
            return _send(http, 200, "application/json", json.dumps(answer))
        _send(http, 200, "text/plain", urlencode(answer))

    def _me(self, http, query: dict) -> None:
        user = self.tokens.get(query.get("access_token", ""))
        if user is None:
            return self._error(http, "me", query, 100016, "access token check failed")
        answer = {"client_id": self.app_id, "openid": user.openid}
        if query.get("unionid") == "1":
            answer["unionid"] = user.unionid
        _send(http, 200, "text/html", _wrap(answer, query))

    def _user_info(self, http, query: dict) -> None:
        user = self.tokens.get(query.get("access_token", ""))
        if user is None or query.get("oauth_consumer_key") != self.app_id:
            return self._error(http, "user_info", query, 100016, "access token check failed")
        if query.get("openid") != user.openid:
            return self._error(http, "user_info", query, -1, "invalid openid")
        answer = {
            "ret": 0,
            "msg": "",
            "is_lost": 0,
            "nickname": user.nickname,
            "gender": user.gender,
            "province": "内蒙古",
            "city": "通辽",
            "figureurl": user.avatar.replace("s=100", "s=30"),
            "figureurl_1": user.avatar.replace("s=100", "s=50"),
            "figureurl_2": user.avatar,
            "figureurl_qq_1": user.avatar.replace("s=100", "s=40"),
            "figureurl_qq_2": user.avatar,
        }
        _send(http, 200, "text/html; charset=utf-8", json.dumps(answer, ensure_ascii=False))

    def _error(self, http, step: str, query: dict, code: int, description: str) -> None:
        if step == "user_info":
            body = json.dumps({"ret": code, "msg": description})
        elif step == "authorize":
            body = f"<html><body>error {code}: {description}</body></html>"
        else:
            body = _wrap({"error": code, "error_description": description}, query)
        _send(http, 200, "text/html", body)


def _wrap(answer: dict, query: dict) -> str:
    """JSONP as QQ writes it, unless the caller asked for fmt=json."""
    if query.get("fmt") == "json":
        return json.dumps(answer)
    return f"callback( {json.dumps(answer)} );\n"


def _send(http: BaseHTTPRequestHandler, status: int, content_type: str, body: str) -> None:
    data = body.encode("utf-8")
    http.send_response(status)
    http.send_header("Content-Type", content_type)
    http.send_header("Content-Length", str(len(data)))
    http.end_headers()
    # The provider may have given up waiting (the timeout tests).
    with contextlib.suppress(BrokenPipeError, ConnectionResetError):
        http.wfile.write(data)
