"""Error pages in the site's own style and language, and the favicon's fixed address."""

from django.http import HttpResponsePermanentRedirect, HttpResponseServerError
from django.shortcuts import render
from django.template.loader import render_to_string
from django.templatetags.static import static
from django.utils.translation import gettext as _


def page_not_found(request, exception=None):
    return render(
        request,
        "core/error.html",
        {"title": _("页面不存在"), "message": _("您要找的页面不存在，可能已被删除或地址有误。")},
        status=404,
    )


def permission_denied(request, exception=None):
    message = str(exception) if exception and str(exception) else _("您没有权限访问这里。")
    return render(
        request, "core/error.html", {"title": _("没有权限"), "message": message}, status=403
    )


def server_error(request):
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
