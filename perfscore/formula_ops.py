"""The arithmetic of formulas: limits, the decimal context, the operators and functions a
formula may use, and how a failure is named. `expressions` checks formulas against these;
`formula_code` compiles them into functions calling exactly these."""

from __future__ import annotations

import ast
import decimal
import operator
from collections.abc import Callable
from decimal import ROUND_CEILING, ROUND_FLOOR, ROUND_HALF_EVEN, Decimal
from typing import Any

import simpleeval

from .numbers import round_half_up

MAX_LENGTH = 2000
MAX_DEPTH = 100
MAX_EXPONENT = 100
MAX_BASE = Decimal(10) ** 12
MAX_CONSTANT = Decimal(10) ** 18
MIN_CONSTANT = Decimal(10) ** -28
MAX_RESULT = Decimal(10) ** 18
MAX_PLACES = 12

#: The decimal context every formula is evaluated in, whatever the caller's context is.
CONTEXT = decimal.Context(
    prec=28,
    rounding=ROUND_HALF_EVEN,
    Emin=-999,
    Emax=999,
    capitals=1,
    clamp=0,
    flags=[],
    # Underflow too: a value too small to hold is not zero (1/(x**y) must not become "分母为0")
    traps=[decimal.InvalidOperation, decimal.DivisionByZero, decimal.Overflow, decimal.Underflow],
)


# --------------------------------------------------------------------------- errors


class FormulaZeroDivision(decimal.DivisionByZero):
    """A denominator in the formula is zero (the framework's `on_zero_division` decides)."""


class FormulaArithmeticError(ArithmeticError):
    """A formula could not be evaluated: a value out of range, an invalid operation."""


def number_operand(value: Any) -> Decimal:
    """A Decimal operand; a yes/no (from a comparison or a boolean field) counts as 1 or 0."""
    if isinstance(value, Decimal):
        return value
    if isinstance(value, (bool, int)):
        return Decimal(int(value))
    raise FormulaArithmeticError(f"expected a number, got {type(value).__name__}")


def _min(*values: Any) -> Decimal:
    return min(number_operand(v) for v in values)


def _max(*values: Any) -> Decimal:
    return max(number_operand(v) for v in values)


def _abs(value: Any) -> Decimal:
    return abs(number_operand(value))


def _round(value: Any, places: Any = 0) -> Decimal:
    """四舍五入 (Python's round would round half to even) to a whole number of places."""
    n = number_operand(places)
    if n != n.to_integral_value() or n.copy_abs() > MAX_PLACES:
        raise FormulaArithmeticError(
            f"round() takes a whole number of places from -{MAX_PLACES} to {MAX_PLACES}, got {n}"
        )
    return round_half_up(number_operand(value), int(n))


def _floor(value: Any) -> Decimal:
    return number_operand(value).to_integral_value(rounding=ROUND_FLOOR)


def _ceil(value: Any) -> Decimal:
    return number_operand(value).to_integral_value(rounding=ROUND_CEILING)


def _power(base: Any, exponent: Any) -> Decimal:
    x, y = number_operand(base), number_operand(exponent)
    if y.copy_abs() > MAX_EXPONENT or x.copy_abs() > MAX_BASE:  # no context: no overflow
        raise FormulaArithmeticError(
            f"{x} ** {y} is beyond the allowed range (base at most {MAX_BASE:,}, "
            f"exponent at most {MAX_EXPONENT})"
        )
    if x == 0 and y < 0:
        raise FormulaZeroDivision(f"0 ** {y} divides by zero")
    with decimal.localcontext(CONTEXT):
        return x**y


#: The only functions a formula may call, with how many arguments each takes (least, most).
#: Deterministic: no random, no clock, no I/O.
FUNCTIONS: dict[str, Callable[..., Any]] = {
    "min": _min,
    "max": _max,
    "abs": _abs,
    "round": _round,
    "floor": _floor,
    "ceil": _ceil,
}
ARITY: dict[str, tuple[int, int]] = {
    "min": (2, 50),
    "max": (2, 50),
    "abs": (1, 1),
    "round": (1, 2),
    "floor": (1, 1),
    "ceil": (1, 1),
}


def _add(a: Any, b: Any) -> Decimal:
    return number_operand(a) + number_operand(b)


def _sub(a: Any, b: Any) -> Decimal:
    return number_operand(a) - number_operand(b)


def _mul(a: Any, b: Any) -> Decimal:
    return number_operand(a) * number_operand(b)


