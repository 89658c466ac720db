from urllib.parse import urlencode

from django import template
from django.utils.safestring import mark_safe

from luntan.core import member_pages
from luntan.core.chinese import to_reader_script

register = template.Library()


@register.simple_tag
def query_with(query: dict, **changes) -> str:
    """The page's query string with some parameters replaced; page=1 is left out."""
    merged = {**query, **changes}
    if str(merged.get("page")) == "1":
        merged.pop("page")
    return urlencode(merged)


@register.filter
def stars(count: int) -> str:
    return "★" * max(0, int(count or 0))


@register.filter(is_safe=True)
def script(text: str) -> str:
    """Member- or operator-written text in the reader's script (繁體/简体).

    Safe to chain after escaping or on stored sanitised HTML: conversion only swaps CJK characters.
    """
    return to_reader_script(str(text)) if text is not None else ""


@register.simple_tag(takes_context=True)
def reader_part(context, name: str) -> str:
    """A part of the page that is the reader's own (see core/member_pages.py)."""
    return mark_safe(member_pages.hole(context.get("request"), name))


@register.tag
def only_for_author(parser, token):
    """`{% only_for_author author_id [until] %}…{% end_only_for_author %}`: shown to that member
    alone (and only before `until`, a datetime or None); to everyone when author_id is None."""
    bits = token.split_contents()
    if len(bits) not in (2, 3):
        raise template.TemplateSyntaxError(
            "only_for_author takes the author's id and optionally a deadline"
        )
    nodelist = parser.parse(("end_only_for_author",))
    parser.delete_first_token()
    until = parser.compile_filter(bits[2]) if len(bits) == 3 else None
    return OnlyForAuthorNode(parser.compile_filter(bits[1]), nodelist, until)


class OnlyForAuthorNode(template.Node):
    def __init__(self, author_id, nodelist, until=None) -> None:
        self.author_id = author_id
        self.nodelist = nodelist
        self.until = until

    def render(self, context) -> str:
        content = self.nodelist.render(context)
        author_id = self.author_id.resolve(context)
        if author_id is None:
            return content
        until = self.until.resolve(context) if self.until is not None else None
        return mark_safe(
            member_pages.only_for_author(context.get("request"), author_id, content, until)
        )
