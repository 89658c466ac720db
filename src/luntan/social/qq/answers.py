"""Reading QQ互联's answers.

QQ answers in three dresses: form-encoded (`access_token=…&expires_in=…`, the token endpoint's
default), JSON (`fmt=json`, get_user_info) and JSONP (`callback( {…} );`, /oauth2.0/me, also for
its errors). Errors come as `{"error": 100016, "error_description": "…"}` on the OAuth steps and as
`{"ret": 1002, "msg": "…"}` on the OpenAPI ones.
"""

import json
import re
from collections.abc import Mapping
from urllib.parse import parse_qsl

from allauth.socialaccount.adapter import get_adapter
from allauth.socialaccount.providers.base import ProviderException

# callback( {...} );  — whitespace, the semicolon and a trailing newline vary between answers.
JSONP = re.compile(r"\A\s*callback\s*\(\s*(?P<body>.*?)\s*\)\s*;?\s*\Z", re.DOTALL)
# QQ's documented /me error sample ends its object with a comma: {"error":100016, … ,}.
TRAILING_COMMA = re.compile(r",\s*(?=[}\]])")


class QQAnswerError(ProviderException):
    """An answer from QQ that cannot be used; `step` names the endpoint for the operator's log."""

    def __init__(self, step: str, detail: str) -> None:
        super().__init__(f"QQ {step}: {detail}")
        self.step = step


class QQErrorCode(QQAnswerError):
    """QQ answered with one of its error codes (公共返回码)."""

    def __init__(self, step: str, code: int, description: str) -> None:
        super().__init__(step, f"error {code} {description}".strip())
        self.code = code
        self.description = description


class QQMalformedAnswer(QQAnswerError):
    """The answer is neither form-encoded, JSON nor JSONP, or lacks a field it must have."""


def parse_answer(text: str, *, step: str) -> dict:
    """The fields of one answer; raises QQErrorCode for an error answer, QQMalformedAnswer for
    anything unreadable. The body itself never goes into the exception: it may hold a token."""
    body = text.strip()
    match = JSONP.match(body)
    if match:
        body = match.group("body")
    if body.startswith("{") or match:
        data = _load_object(body, step=step)
    else:
        try:
            data = dict(parse_qsl(body, keep_blank_values=True, strict_parsing=True))
        except ValueError:
            raise QQMalformedAnswer(step, f"unreadable answer ({len(text)} characters)") from None
    _raise_for_error(data, step=step)
    return data


def require(data: Mapping, *fields: str, step: str) -> None:
    missing = [field for field in fields if not data.get(field)]
    if missing:
        raise QQMalformedAnswer(step, f"answer without {', '.join(missing)}")


def fetch(url: str, params: dict, *, step: str) -> dict:
    """GET one QQ endpoint with allauth's session (its timeout is SOCIALACCOUNT_REQUESTS_TIMEOUT).

    Network failures propagate as requests exceptions; allauth's callback view turns them, like
    QQAnswerError, into an authentication error.
    """
    with get_adapter().get_requests_session() as session:
        response = session.get(url, params=params)
    # QQ labels JSON as text/html without a charset; requests would then guess Latin-1 and
    # garble every Chinese nickname.
    return parse_answer(response.content.decode("utf-8", errors="replace"), step=step)


def _load_object(body: str, *, step: str) -> dict:
    for candidate in (body, TRAILING_COMMA.sub("", body)):
        try:
            data = json.loads(candidate)
        except ValueError:
            continue
        if isinstance(data, dict):
            return data
        break
    raise QQMalformedAnswer(step, f"unreadable JSON ({len(body)} characters)")


def _raise_for_error(data: dict, *, step: str) -> None:
    if "error" in data:
        raise QQErrorCode(step, _as_code(data["error"]), str(data.get("error_description", "")))
    if "ret" in data and _as_code(data["ret"]) != 0:
        raise QQErrorCode(step, _as_code(data["ret"]), str(data.get("msg", "")))


def _as_code(value: object) -> int:
    try:
        return int(value)  # type: ignore[call-overload]
    except (TypeError, ValueError):
        return -1
