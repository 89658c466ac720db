"""Word list import and export: plain text, one entry a line, as Discuz! writes it.

    法轮功              禁止 (a bare word)
    法轮功={BANNED}     禁止
    代开{2}发票={MOD}   审核
    傻逼=**             替换为 **

Blank lines and lines starting with # are skipped. A file is taken whole or not at all: any bad
line refuses the import, and every bad line is named with its number.
"""

from dataclasses import dataclass

from django.db import transaction
from django.utils.translation import gettext as _

from . import wordfilter
from .models import FilterWord
from .querysets import forget_word_list

_BANNED_MARK = "{BANNED}"
_REVIEW_MARK = "{MOD}"
# Reported at most; a file with more bad lines is probably not a word list at all.
_MAX_REPORTED = 50


@dataclass(frozen=True)
class LineError:
    number: int
    line: str
    message: str


class WordFileError(Exception):
    def __init__(self, errors: list[LineError]) -> None:
        super().__init__(errors)
        self.errors = errors


def _parse_line(line: str) -> FilterWord:
    pattern, sep, target = line.partition("=")
    pattern, target = pattern.strip(), target.strip()
    if not sep or target == _BANNED_MARK:
        action, replacement = FilterWord.Action.BANNED, ""
    elif target == _REVIEW_MARK:
        action, replacement = FilterWord.Action.REVIEW, ""
    elif target:
        action, replacement = FilterWord.Action.REPLACE, target
    else:
        raise wordfilter.PatternError(_("“=”后面没有替换的文字。"))
    max_length = FilterWord._meta.get_field("pattern").max_length
    if len(pattern) > max_length or len(replacement) > max_length:
        raise wordfilter.PatternError(_("词语和替换文字最多 %(n)d 个字。") % {"n": max_length})
    key = wordfilter.pattern_key(pattern)
    return FilterWord(pattern=pattern, key=key, action=action, replacement=replacement)


def parse_word_file(text: str, *, known_keys: set[str]) -> list[FilterWord]:
    """The entries of a file; WordFileError naming each bad line (empty, unusable `{n}`, or a
    duplicate of an earlier line or of `known_keys`)."""
    words: list[FilterWord] = []
    errors: list[LineError] = []
    first_line: dict[str, int] = {}
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.strip().lstrip("\ufeff")
        if not line or line.startswith("#"):
            continue
        try:
            word = _parse_line(line)
        except wordfilter.PatternError as error:
            errors.append(LineError(number, line, str(error)))
            continue
        if word.key in first_line:
            message = _("与第 %(n)d 行重复。") % {"n": first_line[word.key]}
            errors.append(LineError(number, line, message))
        elif word.key in known_keys:
            errors.append(LineError(number, line, _("词表中已有相同的词语。")))
        else:
            first_line[word.key] = number
            words.append(word)
    if errors:
        raise WordFileError(errors[:_MAX_REPORTED])
    return words


def import_words(text: str, *, replace_all: bool) -> int:
    """Add a file's entries (or, with `replace_all`, make them the whole list); how many."""
    with transaction.atomic():
        if replace_all:
            FilterWord.objects.all().delete()
            known: set[str] = set()
        else:
            known = set(FilterWord.objects.values_list("key", flat=True))
        words = parse_word_file(text, known_keys=known)
        FilterWord.objects.bulk_create(words, batch_size=1000)
        forget_word_list()
    return len(words)


def export_words() -> str:
    """The whole list in the import format."""
    marks = {FilterWord.Action.BANNED: _BANNED_MARK, FilterWord.Action.REVIEW: _REVIEW_MARK}
    lines = [
        f"{pattern}={marks.get(action, replacement)}"
        for pattern, action, replacement in FilterWord.objects.order_by("pk").values_list(
            "pattern", "action", "replacement"
        )
    ]
    return "".join(f"{line}\n" for line in lines)
