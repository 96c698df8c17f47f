"""A cell read from a spreadsheet or a CSV line: its value, where it is, and the number it holds
as people write it ("697.71万元", "98%", a cell Excel formats as a percentage).

Every reader of DATA (perfscore.readers) and the form reader (perfscore.forms.reader) build
their records from these.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from .numbers import plain, to_decimal
from .values import parse_number


@dataclass(frozen=True)
class Cell:
    """A value and where it was read: `where` is "基础数据!C7" (xlsx) or "line 7" (csv)."""

    value: Any
    where: str
    #: Excel shows it as a percentage (stores 0.98 for 98%); None: the file cannot tell (.xls,
    #: .ods and .xlsb through python-calamine, which gives no number formats)
    percent: bool | None = False

    @property
    def blank(self) -> bool:
        return self.value is None or (isinstance(self.value, str) and not self.value.strip())


def spreadsheet_number(value: Any) -> Decimal:
    """A spreadsheet number: floats at Excel's 15 significant digits (98.00000000000001 -> 98)."""
    if isinstance(value, float):
        return to_decimal(format(value, ".15g"))
    return to_decimal(value)


def cell_text(value: Any) -> str:
    """A cell's value as the text a header or a key is compared by: 3.0 as "3", stripped."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def parse_cell(cell: Cell, unit: str = "") -> Decimal:
    """A number in `unit` from a cell, as people write it; ValueError if it is not one."""
    value = cell.value
    if isinstance(value, (bool, datetime.date, datetime.time)):
        shown = value.isoformat() if not isinstance(value, bool) else value
        raise ValueError(f"expected a number, got {shown!r}")
    if isinstance(value, (int, float, Decimal)):
        number = spreadsheet_number(value)
        if cell.percent:
            return parse_number(f"{plain(number * 100)}%", unit)
        if cell.percent is None and unit in ("%", "‰"):
            raise ValueError(
                f"a number ({plain(number)}) in a {unit} cell of an .xls/.ods file: its format "
                "cannot be read, so 0.98 cannot be told from 98%; type it as text "
                f"(98{unit}) or save the file as .xlsx / 请填写为文本（如 98{unit}）或另存为 .xlsx"
            )
        return number
    return parse_number(str(value), unit)
