"""What the `target` rule reads a row with: a qualitative level and its band (`Level`,
`build_level`), how a target and an actual compare (`comparison`, `meets`, `on_time`), the words
for a blank or qualitative cell, a row's cells as a key (`row_key`), and `RowError`, a row that
cannot be scored, naming the cell.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from ..i18n import Message
from ..numbers import HUNDRED, ZERO, plain
from ..targets import Bound, Period, Reading, Span, Words
from .base import BuildContext

_BAND = re.compile(r"^\s*([\[(])\s*([0-9.]+)\s*[,，]\s*([0-9.]+)\s*([\])])\s*$")


class RowError(ValueError):
    """A row cannot be scored; `field` is the cell at fault (target, actual, level, share …)."""

    def __init__(self, field: str, message: str | Message) -> None:
        super().__init__(message)
        self.field = field
        self.message = message


@dataclass(frozen=True)
class Level:
    """A qualitative level: its band in % of the 分值 and the share it earns by default."""

    name: str
    low: Decimal
    high: Decimal
    low_open: bool
    high_open: bool
    share: Decimal | None

    def contains(self, share: Decimal) -> bool:
        above = share > self.low if self.low_open else share >= self.low
        below = share < self.high if self.high_open else share <= self.high
        return above and below

    def band(self) -> str:
        """The band as an interval in % of the 分值: [80%, 100%], [60%, 80%)."""
        return (
            f"{'(' if self.low_open else '['}{plain(self.low)}%, "
            f"{plain(self.high)}%{')' if self.high_open else ']'}"
        )


def build_level(name: str, spec: Any, build: BuildContext) -> Level:
    where = f"rule.levels.{name}"
    if not isinstance(spec, Mapping):
        raise build.error("a level needs 'band' (e.g. \"[80, 100]\") and optionally 'share'", where)
    match = _BAND.match(str(spec.get("band", "")))
    if not match:
        raise build.error(
            '\'band\' must be an interval in % of the 分值, e.g. "[80, 100]" or "[60, 80)"',
            f"{where}.band",
        )
    low, high = Decimal(match.group(2)), Decimal(match.group(3))
    if not ZERO <= low <= high <= HUNDRED:
        raise build.error("a band must lie within [0, 100]", f"{where}.band")
    share = spec.get("share")
    level = Level(
        name,
        low,
        high,
        match.group(1) == "(",
        match.group(4) == ")",
        None if share is None else build.number(spec, "share"),
    )
    if level.share is not None and not level.contains(level.share):
        raise build.error(
            f"share {plain(level.share)} lies outside the band {spec.get('band')}", f"{where}.share"
        )
    return level


def cell_text(raw: Any) -> str:
    return "" if raw is None else str(raw).strip()


def quoted(text: str) -> str:
    return f"“{text}”" if text else "（空）"


def comparison(target: Reading | None, actual: Reading | None) -> str | None:
    """'figures', 'periods' or None (qualitative); RowError when kinds clash."""
    if target is None or actual is None or isinstance(target, Words) or isinstance(actual, Words):
        return None
    figure = (Bound, Span)
    if isinstance(target, figure) and isinstance(actual, figure):
        return "figures"
    if isinstance(target, Period) and isinstance(actual, Period):
        return "periods"
    raise RowError(
        "actual",
        f"cannot compare {_kind(target)} {target.text!r} with {_kind(actual)} {actual.text!r}",
    )


def _kind(reading: Reading) -> str:
    return "a period" if isinstance(reading, Period) else "a figure"


def on_time(target: Period, actual: Period) -> bool:
    if target.deadline:
        return actual.end <= target.end
    return actual.start <= target.start and actual.end >= target.end


def meets(op: str, value: Decimal, low: Decimal, high: Decimal) -> bool:
    if op == ">=":
        return value >= low
    if op == ">":
        return value > low
    if op == "<=":
        return value <= high
    if op == "<":
        return value < high
    return low <= value <= high


def why_qualitative(target: Reading | None, actual: Reading | None, zh: bool = False) -> str:
    if target is None:
        return "年度指标值未填写" if zh else "the target (年度指标值) is blank"
    if actual is None:
        return "实际完成值未填写" if zh else "the actual (实际完成值) is blank"
    return "为定性指标" if zh else "the target or actual is qualitative text, not a figure"


_TEXT = {str}


def row_key(row: Mapping[str, Any]) -> tuple[Any, ...] | None:
    """A row's cells as a key, types and a Decimal's exponent kept apart (1 and 1.0 are two
    keys); None when a cell is not text, a number or empty (a merged row's items)."""
    if {*map(type, row.values())} <= _TEXT:  # the common case: every cell is text
        return tuple(row.items())
    key: list[Any] = []
    for name, cell in row.items():
        kind = type(cell)
        if kind is Decimal:
            key.append((name, kind, cell.as_tuple()))
        elif kind is str or kind is int or cell is None:
            key.append((name, kind, cell))
        else:
            return None
    return tuple(key)
