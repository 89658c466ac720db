"""詞語過濾: one Aho-Corasick automaton over the operator's word list, matched on a folded copy of
the text so the usual evasions fold away.

Folding, the same for entries and texts: NFKC (full-width → half-width), lower case, Traditional →
Simplified character by character (OpenCC `t2s`; per character so an entry and a text always fold
alike whatever phrase surrounds them), and everything that is not a letter, digit or mark dropped
(spaces, punctuation, symbols, zero-width and other format characters). In post bodies BBCode tags
are dropped too: the filter sees the text people read. Each folded character remembers where it
came from, so a replacement rewrites the member's own text, not the folded copy.

An entry may have Discuz!-style gaps: `法{2}功` matches 法, then at most two characters (counted
after folding), then 功. Each part is a key of the automaton; the parts of one entry are chained
after the scan, so a text is scanned once whatever the size of the list.
"""

import re
import unicodedata
from bisect import bisect_left
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache

import ahocorasick_rs
import opencc
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

BANNED = "banned"
REVIEW = "review"
REPLACE = "replace"
ACTION_LABELS = {
    BANNED: gettext_lazy("禁止"),
    REVIEW: gettext_lazy("审核"),
    REPLACE: gettext_lazy("替换"),
}

# `{n}` beyond this would match almost any two words a page apart, and the chaining would try
# them all: such entries are refused.
MAX_GAP = 20
MAX_PARTS = 4
_GAP = re.compile(r"\{(\d+)\}")
_BBCODE_TAG = re.compile(r"\[/?[a-zA-Z*]{1,10}(?:=[^\]\n]{0,500})?\]")
_KEPT_CATEGORIES = ("L", "N", "M")


class PatternError(ValueError):
    """An entry the filter cannot use; the message says why, in the operator's language."""


@lru_cache(maxsize=1)
def _t2s() -> opencc.OpenCC:
    return opencc.OpenCC("t2s")


def _fold_char(char: str) -> str:
    """What one character of a text becomes: zero, one or a few folded characters."""
    kept = [
        c
        for c in unicodedata.normalize("NFKC", char).lower()
        if unicodedata.category(c)[0] in _KEPT_CATEGORIES
    ]
    return _t2s().convert("".join(kept)) if kept else ""


# Each distinct character is folded once per process; a plain dict because this lookup runs
# for every character of every post. Bounded so a text of rare characters cannot grow it far.
_folded_chars: dict[str, str] = {}
_MAX_FOLDED_CHARS = 100_000


def fold(text: str, *, markup: bool = False) -> tuple[str, list[int]]:
    """The folded text and, for each of its characters, the index in `text` it came from."""
    if markup:
        kept, start = [], 0
        for tag in _BBCODE_TAG.finditer(text):
            kept.append((start, text[start : tag.start()]))
            start = tag.end()
        kept.append((start, text[start:]))
    else:
        kept = [(0, text)]
    memo = _folded_chars
    folded: list[str] = []
    origins: list[int] = []
    for offset, segment in kept:
        for index, char in enumerate(segment, offset):
            out = memo.get(char)
            if out is None:
                out = _fold_char(char)
                if len(memo) < _MAX_FOLDED_CHARS:
                    memo[char] = out
            if len(out) == 1:
                folded.append(out)
                origins.append(index)
            elif out:
                folded.append(out)
                origins.extend([index] * len(out))
    return "".join(folded), origins


@dataclass(frozen=True)
class Entry:
    pattern: str
    action: str
    replacement: str = ""


def parse_pattern(pattern: str) -> tuple[tuple[str, ...], tuple[int, ...]]:
    """The folded parts of an entry and the gaps allowed between them; PatternError if unusable."""
    pieces = _GAP.split(pattern.strip())
    parts = tuple(fold(piece)[0] for piece in pieces[0::2])
    gaps = tuple(int(n) for n in pieces[1::2])
    if not any(parts):
        raise PatternError(_("词语为空（只有空格或标点的词语无法匹配）。"))
    if len(parts) > MAX_PARTS:
        raise PatternError(_("词语最多只能有 %(n)d 个 {n} 间隔。") % {"n": MAX_PARTS - 1})
    if not all(parts):
        raise PatternError(_("{n} 间隔的两边都必须有文字。"))
    if any(gap > MAX_GAP for gap in gaps):
        raise PatternError(_("{n} 间隔最多 %(max)d 个字。") % {"max": MAX_GAP})
    return parts, gaps


