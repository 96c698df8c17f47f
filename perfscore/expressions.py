"""Formulas: checked once against an allow-list, compiled once, evaluated many times.

A formula is an arithmetic expression over base-data fields and derived values, Chinese names
allowed: `在职人员数 / 编制数 * 100`. Report-style symbols are accepted and normalised:
× ÷ （ ） and full-width digits and operators.

Safety does not rest on simpleeval alone. Before simpleeval ever sees a formula, its syntax tree
is checked against this module's own allow-list: numbers, names, + - * / // % **, comparisons,
and/or/not, `a if c else b`, and calls to the functions in `FUNCTIONS` by plain name. Anything
else — attributes, subscripts, strings, lambdas, comprehensions, keywords, starred arguments — is
rejected when the framework loads. Length, nesting depth and exponents are bounded.
"""

from __future__ import annotations

import ast
import decimal
import math
from collections.abc import Callable, Mapping
from decimal import Decimal
from typing import Any

import simpleeval

from .errors import FormulaError
from .numbers import round_half_up

MAX_LENGTH = 2000
MAX_DEPTH = 40
MAX_EXPONENT = 100
MAX_BASE = Decimal(10) ** 12

_TRANSLATION = str.maketrans(
    {
        "×": "*",
        "÷": "/",
        "（": "(",
        "）": ")",
        "＋": "+",
        "－": "-",
        "＊": "*",
        "／": "/",
        "＜": "<",
        "＞": ">",
        "＝": "=",
        "，": ",",
        "．": ".",
        **{chr(0xFF10 + i): str(i) for i in range(10)},
    }
)


def _round(value: Decimal, places: Decimal = Decimal(0)) -> Decimal:
    """四舍五入 (Python's round would round half to even)."""
    return round_half_up(value, int(places))


def _floor(value: Decimal) -> Decimal:
    return Decimal(math.floor(value))


def _ceil(value: Decimal) -> Decimal:
    return Decimal(math.ceil(value))


def _power(base: Decimal, exponent: Decimal) -> Decimal:
    if abs(exponent) > MAX_EXPONENT or abs(base) > MAX_BASE:
        raise ArithmeticError(f"{base} ** {exponent} is beyond the allowed range")
    return Decimal(base) ** Decimal(exponent)


#: The only functions a formula may call. Deterministic: no random, no clock, no I/O.
FUNCTIONS: dict[str, Callable[..., Any]] = {
    "min": min,
    "max": max,
    "abs": abs,
    "round": _round,
    "floor": _floor,
    "ceil": _ceil,
}

_BINARY = {
    ast.Add: lambda a, b: a + b,
    ast.Sub: lambda a, b: a - b,
    ast.Mult: lambda a, b: a * b,
    ast.Div: lambda a, b: a / b,
    ast.FloorDiv: lambda a, b: a // b,
    ast.Mod: lambda a, b: a % b,
    ast.Pow: _power,
}
_UNARY = {ast.USub: lambda a: -a, ast.UAdd: lambda a: +a, ast.Not: lambda a: not a}
_COMPARE = {
    ast.Eq: lambda a, b: a == b,
    ast.NotEq: lambda a, b: a != b,
    ast.Lt: lambda a, b: a < b,
    ast.LtE: lambda a, b: a <= b,
    ast.Gt: lambda a, b: a > b,
    ast.GtE: lambda a, b: a >= b,
}
#: simpleeval's operator table, restricted to what the allow-list admits.
OPERATORS: dict[type, Callable[..., Any]] = {}
for _table in (_BINARY, _UNARY, _COMPARE):
    OPERATORS.update(_table)  # type: ignore[arg-type]

_ALLOWED_NODES = (
    ast.Expression,
    ast.BinOp,
    ast.UnaryOp,
    ast.BoolOp,
    ast.Compare,
    ast.IfExp,
    ast.Call,
    ast.Name,
    ast.Load,
    ast.Constant,
    ast.And,
    ast.Or,
    *OPERATORS,
)


