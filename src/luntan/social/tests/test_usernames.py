"""The username offered on the one-step page is the nickname, made valid and unique."""

from luntan.conftest import make_user
from luntan.social.usernames import suggest_username


def test_a_chinese_nickname_is_kept(db):
    assert suggest_username("霍林河小王", fallback="QQ用户") == "霍林河小王"


def test_emoji_spaces_and_punctuation_are_dropped(db):
    assert suggest_username("★ 小王 😊 (通辽)", fallback="QQ用户") == "小王通辽"


def test_full_width_letters_and_digits_are_folded(db):
    assert suggest_username("ＷＡＮＧ１２３", fallback="QQ用户") == "WANG123"


def test_a_taken_name_gets_the_first_free_number(db):
    make_user("小王")
    make_user("小王2")

    assert suggest_username("小王", fallback="QQ用户") == "小王3"


def test_taken_is_judged_without_regard_to_case(db):
    make_user("Wang")

    assert suggest_username("wang", fallback="QQ用户") == "wang2"


def test_a_nickname_with_nothing_usable_falls_back(db):
    assert suggest_username("😊😊", fallback="QQ用户") == "QQ用户"


def test_a_long_nickname_is_shortened(db):
    assert len(suggest_username("长" * 60, fallback="QQ用户")) == 20