def pattern_key(pattern: str) -> str:
    """The folded form two entries share when they match the same texts (法輪功 = 法轮功)."""
    parts, gaps = parse_pattern(pattern)
    key = parts[0]
    for gap, part in zip(gaps, parts[1:], strict=True):
        key += f"{{{gap}}}{part}"
    return key


@dataclass(frozen=True)
class Hit:
    entry: Entry
    start: int  # in the member's text
    end: int
    text: str  # what it matched there, as the member wrote it

    @property
    def action_label(self) -> str:
        return str(ACTION_LABELS[self.entry.action])


@dataclass(frozen=True)
class Screening:
    """What the filter made of a text: the text with replacements, and the entries that refuse
    it or send it to review (each named once, in the order found)."""

    text: str
    hits: tuple[Hit, ...] = field(default=())

    def words(self, action: str) -> list[str]:
        return list(
            dict.fromkeys(hit.entry.pattern for hit in self.hits if hit.entry.action == action)
        )

    @property
    def banned(self) -> list[str]:
        return self.words(BANNED)

    @property
    def review(self) -> list[str]:
        return self.words(REVIEW)


class Matcher:
    """The compiled list; build once, share between requests (it is never changed).

    Each distinct part is one key of the automaton (ahocorasick-rs: a compiled DFA, fast however
    many keys share a first character); an entry is a chain of keys, listed under its first
    key. A scan records where each key occurs (one append per occurrence, however many
    entries share the key), then tries only the chains whose first key occurred.
    """

    def __init__(self, entries: Iterable[Entry]) -> None:
        key_ids: dict[str, int] = {}
        # first key id -> the chains (entry, key ids, gaps) that start with it
        self._chains: dict[int, list[tuple[Entry, tuple[int, ...], tuple[int, ...]]]] = {}
        for entry in entries:
            parts, gaps = parse_pattern(entry.pattern)
            ids = tuple(key_ids.setdefault(part, len(key_ids)) for part in parts)
            self._chains.setdefault(ids[0], []).append((entry, ids, gaps))
        # Overlapping matches: a replacement word inside a banned one must not hide it.
        self._automaton = ahocorasick_rs.AhoCorasick(list(key_ids)) if key_ids else None

    def screen(self, text: str, *, markup: bool = False) -> Screening:
        if self._automaton is None or not text:
            return Screening(text)
        folded, origins = fold(text, markup=markup)
        # key id -> folded spans where it occurs, in order of their end (and so of their start)
        found: dict[int, list[tuple[int, int]]] = {}
        for key_id, start, end in self._automaton.find_matches_as_indexes(folded, overlapping=True):
            spans_of_key = found.get(key_id)
            if spans_of_key is None:
                spans_of_key = found[key_id] = []
            spans_of_key.append((start, end))
        spans: list[tuple[int, int, Entry]] = []
        for first in found.keys() & self._chains.keys():
            for entry, ids, gaps in self._chains[first]:
                if len(ids) == 1:
                    spans.extend((s, e, entry) for s, e in found[first])
                elif all(key_id in found for key_id in ids):
                    occurrences = [found[key_id] for key_id in ids]
                    spans.extend((s, e, entry) for s, e in _chained(occurrences, gaps))
        spans.sort(key=lambda span: (span[0], -span[1], span[2].pattern))
        hits = tuple(
            Hit(entry, origins[s], origins[e - 1] + 1, text[origins[s] : origins[e - 1] + 1])
            for s, e, entry in spans
        )
        return Screening(_replaced(text, hits), hits)


def _chained(occurrences: list[list[tuple[int, int]]], gaps: tuple[int, ...]) -> list:
    """Spans where each part starts at most its gap after the previous part ends, taking the
    nearest next part each time. A part's occurrences come sorted (the automaton reports them
    by their end, and all have the part's length)."""
    starts = [[s for s, _e in following] for following in occurrences[1:]]
    spans = []
    for start, end in occurrences[0]:
        for gap, following, following_starts in zip(gaps, occurrences[1:], starts, strict=True):
            i = bisect_left(following_starts, end)
            if i == len(following) or following[i][0] - end > gap:
                break
            end = following[i][1]
        else:
            spans.append((start, end))
    return spans


def _replaced(text: str, hits: tuple[Hit, ...]) -> str:
    """The text with each REPLACE hit's span rewritten; the leftmost, then longest, wins where
    spans overlap."""
    pieces, position = [], 0
    for hit in hits:
        if hit.entry.action != REPLACE or hit.start < position:
            continue
        pieces += [text[position : hit.start], hit.entry.replacement]
        position = hit.end
    if not pieces:
        return text
    return "".join(pieces) + text[position:]
