import pytest
from django.utils import translation

from luntan.credits.formula import DEFAULT_FORMULA, FormulaError, describe, evaluate, parse_formula

MEMBER = {"posts": 10, "threads": 3, "digests": 2, "extcredits1": 4, "extcredits2": 7}


def test_the_default_formula_adds_posts_digests_and_the_three_credits_like_discuz():
    # posts + digests*5 + 威望*2 + 金钱 + 贡献
    assert evaluate(parse_formula(DEFAULT_FORMULA), MEMBER) == 10 + 2 * 5 + 4 * 2 + 7 + 0


def test_brackets_division_and_unary_minus_work_and_the_result_is_truncated():
    tree = parse_formula("(posts - threads) / 2 + -extcredits1")
    assert evaluate(tree, MEMBER) == int((10 - 3) / 2 - 4)


def test_a_division_by_zero_counts_as_zero_instead_of_failing():
    assert evaluate(parse_formula("posts / extcredits8 + 1"), MEMBER) == 1


@pytest.mark.parametrize(
    ("formula", "message"),
    [
        ("posts ** 9", "只能使用 + - * /"),
        ("__import__('os')", "只能使用数字"),
        ("posts.real", "只能使用数字"),
        ("money + posts", "未知的名称“money”"),
        ("'1' + posts", "只能写数字和积分名称"),
        ("True + posts", "只能写数字和积分名称"),
        ("posts +", "写法有误"),
        ("[posts]", "只能使用数字"),
        ("posts if threads else 1", "只能使用数字"),
        ("", "请填写"),
        ("posts+" * 60 + "1", "太长"),
    ],
)
def test_anything_but_numbers_names_and_arithmetic_is_refused_in_chinese(formula, message):
    with translation.override("zh-hans"), pytest.raises(FormulaError) as refused:
        parse_formula(formula)
    assert message in str(refused.value)


def test_huge_numbers_stay_within_the_column_range():
    assert evaluate(parse_formula("9" * 200 + " * 9" * 10), {}) == 2**31 - 1
    assert evaluate(parse_formula("1e308 * 1e308"), {}) == 0


def test_the_formula_reads_in_chinese_for_members():
    labels = {
        "posts": "发帖数",
        "digests": "精华帖数",
        "extcredits1": "威望",
        "extcredits2": "金钱",
    }
    tree = parse_formula("posts + digests*5 + extcredits1*2 + (extcredits2 - posts) / 2")
    assert describe(tree, labels) == "发帖数 + 精华帖数 × 5 + 威望 × 2 + (金钱 - 发帖数) ÷ 2"
