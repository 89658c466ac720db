"""Reading account pages the way a person does: the visible text and what a field still holds."""

import re
from html import unescape

from django.http import HttpResponse

_TAG = re.compile(r"<[^>]+>")
_HIDDEN = re.compile(r"<(script|style)\b.*?</\1>", re.S)
_MAIN = re.compile(r"<main\b.*?</main>", re.S)


def _visible(html: str) -> str:
    html = _HIDDEN.sub(" ", html)
    return " ".join(unescape(_TAG.sub(" ", html)).split())


def text_of(response: HttpResponse) -> str:
    """The page's text with tags dropped and whitespace collapsed."""
    return _visible(response.content.decode())


def main_text_of(response: HttpResponse) -> str:
    """The text of the page's own content, without the site's header and footer."""
    found = _MAIN.search(response.content.decode())
    assert found, "the page has no <main>"
    return _visible(found.group(0))


def input_value(response: HttpResponse, name: str) -> str | None:
    """What the form's `name` input shows (None: no such input, or it is empty)."""
    tag = re.search(rf'<input\b[^>]*\bname="{re.escape(name)}"[^>]*>', response.content.decode())
    if tag is None:
        return None
    value = re.search(r'\bvalue="([^"]*)"', tag.group(0))
    return unescape(value.group(1)) if value else None
