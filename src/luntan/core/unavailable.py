"""While the database is unavailable, answer 503 with a Chinese page and Retry-After, not a 500.

Unavailable means: the server refuses connections or drops one mid-request (`OperationalError`,
`InterfaceError`), a statement ran past its timeout or waited too long for a lock (also
`OperationalError` on PostgreSQL and MariaDB), or the database only accepts reads (a failover, a
replica promoted late, a full disk: PostgreSQL's SQLSTATE 25006 arrives as `InternalError`,
MariaDB's `--read-only` and read-only transactions as 1290/1792). The request's transaction was
rolled back, so nothing half-written remains, and the reader is told to try again in a few
seconds; a poster is told their text is not lost. Django closes the broken connection when the
request finishes, and CONN_HEALTH_CHECKS makes the next request test a kept connection before
using it, so the site recovers by itself.

Two places answer: the innermost middleware for faults in views (so the outer middleware still
sees a response), and the 500 handler for faults in the middleware itself — sessions, the
member's row, the daily visit — which no middleware's `process_exception` ever sees.
"""

import logging

from django.db import DatabaseError, InterfaceError, OperationalError
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.template.loader import render_to_string
from django.utils.translation import gettext as _

logger = logging.getLogger(__name__)

RETRY_AFTER_SECONDS = 5

_READ_ONLY_SQLSTATE = "25006"  # PostgreSQL: read_only_sql_transaction
_READ_ONLY_MYSQL_ERRORS = {1290, 1792}  # --read-only server; a READ ONLY transaction


def is_database_unavailable(exception: BaseException | None) -> bool:
    """Whether `exception` says the database cannot serve this request now, rather than that
    the request or the code is wrong."""
    if isinstance(exception, OperationalError | InterfaceError):
        return True
    if not isinstance(exception, DatabaseError):
        return False
    cause = exception.__cause__
    if getattr(cause, "sqlstate", None) == _READ_ONLY_SQLSTATE:
        return True
    args = getattr(cause, "args", ())
    return bool(args) and args[0] in _READ_ONLY_MYSQL_ERRORS


def _wants_json(request: HttpRequest | None) -> bool:
    if request is None:
        return False
    return request.path.startswith("/api/") or (
        "application/json" in request.headers.get("Accept", "")
        and "text/html" not in request.headers.get("Accept", "")
    )


def unavailable_response(request: HttpRequest | None = None) -> HttpResponse:
    title = _("服务暂时不可用")
    message = _("数据库正在维护或重启，请几秒钟后刷新页面。")
    if request is not None and request.method == "POST":
        message = _(
            "数据库正在维护或重启，您提交的内容尚未保存。请返回上一页（文字仍在），几秒钟后再提交。"
        )
    if _wants_json(request):
        response = JsonResponse(
            {"error": "unavailable", "message": message, "retry_after": RETRY_AFTER_SECONDS},
            status=503,
            json_dumps_params={"ensure_ascii": False},
        )
    else:
        # Rendered without the request: context processors would reach for the database again.
        html = render_to_string("core/error_500.html", {"title": title, "message": message})
        response = HttpResponse(html, status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    response["Cache-Control"] = "no-store"
    return response


class DatabaseUnavailableMiddleware:
    def __init__(self, get_response) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if not is_database_unavailable(exception):
            return None
        logger.warning("database unavailable for %s: %s", request.path, exception)
        return unavailable_response(request)
