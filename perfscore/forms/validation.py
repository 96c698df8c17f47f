"""Data validation on the input form's cells: a 是/否 list for checklist points and flags, a
numeric range for numbers, judgments, counts and scores, each with a prompt that says the unit
and the range — so that Excel and WPS stop (or, where a number may be written with its unit,
warn about) text typed into a number cell."""

from __future__ import annotations

from dataclasses import dataclass, replace
from decimal import Decimal

from openpyxl.cell.cell import Cell
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from ..numbers import plain
from .layout import COUNT, FLAG, INTEGER, ITEM, NUMBER, POINTS

#: the kind of a cell that takes one text only (`Check.mark`), from a list
MARK = "mark"
#: an unbounded side of a numeric range, as Excel takes it
_HUGE = Decimal("1e15")
_PROMPT_TITLE, _PROMPT = 32, 255  # Excel's limits, in characters


@dataclass(frozen=True)
class Check:
    """What a cell accepts: `kind` (a 类型 value), its range, its unit; `strict` refuses
    anything else, else Excel warns and lets it stand (a number written with its unit,
    697.71万元, which the reader converts)."""

    kind: str
    minimum: Decimal | None = None
    maximum: Decimal | None = None
    unit: str = ""
    strict: bool = True
    title: str = "填写值"
    #: a text the cell takes besides what `kind` allows (不适用 on 得分); with a number range it
    #: is a formula over the cell itself, so each cell gets a validation of its own
    mark: str = ""


def check_for(
    kind: str,
    minimum: Decimal | None = None,
    maximum: Decimal | None = None,
    unit: str = "",
    *,
    strict: bool = True,
) -> Check | None:
    """The check for a cell of 类型 `kind`, or None when it takes free text."""
    if kind in (ITEM, FLAG):
        return Check(FLAG)
    if kind == COUNT:
        low = Decimal(0) if minimum is None else minimum
        return Check(INTEGER, low, maximum, unit, strict=True)
    if kind in (NUMBER, INTEGER, POINTS):
        return Check(kind, minimum, maximum, "分" if kind == POINTS else unit, strict=strict)
    return None


def marked(check: Check | None, mark: str) -> Check:
    """`check` that also takes the text `mark`; a cell that takes only `mark` when None."""
    return Check(MARK, mark=mark) if check is None else replace(check, mark=mark)


def prompt_of(check: Check) -> str:
    """The words shown when the cell is selected."""
    if check.kind == FLAG:
        return "从下拉列表选择“是”或“否”"
    if check.kind == MARK:
        return f"不适用的指标填“{check.mark}”（按框架规定的 not_applicable 处理）；否则留空"
    if check.mark:
        return f"{prompt_of(replace(check, mark=''))}；不适用的指标填“{check.mark}”"
    low, high = check.minimum, check.maximum
    what = "整数" if check.kind == INTEGER else "数值"
    if low is not None and high is not None:
        span = f"{plain(low)}–{plain(high)}{check.unit}"
    elif low is not None:
        span = f"≥{plain(low)}{check.unit}"
    elif high is not None:
        span = f"≤{plain(high)}{check.unit}"
    else:
        span = "不限"
    unit = f"单位：{check.unit}；" if check.unit else ""
    return f"填{what}。{unit}允许范围：{span}"


class Validations:
    """The validations of one sheet, one per distinct check, added when `close`d."""

    def __init__(self, ws: Worksheet) -> None:
        self.ws = ws
        self.made: dict[Check | tuple[Check, str], DataValidation] = {}

    def add(self, cell: Cell, check: Check | None) -> None:
        if check is None:
            return
        own = check.mark and check.kind != MARK  # a formula over this cell: its own validation
        key: Check | tuple[Check, str] = (check, cell.coordinate) if own else check
        if key not in self.made:
            self.made[key] = _validation(check, cell.coordinate)
        self.made[key].add(cell)

    def close(self) -> None:
        for validation in self.made.values():
            self.ws.add_data_validation(validation)


def _validation(check: Check, coordinate: str) -> DataValidation:
    prompt = prompt_of(check)[:_PROMPT]
    common = {
        "allow_blank": True,
        "showInputMessage": True,
        "showErrorMessage": True,
        "promptTitle": check.title[:_PROMPT_TITLE],
        "prompt": prompt,
        "errorTitle": "填写的内容不符合要求"[:_PROMPT_TITLE],
        "error": prompt,
        "errorStyle": "stop" if check.strict else "warning",
    }
    if check.kind == FLAG:
        return DataValidation(type="list", formula1='"是,否"', **common)
    if check.kind == MARK:
        return DataValidation(type="list", formula1=f'"{check.mark}"', **common)
    low = -_HUGE if check.minimum is None else check.minimum
    high = _HUGE if check.maximum is None else check.maximum
    if check.mark:  # the number in range, or the mark
        number = f"{coordinate}>={plain(low)},{coordinate}<={plain(high)}"
        if check.kind == INTEGER:
            number += f",INT({coordinate})={coordinate}"
        formula = f'OR({coordinate}="{check.mark}",AND(ISNUMBER({coordinate}),{number}))'
        return DataValidation(type="custom", formula1=formula, **common)
    kind = "whole" if check.kind == INTEGER else "decimal"
    return DataValidation(
        type=kind, operator="between", formula1=plain(low), formula2=plain(high), **common
    )
