"""allauth's account adapter: e-mails carry the site's name as the operator set it (here, beside
the site settings, since accounts sits below portal)."""

from allauth.account.adapter import DefaultAccountAdapter
from allauth.core import context as allauth_context
from django.conf import settings
from django.contrib.sites.requests import RequestSite

from .querysets import site_info


def _site_name() -> str:
    # The name the operator set in the admin, not the one from start-up settings.
    return site_info().settings.site_name


class AccountAdapter(DefaultAccountAdapter):
    def get_from_email(self) -> str:
        return settings.DEFAULT_FROM_EMAIL

    def format_email_subject(self, subject: str) -> str:
        return f"[{_site_name()}] {subject}"

    def send_mail(self, template_prefix: str, email: str, context: dict) -> None:
        # allauth names the site after django.contrib.sites (example.com until an operator edits
        # it in the admin); mails should carry the site's own name and the host members use.
        site = RequestSite(allauth_context.request)
        site.name = _site_name()
        super().send_mail(template_prefix, email, {"current_site": site, **context})
