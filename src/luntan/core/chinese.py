"""Simplified ⇄ Traditional for what members and operators wrote (UI strings use the catalogs).

A reader who picks 繁體 sees titles, board names and posts in Traditional whatever script they were
written in, and the other way round — converted by OpenCC phrase tables, never character by
character, so nothing like the pinyin-bracket artefacts of web converters appears.
"""

from functools import lru_cache

import opencc
from django.utils.translation import get_language

# Taiwan-standard forms (設為首頁, 吃) read naturally; plain s2t turns 吃 into 喫.
_CONFIG_FOR_LANGUAGE = {"zh-hant": "s2tw", "zh-hans": "tw2s"}


@lru_cache(maxsize=4)
def _converter(config: str) -> opencc.OpenCC:
    return opencc.OpenCC(config)


# Titles, names and labels recur on every page: each distinct short text is converted once per
# process. Long texts (posts) are not kept; their rendered pages and fragments are cached instead.
_MEMO_MAX_CHARS = 200


@lru_cache(maxsize=4096)
def _convert_short(config: str, text: str) -> str:
    return _converter(config).convert(text)


def to_reader_script(text: str, language: str | None = None) -> str:
    config = _CONFIG_FOR_LANGUAGE.get((language or get_language() or "").lower())
    if not text or config is None:
        return text
    if len(text) <= _MEMO_MAX_CHARS:
        return _convert_short(config, text)
    return _converter(config).convert(text)
