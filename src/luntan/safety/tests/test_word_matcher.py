"""The matcher sees through the evasions spammers use; each evasion has its own case."""

import time

import pytest

from luntan.safety.wordfilter import (
    BANNED,
    REPLACE,
    REVIEW,
    Entry,
    Matcher,
    PatternError,
    parse_pattern,
    pattern_key,
)

MATCHER = Matcher(
    [
        Entry("法輪功", BANNED),
        Entry("代开{2}发票", REVIEW),
        Entry("傻逼", REPLACE, "**"),
        Entry("Casino", BANNED),
        Entry("vx{1}加", REVIEW),
    ]
)


@pytest.mark.parametrize(
    "text",
    [
        "我在练法轮功",  # Simplified text, Traditional entry
        "我在練法輪功",  # Traditional as written
        "法　輪　功",  # full-width spaces
        "法 輪 功",  # spaces
        "法.輪,功!",  # punctuation between characters
        "法★輪♥功",  # symbols between characters
        "法\u200b輪\u200d功",  # zero-width space and joiner
        "法\ufeff轮\u2060功",  # BOM and word joiner
        "[b]法[/b]轮[color=red]功[/color]",  # BBCode tags between characters
    ],
    ids=[
        "simplified",
        "traditional",
        "fullwidth-space",
        "space",
        "punct",
        "symbols",
        "zero-width",
        "format-chars",
        "bbcode",
    ],
)
def test_banned_word_is_found_through_the_evasion(text):
    assert MATCHER.screen(text, markup=True).banned == ["法輪功"]


@pytest.mark.parametrize(
    "text",
    ["ＣＡＳＩＮＯ", "casino", "CaSiNo", "Ｃａｓｉｎｏ", "c-a-s-i-n-o"],
    ids=["fullwidth-upper", "lower", "mixed-case", "fullwidth-lower", "hyphens"],
)
def test_latin_word_is_found_whatever_its_width_and_case(text):
    assert MATCHER.screen(f"new {text} online").banned == ["Casino"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("代开发票", True),
        ("代开一张发票", True),
        ("代开 一 张 发票", True),
        ("代开三四张发票", False),
        ("发票代开", False),
    ],
    ids=["no-gap", "gap-2", "gap-2-with-spaces", "gap-3", "reversed"],
)
def test_gap_entry_matches_at_most_n_characters_between_its_parts(text, expected):
    assert (MATCHER.screen(text).review == ["代开{2}发票"]) is expected


def test_replacement_rewrites_the_members_text_and_keeps_the_rest():
    result = MATCHER.screen("你个傻 逼，還有傻逼。", markup=True)
    assert result.text == "你个**，還有**。"
    assert result.banned == [] and result.review == []


def test_hit_names_what_the_member_wrote():
    result = MATCHER.screen("他說：法 . 輪 功好")
    assert [hit.text for hit in result.hits] == ["法 . 輪 功"]


def test_text_without_listed_words_is_unchanged():
    result = MATCHER.screen("霍林河冬季供暖通知：供暖從 11 月開始")
    assert (result.text, result.hits) == ("霍林河冬季供暖通知：供暖從 11 月開始", ())


def test_empty_list_passes_everything():
    assert Matcher([]).screen("法輪功").hits == ()


@pytest.mark.parametrize(
    "pattern",
    ["", "   ", "，。！", "{3}发票", "代开{3}", "a{2}{2}b", "a{21}b", "a{1}b{1}c{1}d{1}e"],
    ids=[
        "empty",
        "spaces",
        "punctuation",
        "leading-gap",
        "trailing-gap",
        "double-gap",
        "gap-too-wide",
        "too-many-gaps",
    ],
)
def test_unusable_pattern_is_refused(pattern):
    with pytest.raises(PatternError):
        parse_pattern(pattern)


def test_traditional_and_simplified_spellings_are_one_entry():
    assert pattern_key("法輪功") == pattern_key("法轮功") == pattern_key("法 轮 功")
    assert pattern_key("代開{2}發票") == "代开{2}发票"


def test_many_gap_entries_on_a_repetitive_text_stay_linear():
    # A bound against a super-linear chaining, not a speed figure (those are in bench/).
    matcher = Matcher([Entry(f"啊{{20}}{chr(0x4E00 + n)}", BANNED) for n in range(200)])
    started = time.perf_counter()
    matcher.screen("啊" * 10_000)
    assert time.perf_counter() - started < 5
