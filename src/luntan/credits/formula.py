"""The total-credits formula an administrator writes, e.g. `posts + digests*5 + extcredits1*2`.

The text is parsed with `ast` and walked here: only numbers, the names below, + - * / and
parentheses are accepted. Nothing the administrator typed is ever compiled or evaluated by Python.
"""

import ast
import math
import operator
from collections.abc import Callable, Mapping

from django.utils.translation import gettext as _

DEFAULT_FORMULA = "posts + digests*5 + extcredits1*2 + extcredits2 + extcredits3"
NAMES = ("posts", "threads", "digests", *(f"extcredits{slot}" for slot in range(1, 9)))
MAX_LENGTH = 255
TOTAL_LIMIT = 2**31 - 1  # User.credits is a 32-bit integer column

_BINARY: dict[type, Callable[[float, float], float]] = {
    ast.Add: operator.add,
    ast.Sub: operator.sub,
    ast.Mult: operator.mul,
    ast.Div: operator.truediv,
}
_UNARY: dict[type, Callable[[float], float]] = {ast.UAdd: operator.pos, ast.USub: operator.neg}


class FormulaError(ValueError):
    """The formula cannot be used; the message says why, in Chinese."""


def parse_formula(text: str) -> ast.expr:
    """The formula's expression tree, or FormulaError."""
    text = text.strip()
    if not text:
        raise FormulaError(_("请填写总积分计算公式。"))
    if len(text) > MAX_LENGTH:
        raise FormulaError(_("公式太长：最多 %(max)d 个字符。") % {"max": MAX_LENGTH})
    try:
        tree = ast.parse(text, mode="eval")
    except (SyntaxError, ValueError, RecursionError, MemoryError):
        raise FormulaError(_("公式写法有误，请检查括号和运算符。")) from None
    for node in ast.walk(tree.body):
        _check_node(node)
    return tree.body


def _check_node(node: ast.AST) -> None:
    if isinstance(node, ast.BinOp) and type(node.op) in _BINARY:
        return
    if isinstance(node, ast.UnaryOp) and type(node.op) in _UNARY:
        return
    if isinstance(node, ast.BinOp | ast.UnaryOp):
        raise FormulaError(_("公式只能使用 + - * / 和括号。"))
    if isinstance(node, ast.operator | ast.unaryop | ast.expr_context):
        return  # the operator of a BinOp/UnaryOp checked above, or a Name's load context
    if isinstance(node, ast.Constant):
        if isinstance(node.value, int | float) and not isinstance(node.value, bool):
            return
        raise FormulaError(_("公式里只能写数字和积分名称。"))
    if isinstance(node, ast.Name):
        if node.id in NAMES:
            return
        raise FormulaError(
            _("公式里有未知的名称“%(name)s”。可用的名称：%(names)s。")
            % {"name": node.id, "names": ", ".join(NAMES)}
        )
    raise FormulaError(_("公式只能使用数字、积分名称、+ - * / 和括号。"))


def evaluate(tree: ast.expr, values: Mapping[str, int]) -> int:
    """The formula's value for one member, truncated to a whole number as Discuz! does.
    A division by zero counts as 0; the result is kept within the database column's range."""
    value = _value(tree, values)
    if not math.isfinite(value):
        return 0
    return max(-TOTAL_LIMIT, min(TOTAL_LIMIT, int(value)))


def _value(node: ast.expr, values: Mapping[str, int]) -> float:
    if isinstance(node, ast.BinOp):
        left, right = _value(node.left, values), _value(node.right, values)
        if isinstance(node.op, ast.Div) and right == 0:
            return 0
        # Floats from here on: an integer product of huge literals would grow without bound.
        return _BINARY[type(node.op)](float(left), float(right))
    if isinstance(node, ast.UnaryOp):
        return _UNARY[type(node.op)](_value(node.operand, values))
    if isinstance(node, ast.Constant):
        return node.value
    if isinstance(node, ast.Name):
        return values.get(node.id, 0)
    raise FormulaError(_("公式只能使用数字、积分名称、+ - * / 和括号。"))


def describe(tree: ast.expr, labels: Mapping[str, str]) -> str:
    """The formula for readers: names replaced by their Chinese labels, × and ÷ for * and /."""
    if isinstance(tree, ast.BinOp):
        symbol = {ast.Add: "+", ast.Sub: "-", ast.Mult: "×", ast.Div: "÷"}[type(tree.op)]
        return f"{_operand(tree.left, tree, labels)} {symbol} {_operand(tree.right, tree, labels)}"
    if isinstance(tree, ast.UnaryOp):
        sign = "-" if isinstance(tree.op, ast.USub) else "+"
        return f"{sign}{_operand(tree.operand, tree, labels)}"
    if isinstance(tree, ast.Constant):
        return f"{tree.value:g}"
    if isinstance(tree, ast.Name):
        return labels.get(tree.id, tree.id)
    raise FormulaError(_("公式只能使用数字、积分名称、+ - * / 和括号。"))


def _precedence(node: ast.expr) -> int:
    if isinstance(node, ast.BinOp):
        return 1 if isinstance(node.op, ast.Add | ast.Sub) else 2
    return 3


def _operand(child: ast.expr, parent: ast.expr, labels: Mapping[str, str]) -> str:
    text = describe(child, labels)
    needs_brackets = _precedence(child) < _precedence(parent) or (
        isinstance(parent, ast.BinOp)
        and child is parent.right
        and _precedence(child) == _precedence(parent)
        and isinstance(parent.op, ast.Sub | ast.Div)
    )
    return f"({text})" if needs_brackets else text
