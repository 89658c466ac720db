"""allauth's account adapter: e-mails carry the site's name as the operator set it (here, beside
the site settings, since accounts sits below portal)."""

from allauth.account.adapter import DefaultAccountAdapter
from allauth.core import context as allauth_context
from django.conf import settings
from django.contrib.sites.requests import RequestSite
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import gettext as _

from luntan.core.client_address import client_ip
from luntan.safety.captcha import count_login_failure, rate_limit_period
from luntan.safety.forms import check_username

from .querysets import site_info


def _site_name() -> str:
    # The name the operator set in the admin, not the one from start-up settings.
    return site_info().settings.site_name


class AccountAdapter(DefaultAccountAdapter):
    def get_from_email(self) -> str:
        return settings.DEFAULT_FROM_EMAIL

    def format_email_subject(self, subject: str) -> str:
        return f"[{_site_name()}] {subject}"

    def clean_username(self, username: str, shallow: bool = False) -> str:
        username = super().clean_username(username, shallow=shallow)
        check_username(username)
        return username

    def get_client_ip(self, request) -> str:
        # allauth's login, signup and password-reset limits count per client, as posts record.
        ip = client_ip(request)
        if ip is None:
            raise PermissionDenied
        return ip

    def authentication_failed(self, request, **credentials) -> None:
        count_login_failure(credentials.get("username") or credentials.get("email") or "")

    def validation_error(self, code: str, *args):
        if code == "too_many_login_attempts":
            # allauth's message says only "later"; the per-address limit's period says when.
            return ValidationError(
                _("登录失败次数过多，请 %(when)s后再试。")
                % {"when": rate_limit_period("login_failed")},
                code=code,
            )
        return super().validation_error(code, *args)

    def send_mail(self, template_prefix: str, email: str, context: dict) -> None:
        # allauth names the site after django.contrib.sites (example.com until an operator edits
        # it in the admin); mails should carry the site's own name and the host members use.
        site = RequestSite(allauth_context.request)
        site.name = _site_name()
        super().send_mail(template_prefix, email, {"current_site": site, **context})
