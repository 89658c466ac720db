"""高亮: the reader's words marked in titles and snippets, in the script the reader chose.

Matching runs on folded text (luntan.search.analysis.fold) lined up character by character with
the text as shown, so 扎鲁特旗 typed in Simplified marks 扎魯特旗 on a Traditional page.
"""

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from luntan.core.chinese import to_reader_script

from .analysis import fold_char

SNIPPET_CHARS = 120
_BEFORE_HIT = 30


def _folded_with_positions(text: str) -> tuple[str, list[int]]:
    """The folded text, and for each of its characters the index of the one it came from."""
    folded: list[str] = []
    origin: list[int] = []
    for index, char in enumerate(text):
        piece = fold_char(char)
        folded.append(piece)
        origin.extend([index] * len(piece))
    return "".join(folded), origin


def _hits(text: str, terms: tuple[str, ...]) -> list[tuple[int, int]]:
    """Spans of `text` (start, end) where a term occurs, merged and in order."""
    folded, origin = _folded_with_positions(text)
    spans = []
    for term in terms:
        start = folded.find(term)
        while term and start != -1:
            end = start + len(term)
            spans.append((origin[start], origin[end - 1] + 1))
            start = folded.find(term, end)
    merged: list[tuple[int, int]] = []
    for start, end in sorted(spans):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged


def _marked(text: str, spans: list[tuple[int, int]], offset: int = 0) -> SafeString:
    parts, at = [], 0
    for start, end in spans:
        start, end = max(start - offset, 0), min(end - offset, len(text))
        if start >= len(text) or end <= 0:
            continue
        parts += [escape(text[at:start]), "<mark>", escape(text[start:end]), "</mark>"]
        at = end
    parts.append(escape(text[at:]))
    return mark_safe("".join(parts))


def highlight(text: str, terms: tuple[str, ...]) -> SafeString:
    """`text` (a title) in the reader's script, escaped, with the terms marked."""
    shown = to_reader_script(text)
    return _marked(shown, _hits(shown, terms))


def snippet(text: str, terms: tuple[str, ...]) -> SafeString:
    """About SNIPPET_CHARS characters of `text` around its first hit, terms marked."""
    shown = " ".join(to_reader_script(text).split())
    spans = _hits(shown, terms)
    start = max(spans[0][0] - _BEFORE_HIT, 0) if spans else 0
    window = shown[start : start + SNIPPET_CHARS]
    marked = _marked(window, spans, offset=start)
    prefix = "…" if start > 0 else ""
    suffix = "…" if start + SNIPPET_CHARS < len(shown) else ""
    return mark_safe(prefix + marked + suffix)
