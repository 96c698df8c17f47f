"""Exact decimal arithmetic: reading numbers, rounding 四舍五入, printing without float noise."""

from __future__ import annotations

import math
from decimal import ROUND_DOWN, ROUND_HALF_UP, ROUND_UP, Decimal, InvalidOperation

from .i18n import Message, say
from .json_text import JsonDecimal

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
    if type(value) is Decimal:  # the common cases, checked first
        result = value
    elif type(value) is int:  # (a bool is no int here: its type is bool)
        if abs(value) > 10**18:  # compared as ints: converting a huge int costs
            raise ValueError(say("error.number.too-large-int", largest=f"{LARGEST:.0E}"))
        return Decimal(value)  # finite, and 0 or at least 1: the checks below hold already
    elif isinstance(value, bool):
        raise ValueError(say("error.number.not-number", got=repr(value)))
    elif isinstance(value, Decimal):
        result = value
    elif isinstance(value, int):  # an int subclass (numpy's are not): as an int
        return to_decimal(int(value))
    elif isinstance(value, float):
        if not math.isfinite(value):
            raise ValueError(say("error.number.not-finite", got=repr(value)))
        result = Decimal(repr(value))
    elif isinstance(value, str):
        try:
            result = Decimal(value.strip())
        except InvalidOperation:
            raise ValueError(say("error.number.not-number", got=repr(value))) from None
    else:
        raise ValueError(say("error.number.not-number", got=_kind(value)))
    if not result.is_finite():
        raise ValueError(say("error.number.not-finite", got=repr(value)))
    if result and not SMALLEST <= result.copy_abs() <= LARGEST:  # copy_abs: no context
        sizes = {"smallest": f"{SMALLEST:.0E}", "largest": f"{LARGEST:.0E}"}
        raise ValueError(say("error.number.out-of-size", **sizes, got=f"{result:.6E}"))
    return result


def _kind(value: object) -> str | Message:
    """What a non-number is, without printing it (it may be huge or nested without end)."""
    if value is None:
        return say("words.kind.nothing")
    if isinstance(value, (list, tuple, set, frozenset)):
        return say("words.kind.list", count=len(value))
    if isinstance(value, dict):
        return say("words.kind.mapping", count=len(value))
    text = repr(value) if isinstance(value, (bytes, complex)) else ""
    return f"{type(value).__name__} {text[:40]}".strip()


#: The rounding modes a framework may declare (`rounding:` on a node), by name: 四舍五入 (the
#: default), 去尾 (drop what is beyond the precision) and 进一 (any remainder takes the next unit).
ROUNDING_MODES = {"half_up": ROUND_HALF_UP, "down": ROUND_DOWN, "up": ROUND_UP}
#: How each mode is said in a reason or a message.
ROUNDING_WORDS = {"half_up": "四舍五入", "down": "去尾", "up": "进一"}


def round_half_up(value: Decimal, places: int, mode: str = "half_up") -> Decimal:
    """四舍五入 to `places` decimal places; or, with `mode` "down" or "up" (`ROUNDING_MODES`),
    去尾 (toward zero) or 进一 (away from zero): the one rounding function."""
    quantum = _QUANTA.get(places)
    if quantum is None:
        quantum = Decimal(1).scaleb(-places)
    return value.quantize(quantum, rounding=ROUNDING_MODES[mode])


#: Where the units left over by an equal split go (`remainder:`): one each to the first shares,
#: to the last, or nowhere — each share rounded on its own.
REMAINDERS = ("first", "last", "each")


def split_equally(
    total: Decimal, n: int, places: int, remainder: str = "first", mode: str = "half_up"
) -> list[Decimal]:
    """`total` in `n` equal shares at `places` decimals. With `remainder` "first" or "last", the
    shares are rounded down and the units left over go one each to the first (or last) shares,
    so that they add up to `total` exactly (50 over 6 at 2 places: 8.34, 8.34, 8.33 …); with
    "each", every share is `total / n` rounded by `mode` (15 over 4 at 0 places, half up: 4 each,
    16 in all — what "15÷n，四舍五入取整" says)."""
    if remainder == "each":
        share = round_half_up(total / n, places, mode)
        return [share] * n
    base = round_half_up(total / n, places, "down")
    extra = int((total - base * n).scaleb(places))
    step = Decimal(1).scaleb(-places)
    shares = [base + step if i < extra else base for i in range(n)]
    return shares[::-1] if remainder == "last" else shares


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
    """A JSON-safe number with the same digits: int when integral, else a `JsonDecimal` — a
    float (what `json.dumps` writes, the nearest double) that keeps the exact decimal, which
    perfscore's JSON outputs write (`json_text.dumps`: 17636684144620811.14, not
    1.7636684144620812e+16)."""
    if value == value.to_integral_value():
        return int(value)
    return JsonDecimal(value)
