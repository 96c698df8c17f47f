"""A row's target and actual as the `target` rule reads them from the cells a table gives — the
年度指标值 alone ("≥50个"), or split over 指标性质 (≥ ≤ = ＞ ＜ ≧ ≦ ═, 定性), 指标值 and
度量单位 columns; and an actual written without the unit its target states ("50" against
"≥50个"), which takes the target's unit — said in the trace and as a warning.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from ..i18n import say
from ..targets import (
    Bound,
    Reading,
    Span,
    TargetTextError,
    UnitMismatch,
    convert,
    is_blank,
    normalise,
    percent,
    read_cell,
)
from .target_text import RowError, cell_text, quoted

#: what a 指标性质 cell says: a comparison, or 定性 (a qualitative indicator)
QUALITATIVE = "定性"
_NATURES = {
    ">=": ">=", "≥": ">=", ">": ">", "<=": "<=", "≤": "<=", "<": "<", "=": "==", "==": "==",
    "大于等于": ">=", "不低于": ">=", "不少于": ">=", "小于等于": "<=", "不高于": "<=",
    "不超过": "<=", "大于": ">", "高于": ">", "小于": "<", "低于": "<", "等于": "==",
}  # fmt: skip


@dataclass(frozen=True)
class Cells:
    """A row's target and actual as read: None for a blank cell; `qualitative` when its
    指标性质 says 定性; `shown` quotes the cells as written; `warnings`, what was assumed."""

    target: Reading | None
    actual: Reading | None
    qualitative: bool
    shown: str
    warnings: tuple[str, ...] = ()
    assumed: str = ""  # what the trace says after quoting the cells ("未写单位，按…计")


def read_cells(row: Mapping[str, Any], prefix: str) -> Cells:
    """The target and actual of `row` (a row or one item of a merged row); RowError naming the
    cell when one cannot be read or the columns contradict each other."""
    target_text, actual_text = cell_text(row.get("target")), cell_text(row.get("actual"))
    nature, unit = cell_text(row.get("nature")), cell_text(row.get("unit"))
    shown = f"{prefix}年度指标值{quoted(target_text)}，实际完成值{quoted(actual_text)}"
    if nature or unit:
        said = "、".join(
            f"{label}{quoted(text)}"
            for label, text in (("指标性质", nature), ("度量单位", unit))
            if text
        )
        shown = f"{prefix}{said}，{shown.removeprefix(prefix)}"
    target, actual = _read(target_text, "target"), _read(actual_text, "actual")
    if normalise(nature) == QUALITATIVE:
        return Cells(target, actual, True, shown)
    if nature:
        target = _with_nature(target, nature)
    if unit:
        target = _with_unit(target, percent(normalise(unit)), "target")
        actual = _with_unit(actual, percent(normalise(unit)), "actual")
    if _bare(actual) and isinstance(target, (Bound, Span)) and target.unit:
        assert isinstance(actual, (Bound, Span))
        actual = dataclasses.replace(actual, unit=target.unit)
        assumed = f"实际完成值未写单位，按年度指标值的单位“{target.unit}”计"
        warning = f"实际完成值{quoted(actual_text)}未写单位，按年度指标值的单位“{target.unit}”计"
        return Cells(target, actual, False, shown, (warning,), assumed)
    return Cells(target, actual, False, shown)


def _read(text: str, field: str) -> Reading | None:
    if is_blank(text):
        return None
    try:
        return read_cell(text)
    except TargetTextError as exc:
        raise RowError(field, exc.args[0]) from None


def _bare(reading: Reading | None) -> bool:
    return isinstance(reading, (Bound, Span)) and not reading.unit


def _with_nature(target: Reading | None, nature: str) -> Reading | None:
    """The target with the comparison its 指标性质 cell states."""
    op = _NATURES.get(normalise(nature))
    if op is None:
        raise RowError(
            "nature",
            say("error.row.nature-unknown", nature=repr(nature), qualitative=QUALITATIVE),
        )
    if isinstance(target, Span):
        if op != "==":
            raise RowError(
                "nature",
                say("error.row.nature-range", nature=repr(nature), target=repr(target.text)),
            )
        return dataclasses.replace(target, exact=True)
    if not isinstance(target, Bound):
        raise RowError("nature", say("error.row.nature-figure", nature=repr(nature)))
    if target.op is not None and target.op != op:
        raise RowError(
            "nature",
            say("error.row.nature-clash", nature=repr(nature), target=repr(target.text)),
        )
    return dataclasses.replace(target, op=op)


def _with_unit(reading: Reading | None, unit: str, field: str) -> Reading | None:
    """A figure written without a unit in the 度量单位 column's unit; one written with a unit
    must compare with it."""
    if not isinstance(reading, (Bound, Span)):
        return reading
    if not reading.unit:
        return dataclasses.replace(reading, unit=unit)
    try:
        convert(Decimal(1), reading.unit, unit)
    except UnitMismatch:
        said = say("error.row.unit", text=repr(reading.text), written=reading.unit, unit=unit)
        raise RowError(field, said) from None
    return reading


def actual_value(actual: Bound | Span, wants: str, unit: str) -> Decimal:
    """The actual as one number in the target's unit; a bound ("≥98%") counts at its end
    when it settles the comparison and is refused when it cannot."""
    if isinstance(actual, Span):
        if wants == "both":
            raise RowError("actual", say("error.row.actual-range", actual=repr(actual.text)))
        number = actual.low if wants == "higher" else actual.high
    else:
        number = actual.number
        lower_bound = actual.op in (">=", ">")
        upper_bound = actual.op in ("<=", "<")
        if (lower_bound and wants != "higher") or (upper_bound and wants != "lower"):
            raise RowError(
                "actual",
                say(
                    "error.row.actual-lower" if lower_bound else "error.row.actual-upper",
                    actual=repr(actual.text),
                ),
            )
    try:
        return convert(number, actual.unit, unit)
    except UnitMismatch as exc:
        raise RowError("actual", exc.args[0]) from None
