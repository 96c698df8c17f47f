"""The pieces every sheet of the input form is made of (perfscore.forms.writer): the fills,
the fonts, a cell written with its type kept, a sheet's title and hint, its header row and page
set-up, a table's line, a drop-down list."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from openpyxl.styles import PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from ..xlsxstyle import BORDER, HEADER_FILL, WRAP_LEFT_CENTER, fit_row, font, print_setup

FILL_IN = PatternFill("solid", fgColor="FFF2CC")  # the cells to fill in
GREY = PatternFill("solid", fgColor="EDEDED")  # cells the engine fills in when left blank
TEXT = font()
BOLD = font(bold=True)
TITLE = font(14, bold=True)
LINE = {"border": BORDER, "alignment": WRAP_LEFT_CENTER}  # a cell of a table's body


def put(ws: Worksheet, row: int, col: int, value: Any, **style: Any) -> Any:
    """Write one cell: numbers as Excel numbers, text as typed text ("=100%" stays text)."""
    cell = ws.cell(row=row, column=col)
    if isinstance(value, Decimal):
        value = int(value) if value == value.to_integral_value() else value
    cell.value = value
    if isinstance(value, str):
        cell.data_type = "s"  # "=100%" stays text
    cell.font = style.pop("font", TEXT)
    for key, val in style.items():
        setattr(cell, key, val)
    return cell


def set_widths(ws: Worksheet, widths: tuple[int, ...]) -> None:
    for i, width in enumerate(widths, 1):
        ws.column_dimensions[get_column_letter(i)].width = width


def sheet_head(
    ws: Worksheet, title: str, hint: str, headers: tuple[str, ...], widths: tuple[int, ...]
) -> None:
    """A sheet's title (row 1) and hint (row 2), each merged across its columns."""
    put(ws, 1, 1, title, font=TITLE)
    ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(headers))
    put(ws, 2, 1, hint, alignment=WRAP_LEFT_CENTER)
    ws.merge_cells(start_row=2, start_column=1, end_row=2, end_column=len(headers))
    ws.row_dimensions[2].height = 30
    set_widths(ws, widths)


def header(ws: Worksheet, row: int, headers: tuple[str, ...]) -> None:
    """The header row (frozen, printed on every page) and the page set-up: A4 landscape, as
    wide as the page, page numbers."""
    for i, text in enumerate(headers, 1):
        put(
            ws, row, i, text, font=BOLD, fill=HEADER_FILL, border=BORDER, alignment=WRAP_LEFT_CENTER
        )
    ws.freeze_panes = ws.cell(row=row + 1, column=1)
    ws.row_dimensions[1].height = 24
    print_setup(ws, title_rows=f"{row}:{row}")


def body_line(ws: Worksheet, row: int, cells: list[Any], fills: dict[int, PatternFill]) -> None:
    """One line of a table, bordered and wrapped, the columns in `fills` shaded; as tall as its
    text."""
    for col, value in enumerate(cells, 1):
        style: dict[str, Any] = dict(LINE)
        if col in fills:
            style["fill"] = fills[col]
        put(ws, row, col, value, **style)
    fit_row(ws, row, {c: v for c, v in enumerate(cells, 1) if isinstance(v, str)})


def choices(options: list[str]) -> DataValidation:
    return DataValidation(type="list", formula1='"' + ",".join(options) + '"', allow_blank=True)
