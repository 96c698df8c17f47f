"""A checked formula as a Python function: the one way perfscore evaluates a formula.

`expressions.Formula` parses a formula and checks its syntax tree against the allow-list when the
framework loads. This module turns that checked tree into the source of one small Python function
of the formula's names (in `Formula.order`), compiled once:

- every operator and function is the entry of `expressions.OPERATORS` / `FUNCTIONS` — the tables
  simpleeval is given for the constant parts at load — called inside the formula decimal context
  `CONTEXT`; when both operands of + - * / // % are known to be Decimals (fields declared as
  numbers), `DECIMAL_OPERATORS` is called instead: the context's own methods, without the
  operand checks but with the same denominator check;
- the generated text holds only generated identifiers (`a0`, `k3`): every constant and function
  is a closure value, never spliced into the source, and the function runs with no builtins;
- failures are translated exactly as `expressions.translate_failure` says: a zero denominator is
  `FormulaZeroDivision`, anything else `FormulaArithmeticError`; the result is checked by
  `check_result` (a yes/no, or a finite Decimal of at most `MAX_RESULT`).
"""

from __future__ import annotations

import ast
import decimal
from collections.abc import Callable, Iterable, Mapping
from decimal import Decimal
from typing import Any

from .formula_ops import (
    CONTEXT,
    DECIMAL_OPERATORS,
    FAILURES,
    FUNCTIONS,
    MAX_RESULT,
    OPERATORS,
    check_result,
    translate_failure,
)

#: What a name holds: "D" always a Decimal, "B" always a yes/no, "?" either (or unknown).
Kind = str

_COMPARE = {ast.Eq: "==", ast.NotEq: "!=", ast.Lt: "<", ast.LtE: "<=", ast.Gt: ">", ast.GtE: ">="}


class Uncompilable(Exception):
    """A node the allow-list admits but this compiler does not know (a bug: the two disagree)."""


def compile_tree(
    tree: ast.AST, order: tuple[str, ...], kinds: Mapping[str, Kind], label: str
) -> Callable[..., Any]:
    """The function `f(*values)` computing `tree` with the names in `order` bound positionally
    (names as Python reads them); `kinds` says which names always hold a Decimal or a yes/no."""
    consts: list[Any] = []
    arguments = {name: f"a{i}" for i, name in enumerate(order)}
    expression, kind = _Expression(consts, arguments, kinds).visit(tree)
    check = _check_line(expression, kind, consts)
    failures, translate = _const(consts, FAILURES), _const(consts, translate_failure)
    lines = [
        f"def factory({', '.join(f'k{i}' for i in range(len(consts)))}):",
        f"    def formula({', '.join(arguments.values())}):",
        "        try:",
        f"            r = {expression}",
        f"        except {failures} as e:",
        f"            raise {translate}(e) from None",
        f"        {check}",
        "    return formula",
    ]
    namespace: dict[str, Any] = {"__builtins__": {}}
    exec(compile("\n".join(lines) + "\n", f"<perfscore formula {label}>", "exec"), namespace)
    function: Callable[..., Any] = namespace["factory"](*consts)
    return function


def _check_line(expression: str, kind: Kind, consts: list[Any]) -> str:
    """The result check: a Decimal (finite, since overflow is trapped) only needs its size
    checked; anything else goes through check_result."""
    check = _const(consts, check_result)
    if kind == "D":
        high, low = _const(consts, MAX_RESULT), _const(consts, -MAX_RESULT)
        return f"return r if {low} <= r <= {high} else {check}(r)"
    return f"return {check}(r)"


def _const(consts: list[Any], value: Any) -> str:
    for i, known in enumerate(consts):
        if known is value:
            return f"k{i}"
    consts.append(value)
    return f"k{len(consts) - 1}"


def _in_context(function: Callable[..., Any]) -> Callable[..., Any]:
    """`function` called inside the formula decimal context, whatever the caller's is."""

    def call(*args: Any) -> Any:
        with decimal.localcontext(CONTEXT):
            return function(*args)

    return call


