"""While the database restarts, answer 503 with a Chinese page and Retry-After instead of a 500.

A request caught mid-flight by a restart loses its connection (`OperationalError` or
`InterfaceError`). Its transaction was rolled back, so nothing half-written remains, and the
reader is told to try again in a few seconds. Django closes the broken connection when the
request finishes, and CONN_HEALTH_CHECKS makes the next request test a kept connection before
using it, so the site recovers by itself.
"""

import logging

from django.db import InterfaceError, OperationalError
from django.http import HttpRequest, HttpResponse
from django.template.loader import render_to_string
from django.utils.translation import gettext as _

logger = logging.getLogger(__name__)

RETRY_AFTER_SECONDS = 5


def unavailable_response() -> HttpResponse:
    # Rendered without the request: context processors would reach for the database again.
    html = render_to_string(
        "core/error_500.html",
        {"title": _("服务暂时不可用"), "message": _("数据库正在维护或重启，请几秒钟后刷新页面。")},
    )
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
        if not isinstance(exception, OperationalError | InterfaceError):
            return None
        logger.warning("database unavailable for %s: %s", request.path, exception)
        return unavailable_response()