def _denominator(b: Any, symbol: str) -> Decimal:
    denominator = number_operand(b)
    if denominator == 0:
        raise FormulaZeroDivision(f"the denominator of {symbol} is 0")
    return denominator


def _div(a: Any, b: Any) -> Decimal:
    return number_operand(a) / _denominator(b, "/")


def _floordiv(a: Any, b: Any) -> Decimal:
    return number_operand(a) // _denominator(b, "//")


def _mod(a: Any, b: Any) -> Decimal:
    return number_operand(a) % _denominator(b, "%")


def _neg(a: Any) -> Decimal:
    return -number_operand(a)


def _pos(a: Any) -> Decimal:
    return +number_operand(a)


def _decimal_div(a: Decimal, b: Decimal) -> Decimal:
    return CONTEXT.divide(a, _denominator(b, "/"))


def _decimal_floordiv(a: Decimal, b: Decimal) -> Decimal:
    return CONTEXT.divide_int(a, _denominator(b, "//"))


def _decimal_mod(a: Decimal, b: Decimal) -> Decimal:
    return CONTEXT.remainder(a, _denominator(b, "%"))


#: The same operations when both operands are known to be Decimals (fields declared as
#: numbers): the context's own methods, without the operand checks, but with the same
#: denominator check.
DECIMAL_OPERATORS: dict[type, Callable[..., Decimal]] = {
    ast.Add: CONTEXT.add,
    ast.Sub: CONTEXT.subtract,
    ast.Mult: CONTEXT.multiply,
    ast.Div: _decimal_div,
    ast.FloorDiv: _decimal_floordiv,
    ast.Mod: _decimal_mod,
    ast.USub: CONTEXT.minus,
    ast.UAdd: CONTEXT.plus,
}


_BINARY: dict[type[ast.operator], Callable[[Any, Any], Any]] = {
    ast.Add: _add,
    ast.Sub: _sub,
    ast.Mult: _mul,
    ast.Div: _div,
    ast.FloorDiv: _floordiv,
    ast.Mod: _mod,
    ast.Pow: _power,
}
_UNARY: dict[type[ast.unaryop], Callable[[Any], Any]] = {
    ast.USub: _neg,
    ast.UAdd: _pos,
    ast.Not: operator.not_,
}
_COMPARE: dict[type[ast.cmpop], Callable[[Any, Any], Any]] = {
    ast.Eq: operator.eq,
    ast.NotEq: operator.ne,
    ast.Lt: operator.lt,
    ast.LtE: operator.le,
    ast.Gt: operator.gt,
    ast.GtE: operator.ge,
}
#: simpleeval's operator table, restricted to what the allow-list admits.
OPERATORS: dict[type, Callable[..., Any]] = {**_BINARY, **_UNARY, **_COMPARE}


def check_result(value: Any) -> Any:
    """A formula's result as perfscore accepts it: a yes/no, or a finite Decimal of at most
    MAX_RESULT. Raises FormulaArithmeticError otherwise."""
    if isinstance(value, bool):
        return value
    if not isinstance(value, Decimal):
        raise FormulaArithmeticError(f"gave {type(value).__name__}, not a number")
    if not value.is_finite() or value.copy_abs() > MAX_RESULT:
        raise FormulaArithmeticError(f"gave {value}, beyond the range ±{MAX_RESULT:.0E}")
    return value


#: What a failing formula may raise on the way; `translate_failure` names each.
FAILURES: tuple[type[BaseException], ...] = (
    ArithmeticError,
    TypeError,
    ValueError,
    RecursionError,
    MemoryError,
    simpleeval.InvalidExpression,
)


def translate_failure(exc: BaseException) -> ArithmeticError:
    """A formula's failure as perfscore reports it: FormulaZeroDivision for a zero
    denominator, FormulaArithmeticError (with what went wrong) for anything else."""
    if isinstance(exc, (FormulaZeroDivision, FormulaArithmeticError)):
        return exc
    if isinstance(exc, (decimal.DivisionByZero, ZeroDivisionError)):
        return FormulaZeroDivision(f"division by zero ({exc})")
    if isinstance(exc, decimal.Overflow):
        return FormulaArithmeticError("a value grew beyond 1E+999")
    if isinstance(exc, decimal.Underflow):
        return FormulaArithmeticError(
            "a value shrank below 1E-999, too small to compute with (it is not zero)"
        )
    if isinstance(exc, decimal.InvalidOperation):
        return FormulaArithmeticError(
            "an invalid operation (a negative number to a fractional power, or a result too "
            "large to round)"
        )
    return FormulaArithmeticError(f"{type(exc).__name__}: {exc}")
