"""Exact decimal arithmetic: reading numbers, rounding 四舍五入, printing without float noise."""

from __future__ import annotations

import math
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

ZERO = Decimal(0)
ONE = Decimal(1)
HUNDRED = Decimal(100)
#: The sizes of number perfscore reads (docs/security.md): beyond them a value is a mistake or an
#: attack, and exact arithmetic and printing would cost without bound.
LARGEST = Decimal("1E18")
SMALLEST = Decimal("1E-28")


def to_decimal(value: object) -> Decimal:
    """Convert an int, float, Decimal or numeric string to Decimal; raise ValueError otherwise.

    Floats go through `repr` so that 0.1 becomes Decimal('0.1'), not its binary expansion.
    Booleans, NaN and infinities are refused: a score never rests on them.
    """
    if type(value) is Decimal:  # the common case, checked first
        result = value
    elif isinstance(value, bool):
        raise ValueError(f"expected a number, got {value!r}")
    elif isinstance(value, Decimal):
        result = value
    elif isinstance(value, int):
        if abs(value) > 10**18:  # compared as ints: converting a huge int costs
            raise ValueError(f"expected a number of at most {LARGEST:.0E} in size")
        result = Decimal(value)
    elif isinstance(value, float):
        if not math.isfinite(value):
            raise ValueError(f"expected a finite number, got {value!r}")
        result = Decimal(repr(value))
    elif isinstance(value, str):
        try:
            result = Decimal(value.strip())
        except InvalidOperation:
            raise ValueError(f"expected a number, got {value!r}") from None
    else:
        raise ValueError(f"expected a number, got {_kind(value)}")
    if not result.is_finite():
        raise ValueError(f"expected a finite number, got {value!r}")
    if result and not SMALLEST <= result.copy_abs() <= LARGEST:  # copy_abs: no context
        raise ValueError(
            f"expected a number from {SMALLEST:.0E} to {LARGEST:.0E} in size, got {result:.6E}"
        )
    return result


def _kind(value: object) -> str:
    """What a non-number is, without printing it (it may be huge or nested without end)."""
    if value is None:
        return "nothing (an empty value)"
    if isinstance(value, (list, tuple, set, frozenset)):
        return f"a list of {len(value)} item(s)"
    if isinstance(value, dict):
        return f"a mapping of {len(value)} key(s)"
    text = repr(value) if isinstance(value, (bytes, complex)) else ""
    return f"{type(value).__name__} {text[:40]}".strip()


def round_half_up(value: Decimal, places: int) -> Decimal:
    """四舍五入 to `places` decimal places."""
    quantum = _QUANTA.get(places)
    if quantum is None:
        quantum = Decimal(1).scaleb(-places)
    return value.quantize(quantum, rounding=ROUND_HALF_UP)


#: 1, 0.1, 0.01 …: the quanta of the precisions frameworks declare, made once.
_QUANTA = {places: Decimal(1).scaleb(-places) for places in range(-6, 29)}


def plain(value: Decimal) -> str:
    """The shortest plain-notation text of a decimal: 3.00 -> '3', 2.50 -> '2.5', 1E+2 -> '100'."""
    if value == value.to_integral_value():
        return str(value.quantize(ONE))
    text = format(value.normalize(), "f")
    return text


def fixed(value: Decimal, places: int) -> str:
    """Rounded half-up to `places` and printed with exactly that many decimals: '90.02'."""
    return format(round_half_up(value, places), "f")


def json_number(value: Decimal) -> int | float:
    """A JSON-ready number with the same digits: int when integral, else the float whose repr
    is the decimal's shortest text (safe for the ≤15 significant digits scores carry)."""
    if value == value.to_integral_value():
        return int(value)
    return float(plain(value))
