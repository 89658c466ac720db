from django import template

from luntan.core.markup import SMILIES

register = template.Library()


@register.simple_tag
def smilies() -> tuple[str, ...]:
    """The editor's faces: the same set Discuz!'s {:n_m:} codes are shown as."""
    return SMILIES
