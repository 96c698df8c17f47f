"""How rules say numbers and differences in a report's words."""

from __future__ import annotations

from decimal import Decimal

from ..numbers import plain, round_half_up


def show(value: Decimal, places: int = 2) -> str:
    """A number as a report prints it: rounded half-up, no trailing zeros (96.00 -> 96)."""
    return plain(round_half_up(value, places))


def with_unit(value: Decimal, unit: str) -> str:
    return f"{show(value)}{unit}"


def difference_unit(unit: str) -> str:
    """A difference between two percentages is counted in 个百分点."""
    return "个百分点" if unit == "%" else unit
