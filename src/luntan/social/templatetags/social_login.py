from django import template

from luntan.social.providers import ProviderLink, display_name, provider_links

register = template.Library()

# Where QQ, WeChat and Weibo put the name a person goes by.
NICKNAME_FIELDS = ("nickname", "screen_name", "name")


@register.simple_tag(takes_context=True)
def social_logins(context, process: str = "login") -> list[ProviderLink]:
    """Buttons for every provider with keys: `{% social_logins as links %}`."""
    request = context.get("request")
    return provider_links(request, process=process) if request else []


@register.simple_tag(takes_context=True)
def social_login(context, provider_id: str) -> ProviderLink | None:
    """One provider's button, or None when it has no keys: `{% social_login "qq" as qq %}`."""
    return next((link for link in social_logins(context) if link.id == provider_id), None)


@register.filter
def provider_name(provider_id: str) -> str:
    return display_name(provider_id)


@register.filter
def bound_name(account) -> str:
    """A bound account's nickname from what the provider told us, without asking the provider
    (whose keys may have been removed since)."""
    data = account.extra_data or {}
    return next((str(data[key]) for key in NICKNAME_FIELDS if data.get(key)), account.uid)
