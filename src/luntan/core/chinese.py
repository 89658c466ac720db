"""Simplified ⇄ Traditional for what members and operators wrote (UI strings use the catalogs).

A reader who picks 繁體 sees titles, board names and posts in Traditional whatever script they were
written in, and the other way round — converted by OpenCC phrase tables, never character by
character, so nothing like the pinyin-bracket artefacts of web converters appears.
"""

import re
from functools import lru_cache

import opencc
from django.utils.translation import get_language

# Taiwan-standard forms (設為首頁, 吃) read naturally; plain s2t turns 吃 into 喫. zh-tw is the
# Traditional variant in Taiwan usage (軟體, 網路), which the site may choose (traditional.py).
_CONFIG_FOR_LANGUAGE = {"zh-hant": "s2tw", "zh-tw": "s2twp", "zh-hans": "tw2s"}


@lru_cache(maxsize=4)
def _converter(config: str) -> opencc.OpenCC:
    return opencc.OpenCC(config)


# Titles, names and labels recur on every page: each distinct short text is converted once per
# process. Long texts (posts) are not kept; their rendered pages and fragments are cached instead.
_MEMO_MAX_CHARS = 200


# s2twp's computing terms that no forum text means, put back. It makes them even from Traditional
# input (權限 → 許可權, 分區 → 分割槽, a disk partition), so a member's own words would change.
TAIWAN_USAGE_REPAIRS = (
    ("許可權", "權限"),
    ("分割槽", "分區"),
    ("型別", "類型"),
    ("全域性", "全域"),
)


def _convert(config: str, text: str) -> str:
    converted = _converter(config).convert(text)
    if config == "s2twp":
        for jargon, word in TAIWAN_USAGE_REPAIRS:
            converted = converted.replace(jargon, word)
    return converted


@lru_cache(maxsize=4096)
def _convert_short(config: str, text: str) -> str:
    return _convert(config, text)


def to_reader_script(text: str, language: str | None = None) -> str:
    config = _CONFIG_FOR_LANGUAGE.get((language or get_language() or "").lower())
    if not text or config is None:
        return text
    if len(text) <= _MEMO_MAX_CHARS:
        return _convert_short(config, text)
    return _convert(config, text)


# A tag, with quoted attribute values that may hold ">" (a URL's query, say).
_TAG = re.compile(r"""<(?:[^>"']|"[^"]*"|'[^']*')*>""")
_VERBATIM = {"code", "pre"}
_TAG_NAME = re.compile(r"</?([a-zA-Z0-9]+)")
# Joins the text pieces for one OpenCC call; private use, so no member writes it by accident.
_SEPARATOR = "\ue000"


def to_reader_script_html(html: str, language: str | None = None) -> str:
    """Sanitised HTML in the reader's script, converting only what people read: text outside
    tags and outside <code>/<pre>. Link targets, attribute values and code come out byte for
    byte, so a link to …/后台/ still leads there on a Traditional page."""
    if not html or _CONFIG_FOR_LANGUAGE.get((language or get_language() or "").lower()) is None:
        return html
    pieces = _TAG.split(html)
    tags = _TAG.findall(html)
    readable: list[int] = []
    verbatim_depth = 0
    for index, tag in enumerate(tags):
        # pieces[index] is the text before tags[index]
        if verbatim_depth == 0 and pieces[index]:
            readable.append(index)
        name = _TAG_NAME.match(tag)
        if name and name.group(1).lower() in _VERBATIM:
            verbatim_depth += -1 if tag.startswith("</") else 1
            verbatim_depth = max(verbatim_depth, 0)
    if verbatim_depth == 0 and pieces[-1]:
        readable.append(len(pieces) - 1)
    texts = [pieces[i] for i in readable]
    if not texts:
        return html
    if any(_SEPARATOR in text for text in texts):
        converted = [to_reader_script(text, language) for text in texts]
    else:
        converted = to_reader_script(_SEPARATOR.join(texts), language).split(_SEPARATOR)
    for index, text in zip(readable, converted, strict=True):
        pieces[index] = text
    out = [pieces[0]]
    for tag, text in zip(tags, pieces[1:], strict=True):
        out += [tag, text]
    return "".join(out)