class Formula:
    """A checked, compiled formula. `names` are the fields and derived values it reads."""

    __slots__ = ("_tree", "names", "source")

    def __init__(self, source: str, *, where: str, file: str | None = None) -> None:
        self.source = source
        tree = _parse(source, where, file)
        _check(tree, source, where, file)
        _decimal_constants(tree)
        self._tree = tree.body
        self.names = (
            frozenset(node.id for node in ast.walk(tree) if isinstance(node, ast.Name))
            - FUNCTIONS.keys()
        )

    def evaluate(self, names: Mapping[str, Any]) -> Any:
        """Evaluate over `names`; arithmetic failures propagate as ArithmeticError subclasses
        (decimal.DivisionByZero, decimal.InvalidOperation) for the caller to name."""
        evaluator = simpleeval.SimpleEval(
            operators=OPERATORS, functions=FUNCTIONS, names={n: names[n] for n in self.names}
        )
        return evaluator.eval(self.source, previously_parsed=self._tree)

    def __repr__(self) -> str:
        return f"Formula({self.source!r})"


def normalise(source: str) -> str:
    """Report-style symbols to Python operators: （a/b）×100 -> (a/b)*100."""
    return source.translate(_TRANSLATION).strip()


def _parse(source: str, where: str, file: str | None) -> ast.Expression:
    if not isinstance(source, str) or not source.strip():
        raise FormulaError("formula is empty", file=file, path=where, field="formula")
    if len(source) > MAX_LENGTH:
        raise FormulaError(
            f"formula is {len(source)} characters; the limit is {MAX_LENGTH}",
            file=file,
            path=where,
            field="formula",
        )
    try:
        return ast.parse(normalise(source), mode="eval")
    except (SyntaxError, ValueError, RecursionError, MemoryError) as exc:
        detail = getattr(exc, "msg", None) or type(exc).__name__
        raise FormulaError(
            f"formula {source!r} is not a valid expression: {detail}",
            file=file,
            path=where,
            field="formula",
        ) from None


def _check(tree: ast.Expression, source: str, where: str, file: str | None) -> None:
    def reject(message: str) -> FormulaError:
        return FormulaError(
            f"formula {source!r}: {message}", file=file, path=where, field="formula"
        )

    if _depth(tree) > MAX_DEPTH:
        raise reject(f"nested deeper than {MAX_DEPTH} levels")
    for node in ast.walk(tree):
        if not isinstance(node, _ALLOWED_NODES):
            raise reject(f"{type(node).__name__} is not allowed in a formula")
        if isinstance(node, ast.Name) and (node.id.startswith("_") or "__" in node.id):
            raise reject(f"name {node.id!r} is not allowed (leading underscore)")
        if isinstance(node, ast.Constant) and (
            isinstance(node.value, bool) or not isinstance(node.value, (int, float))
        ):
            raise reject(f"constant {node.value!r} is not allowed; only numbers are")
        if isinstance(node, ast.Call):
            if not isinstance(node.func, ast.Name) or node.func.id not in FUNCTIONS:
                name = node.func.id if isinstance(node.func, ast.Name) else "an expression"
                allowed = ", ".join(sorted(FUNCTIONS))
                raise reject(f"calling {name} is not allowed; allowed functions: {allowed}")
            if node.keywords:
                raise reject("keyword arguments are not allowed")
        if isinstance(node, ast.Name) and node.id in FUNCTIONS and not _is_callee(tree, node):
            raise reject(f"function {node.id!r} can only be called")


def _is_callee(tree: ast.AST, name: ast.Name) -> bool:
    return any(isinstance(n, ast.Call) and n.func is name for n in ast.walk(tree))


def _depth(node: ast.AST) -> int:
    # Iterative, so that a pathological formula cannot exhaust the stack here.
    deepest, stack = 0, [(node, 1)]
    while stack:
        current, level = stack.pop()
        deepest = max(deepest, level)
        stack.extend((child, level + 1) for child in ast.iter_child_nodes(current))
    return deepest


def _decimal_constants(tree: ast.AST) -> None:
    """Numbers in a formula become Decimals, so that 0.1 means exactly one tenth."""
    for node in ast.walk(tree):
        if isinstance(node, ast.Constant) and isinstance(node.value, (int, float)):
            value = repr(node.value) if isinstance(node.value, float) else node.value
            node.value = Decimal(value)  # type: ignore[assignment]


ARITHMETIC_ERRORS = (ArithmeticError, decimal.DecimalException, TypeError)
