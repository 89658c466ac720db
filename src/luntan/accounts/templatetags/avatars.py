from django import template
from django.utils.html import format_html

from luntan.accounts.avatars import DEFAULT_COLOURS, SIZES, avatar_url
from luntan.core.markup import safe_web_url

register = template.Library()


@register.simple_tag
def avatar(user, size: int = 120) -> str:
    """The member's picture at one of the stored sizes: their own, else the one their social
    login brought, else a generated default (first character on a colour of their own)."""
    size = min(SIZES, key=lambda s: abs(s - int(size)))
    url = avatar_url(user, size)
    if url:
        return format_html(
            '<img src="{}" class="avatar-img" alt="" width="{}" height="{}" loading="lazy">',
            url,
            size,
            size,
        )
    # Only an http(s) address from a social login, whatever was stored before that was checked.
    if social := safe_web_url(user.avatar_url or ""):
        return format_html(
            '<img src="{}" class="avatar-img" alt="" width="{}" height="{}" loading="lazy"'
            ' referrerpolicy="no-referrer">',
            social,
            size,
            size,
        )
    return format_html(
        '<span class="avatar-default avatar-s{} avatar-c{}" aria-hidden="true">{}</span>',
        size,
        user.pk % DEFAULT_COLOURS,
        (user.username or "?")[:1].upper(),
    )
