"""JSON text with exact decimals: the one encoder of perfscore's JSON outputs (score -f json,
reconcile --format json, batch jsonl).

`to_dict()` methods give JSON-safe values — what the standard library's `json.dumps` writes —
with every number from `numbers.json_number`: an int when integral, else a `JsonDecimal`, a
float that remembers the exact Decimal it stands for. `json.dumps` writes such a float as the
nearest binary double (1.7636684144620812e+16); `dumps` here writes the decimal's own digits
(17636684144620811.14), and is otherwise what `json.dumps` writes with the same `indent` and
separators (but for U+0085, U+2028 and U+2029, written escaped so that no reader splits a
jsonl line at them), so that a caller may use either.
"""

from __future__ import annotations

import json
import math
import re
from decimal import Decimal
from typing import Any


class JsonDecimal(float):
    """A float carrying the exact decimal it was made from (`decimal`)."""

    __slots__ = ("decimal",)
    decimal: Decimal

    def __new__(cls, value: Decimal) -> JsonDecimal:
        number = float.__new__(cls, value)
        number.decimal = value
        return number

    def __reduce__(self) -> tuple[Any, ...]:
        return JsonDecimal, (self.decimal,)


def number_text(value: Decimal) -> str:
    """A decimal as JSON writes a number: its plain digits, no exponent (0.0000001, 1200)."""
    if value == value.to_integral_value():
        return str(int(value))
    return format(value, "f").rstrip("0")  # not normalize(): it rounds to the context's digits


#: characters that end a line for some readers (Python's str.splitlines, JavaScript) though
#: JSON lets a string hold them raw: escaped, so that a jsonl record is always one line
_LINE_BREAKS = {"\x85": "\\u0085", "\u2028": "\\u2028", "\u2029": "\\u2029"}
_LINE_BREAK = re.compile("[\x85\u2028\u2029]")


def string_text(value: str) -> str:
    """A string as JSON text, non-ASCII kept except the line breaks `_LINE_BREAKS` names."""
    text = json.dumps(value, ensure_ascii=False)
    return _LINE_BREAK.sub(lambda m: _LINE_BREAKS[m[0]], text)


def dumps(value: Any, *, indent: int | None = None, compact: bool = False) -> str:
    """`value` (dicts, lists, str, int, float, JsonDecimal, Decimal, bool, None) as JSON text,
    non-ASCII kept; `indent` as json.dumps; `compact`: no blanks after `,` and `:`. A float
    that is not finite is a ValueError (it is not JSON)."""
    parts: list[str] = []
    item = "," if compact or indent is not None else ", "
    key = ":" if compact else ": "
    _write(value, parts, indent, 0, item, key)
    return "".join(parts)


def _write(
    value: Any, parts: list[str], indent: int | None, depth: int, item: str, key: str
) -> None:
    if isinstance(value, str):
        parts.append(string_text(value))
    elif value is None or isinstance(value, bool):
        parts.append({None: "null", True: "true", False: "false"}[value])
    elif isinstance(value, JsonDecimal):
        parts.append(number_text(value.decimal))
    elif isinstance(value, Decimal):
        if not value.is_finite():
            raise ValueError(f"not a JSON number: {value}")
        parts.append(number_text(value))
    elif isinstance(value, int):
        parts.append(str(int(value)))
    elif isinstance(value, float):
        if not math.isfinite(value):
            raise ValueError(f"not a JSON number: {value}")
        parts.append(float.__repr__(value))
    elif isinstance(value, dict):
        _container("{", "}", list(value.items()), parts, indent, depth, item, key)
    elif isinstance(value, (list, tuple)):
        _container("[", "]", list(value), parts, indent, depth, item, key)
    else:
        raise TypeError(f"not JSON: {type(value).__name__}")


def _container(
    open_: str, close: str, members: list[Any], parts: list[str], indent: int | None,
    depth: int, item: str, key: str,
) -> None:  # fmt: skip
    if not members:
        parts.append(open_ + close)
        return
    inner = "" if indent is None else "\n" + " " * (indent * (depth + 1))
    outer = "" if indent is None else "\n" + " " * (indent * depth)
    parts.append(open_)
    for i, member in enumerate(members):
        parts.append((item if i else "") + inner)
        if open_ == "{":
            name, member = member
            parts.append(string_text(str(name)) + key)
        _write(member, parts, indent, depth + 1, item, key)
    parts.append(outer + close)