_IN_CONTEXT: dict[Any, Callable[..., Any]] = {}


def _wrapped(function: Callable[..., Any]) -> Callable[..., Any]:
    wrapped = _IN_CONTEXT.get(function)
    if wrapped is None:
        wrapped = _IN_CONTEXT[function] = _in_context(function)
    return wrapped


class _Expression:
    """A checked tree as a Python expression over the arguments and constants, with the kind of
    value each part gives."""

    def __init__(self, consts: list[Any], arguments: dict[str, str], kinds: Mapping[str, Kind]):
        self.consts = consts
        self.arguments = arguments
        self.kinds = kinds

    def const(self, value: Any) -> str:
        return _const(self.consts, value)

    def call(self, function: Callable[..., Any], args: Iterable[str]) -> str:
        return f"{self.const(_wrapped(function))}({', '.join(args)})"

    def visit(self, node: ast.AST) -> tuple[str, Kind]:
        visitor = getattr(self, f"visit_{type(node).__name__}", None)
        if visitor is None:
            raise Uncompilable(type(node).__name__)
        result: tuple[str, Kind] = visitor(node)
        return result

    def visit_Name(self, node: ast.Name) -> tuple[str, Kind]:
        return self.arguments[node.id], self.kinds.get(node.id, "?")

    def visit_Constant(self, node: ast.Constant) -> tuple[str, Kind]:
        value: object = node.value
        if not isinstance(value, Decimal):  # the checker made every constant a Decimal
            raise Uncompilable(repr(value))
        return self.const(value), "D"

    def visit_BinOp(self, node: ast.BinOp) -> tuple[str, Kind]:
        (left, lk), (right, rk) = self.visit(node.left), self.visit(node.right)
        exact = DECIMAL_OPERATORS.get(type(node.op))
        if exact is not None and lk == rk == "D":
            return f"{self.const(exact)}({left}, {right})", "D"
        return self.call(OPERATORS[type(node.op)], [left, right]), "D"

    def visit_UnaryOp(self, node: ast.UnaryOp) -> tuple[str, Kind]:
        operand, kind = self.visit(node.operand)
        if isinstance(node.op, ast.Not):
            return f"(not {operand})", "B"
        exact = DECIMAL_OPERATORS.get(type(node.op))
        if exact is not None and kind == "D":
            return f"{self.const(exact)}({operand})", "D"
        return self.call(OPERATORS[type(node.op)], [operand]), "D"

    def visit_BoolOp(self, node: ast.BoolOp) -> tuple[str, Kind]:
        word = " and " if isinstance(node.op, ast.And) else " or "
        parts = [self.visit(value) for value in node.values]
        return "(" + word.join(p for p, _ in parts) + ")", _join(k for _, k in parts)

    def visit_Compare(self, node: ast.Compare) -> tuple[str, Kind]:
        pieces = [self.visit(node.left)[0]]
        for op, comparator in zip(node.ops, node.comparators, strict=True):
            pieces += [_COMPARE[type(op)], self.visit(comparator)[0]]
        return "(" + " ".join(pieces) + ")", "B"

    def visit_IfExp(self, node: ast.IfExp) -> tuple[str, Kind]:
        (body, bk), (test, _), (orelse, ok) = (
            self.visit(node.body),
            self.visit(node.test),
            self.visit(node.orelse),
        )
        return f"({body} if {test} else {orelse})", _join([bk, ok])

    def visit_Call(self, node: ast.Call) -> tuple[str, Kind]:
        assert isinstance(node.func, ast.Name)  # the checker admits plain names only
        args = [self.visit(arg)[0] for arg in node.args]
        return self.call(FUNCTIONS[node.func.id], args), "?"


def _join(kinds: Iterable[Kind]) -> Kind:
    found = set(kinds)
    return found.pop() if len(found) == 1 else "?"
