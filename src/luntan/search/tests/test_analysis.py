import re

from luntan.search.analysis import fold, index_tokens, parse_query

TOKEN = re.compile(r"^z[0-9a-z]{4,64}$")


def tokens(text: str) -> set[str]:
    return set(index_tokens(text).split())


def required(query: str) -> set[str]:
    return {t for clause in parse_query(query).clauses for t in clause.required}


def test_traditional_full_width_and_case_fold_to_one_form():
    assert fold("扎魯特旗 ＡＢＣ１２３") == "扎鲁特旗 abc123"


def test_every_pair_and_character_of_a_run_is_a_token():
    assert required("停水") <= tokens("明天全市停水")
    assert required("市") <= tokens("明天全市停水")
    assert required("霍林郭勒") <= tokens("霍林郭勒市租房")


def test_a_query_finds_text_written_in_the_other_script():
    assert required("扎魯特旗") <= tokens("扎鲁特旗新闻")
    assert required("扎鲁特旗") <= tokens("扎魯特旗新聞")


def test_a_phone_number_matches_however_its_groups_are_written():
    assert required("13812345678") <= tokens("電話 138-1234-5678")
    assert required("138 1234 5678") <= tokens("电话13812345678")
    assert required("1234") <= tokens("電話 138-1234-5678")


def test_every_token_is_plain_ascii_of_three_characters_or_more():
    text = '霍林郭勒 "OR" NEAR(a b) -x *:y 13812345678 ＡＢ ' + "長" * 200 + "a" * 300
    for token in index_tokens(text).split() + list(required(text)):
        assert TOKEN.match(token), token


def test_query_syntax_is_only_text():
    assert required('"停水" OR -停水*') == required("停水 or")


def test_punctuation_alone_is_no_query():
    assert not parse_query('！？。，…—「」"*:-()')
    assert not parse_query("   ")
    assert not parse_query("\ufffd\ufffd")
