from django import template
from django.utils.safestring import SafeString

from luntan.threads import hidden

register = template.Library()


@register.simple_tag(takes_context=True)
def post_body(context, post) -> SafeString:
    """A post's HTML for this reader (see `threads.hidden`)."""
    return hidden.post_body(
        context.get("request"), post, defer=bool(context.get("defer_conditions"))
    )
