from django.urls import Resolver404, resolve
from django.utils.translation import gettext as _

from luntan.core.client_address import client_ip
from luntan.core.views import permission_denied

from .bans import ip_banned

# What a banned address may not do: register, log in, post (new thread, reply, edit).
_GUARDED = {"account_signup", "account_login", "thread-new", "thread-reply", "post-edit"}


class IPBanMiddleware:
    """禁止 IP: refuses the guarded forms' submissions from banned addresses and ranges."""

    def __init__(self, get_response) -> None:
        self.get_response = get_response

    def __call__(self, request):
        if request.method == "POST" and self._guarded(request) and ip_banned(client_ip(request)):
            return permission_denied(
                request, Exception(_("您的 IP 地址已被禁止注册、登录和发帖。"))
            )
        return self.get_response(request)

    @staticmethod
    def _guarded(request) -> bool:
        try:
            return resolve(request.path_info).url_name in _GUARDED
        except Resolver404:
            return False
