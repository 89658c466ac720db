"""Which social logins this site offers, under the names Chinese readers know them by."""

from dataclasses import dataclass

from allauth.socialaccount.adapter import get_adapter
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

NAMES = {"qq": "QQ", "weixin": _("微信"), "weibo": _("微博")}


@dataclass(frozen=True)
class ProviderLink:
    id: str
    name: str
    # The provider's login URL: a POST (with the CSRF token) goes to the provider at once, a GET
    # shows a page with a 继续 button first.
    url: str


def display_name(provider_id: str) -> str:
    return str(NAMES.get(provider_id, provider_id))


def provider_links(request: HttpRequest, *, process: str = "login") -> list[ProviderLink]:
    """The providers that have keys (admin or settings); one without keys gets no button."""
    return [
        ProviderLink(
            id=provider.id,
            name=display_name(provider.id),
            url=provider.get_login_url(request, process=process),
        )
        for provider in get_adapter(request).list_providers(request)
    ]
