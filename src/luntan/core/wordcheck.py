"""Members' free text (titles, posts, signatures, profiles, messages) through the site's word list.

The word list belongs to `safety`, which sits above every app that takes text from members, so
those apps ask here and `safety` registers its filter in `ready()`. Without it text passes as is.
"""

from collections.abc import Callable

# (text, markup=…, allow_review=…) → the text to keep, or forms.ValidationError naming the word
_filters: list[Callable[..., str]] = []


def register_text_filter(text_filter: Callable[..., str]) -> None:
    if text_filter not in _filters:
        _filters.append(text_filter)


def filter_text(text: str, *, markup: bool = False, allow_review: bool = True) -> str:
    """`text` with the list's replacements made; ValidationError for a refused word (and for a
    审核 word where nothing can be held for review: `allow_review=False`)."""
    for text_filter in _filters:
        text = text_filter(text, markup=markup, allow_review=allow_review)
    return text
