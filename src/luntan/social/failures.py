"""What went wrong in a social login, in words for the reader and in a line for the operator.

Neither ever contains a token, a code or the app secret: QQ's token endpoint takes the secret in
the query string, so a requests exception is described by its host and path only.
"""

from urllib.parse import urlsplit

import requests
from allauth.socialaccount.providers.base import AuthError
from allauth.socialaccount.providers.oauth2.client import OAuth2Error
from django.utils.translation import gettext as _

from .qq.answers import QQErrorCode, QQMalformedAnswer

# QQ's 公共返回码 grouped by what the reader can do about them.
QQ_CODE_EXPIRED = {100018, 100019, 100020}  # the authorization code failed, expired or was reused
QQ_TOKEN_REJECTED = {100007, 100013, 100014, 100015, 100016}
QQ_MISCONFIGURED = {100001, 100002, 100008, 100009, 100010, 100011, 100017, 100048}


def reader_message(
    provider_name: str, *, error: str | None, exception: BaseException | None, state_ok: bool
) -> str:
    """One specific sentence for the login page."""
    name = {"provider": provider_name}
    if error == AuthError.CANCELLED:
        return _("你取消了 %(provider)s 授权，没有登录。") % name
    if exception is None:
        if not state_ok:
            return _("这次登录请求已过期或来源不明，请重新点击 %(provider)s 登录。") % name
        return _("%(provider)s 拒绝了这次登录请求，请稍后再试。") % name
    if isinstance(exception, QQErrorCode):
        return _qq_code_message(exception.code, name)
    if isinstance(exception, requests.Timeout):
        return _("连接 %(provider)s 超时，请稍后再试。") % name
    if isinstance(exception, requests.ConnectionError):
        return _("无法连接 %(provider)s 服务器，请稍后再试。") % name
    if isinstance(exception, requests.RequestException):
        return _("与 %(provider)s 服务器通信失败，请稍后再试。") % name
    if isinstance(exception, QQMalformedAnswer):
        return _("%(provider)s 返回了无法识别的数据，请稍后再试。") % name
    if isinstance(exception, OAuth2Error):
        return _("未能从 %(provider)s 取得授权，请重新登录。") % name
    return _("%(provider)s 登录失败，请稍后再试。") % name


def operator_detail(exception: BaseException | None) -> str:
    """The exception for the log: QQ's own error text, or a request's host and path."""
    if exception is None:
        return "-"
    if isinstance(exception, requests.RequestException):
        url = getattr(exception.request, "url", None) or ""
        parts = urlsplit(url)
        where = f" {parts.scheme}://{parts.netloc}{parts.path}" if url else ""
        return f"{type(exception).__name__}{where}"
    return f"{type(exception).__name__}: {str(exception)[:300]}"


def _qq_code_message(code: int, name: dict) -> str:
    values = {**name, "code": code}
    if code in QQ_CODE_EXPIRED:
        return _("QQ 授权码已过期或已被使用（错误码 %(code)s），请重新点击 QQ 登录。") % values
    if code in QQ_TOKEN_REJECTED:
        return _("QQ 授权已失效（错误码 %(code)s），请重新点击 QQ 登录。") % values
    if code in QQ_MISCONFIGURED:
        return _("本站的 QQ 登录设置有误（错误码 %(code)s），请联系管理员。") % values
    return _("QQ 返回了错误（错误码 %(code)s），请稍后再试。") % values
