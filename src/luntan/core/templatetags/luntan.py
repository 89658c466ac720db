from urllib.parse import urlencode

from django import template

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
