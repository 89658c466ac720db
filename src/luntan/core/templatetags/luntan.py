from urllib.parse import urlencode

from django import template
from django.utils.safestring import SafeData, mark_safe

from luntan.core import member_pages
from luntan.core.chinese import to_reader_script, to_reader_script_html
from luntan.core.markup import safe_web_url

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


@register.filter
def web_url(value: str) -> str:
    """A stored member URL for an href/src: http(s) only, whatever was stored before the check."""
    return safe_web_url(value or "")


@register.filter(is_safe=True)
def script(text: str) -> str:
    """Member- or operator-written text in the reader's script (繁體/简体).

    Plain text is converted whole (autoescaping follows); HTML marked safe (stored sanitised
    posts) has only its readable text converted, never its tags, attributes or code.
    """
    if text is None:
        return ""
    if isinstance(text, SafeData):
        return mark_safe(to_reader_script_html(str(text)))
    return to_reader_script(str(text))


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


@register.tag
def reader_conditions(parser, token):
    """`{% reader_conditions %}…{% end_reader_conditions %}`: per-reader choices made inside
    (`member_pages.only_if`, e.g. [hide] in posts) stay open as markers even through a
    `{% cache %}` fragment, and are decided here for the reader, or by `fill_holes` on a
    shared page."""
    nodelist = parser.parse(("end_reader_conditions",))
    parser.delete_first_token()
    return ReaderConditionsNode(nodelist)


class ReaderConditionsNode(template.Node):
    def __init__(self, nodelist) -> None:
        self.nodelist = nodelist

    def render(self, context) -> str:
        with context.push(defer_conditions=True):
            content = self.nodelist.render(context)
        request = context.get("request")
        if member_pages.rendering_with_holes(request):
            return content
        return mark_safe(member_pages.resolve_conditions(content, request))
