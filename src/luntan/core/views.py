"""Error pages in the site's own style and language, and the favicon's fixed address."""

import logging
import sys

from django.core.exceptions import (
    DisallowedHost,
    RequestDataTooBig,
    TooManyFieldsSent,
    TooManyFilesSent,
)
from django.http import HttpResponse, HttpResponsePermanentRedirect, HttpResponseServerError
from django.shortcuts import render
from django.template.loader import render_to_string
from django.templatetags.static import static
from django.utils.translation import gettext as _

from .unavailable import is_database_unavailable, unavailable_response

logger = logging.getLogger(__name__)


def page_not_found(request, exception=None):
    return render(
        request,
        "core/error.html",
        {"title": _("页面不存在"), "message": _("您要找的页面不存在，可能已被删除或地址有误。")},
        status=404,
    )


def bad_request(request, exception=None):
    """Django's own 400 is one English line; a reader gets the site's page, and a body too large
    for the site is a 413 that says so."""
    if isinstance(exception, RequestDataTooBig):
        title, status = _("提交的内容太大"), 413
        message = _("提交的内容超过了本站允许的大小，未被保存。请返回上一页，删减后再提交。")
    elif isinstance(exception, TooManyFieldsSent | TooManyFilesSent):
        title, status = _("提交的项目太多"), 400
        message = _("表单中的项目太多，未被保存。请返回上一页再试。")
    else:
        title, status = _("请求无效"), 400
        message = _("无法处理这个请求，请检查地址或返回上一页再试。")
    context = {"title": title, "message": message}
    if isinstance(exception, DisallowedHost):
        # A host not in ALLOWED_HOSTS: everything that builds a URL from the request would
        # raise again, so the page is rendered without it.
        return HttpResponse(render_to_string("core/error_500.html", context), status=status)
    return render(request, "core/error.html", context, status=status)


def csrf_failure(request, reason: str = ""):
    """Django's CSRF refusal is an English page; a reader gets the site's, saying what to do."""
    return render(
        request,
        "core/error.html",
        {
            "title": _("表单已过期"),
            "message": _("这个表单已过期或来自别的网站，未被提交。请返回上一页，刷新后再提交。"),
        },
        status=403,
    )


def permission_denied(request, exception=None):
    message = str(exception) if exception and str(exception) else _("您没有权限访问这里。")
    return render(
        request, "core/error.html", {"title": _("没有权限"), "message": message}, status=403
    )


def server_error(request):
    # Django calls this inside its `except`, so the exception is at hand: a database that went
    # away while a middleware (session, member, daily visit) used it is a 503, not our bug.
    exception = sys.exc_info()[1]
    if is_database_unavailable(exception):
        logger.warning("database unavailable for %s: %s", request.path, exception)
        return unavailable_response(request)
    # Rendered without the request, so no context processor (which may be what failed) runs.
    body = render_to_string(
        "core/error_500.html",
        {"title": _("服务器出错"), "message": _("服务器暂时出错，请稍后再试。")},
    )
    return HttpResponseServerError(body)


def favicon(request):
    """Browsers and crawlers ask for /favicon.ico whatever a page's <link rel=icon> says; the
    icon itself is a static file (hashed name in production, served by nginx)."""
    return HttpResponsePermanentRedirect(static("core/favicon.ico"))
