"""Member-typed text as it arrives: what reorders a reader's screen is removed, and text that
was not valid UTF-8 is recognised so a form can refuse it instead of storing it mangled."""

import re

# Embeddings, overrides and isolates (U+202A–U+202E, U+2066–U+2069): with U+202E,
# "霍林河\u202etxt.exe" reads "霍林河exe.txt". A Chinese forum has no use for them; the plain
# marks (U+200E/U+200F) reorder nothing and stay.
_BIDI_CONTROLS = re.compile("[\u202a-\u202e\u2066-\u2069]")

# Django decodes a request body with errors="replace": each byte that was not UTF-8 became this.
REPLACEMENT_CHARACTER = "\ufffd"


def strip_bidi_controls(text: str) -> str:
    return _BIDI_CONTROLS.sub("", text)


def was_undecodable(text: str) -> bool:
    """Whether the request that carried `text` held bytes that were not UTF-8."""
    return REPLACEMENT_CHARACTER in text
