"""The indicator table as an xlsx workbook, print-ready as the 评分表 writers are (`xlsxstyle`:
宋体, A4 landscape, the header repeated on every page, a second-level group kept on one page):
the title, the header, a row per leaf with the upper levels merged; the machine-readable part
on a hidden sheet (`importing.machine`), one record a row."""

from __future__ import annotations

import io

from openpyxl import Workbook
from openpyxl.styles import Alignment
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from ..errors import OutputError
from ..i18n import say
from ..importing.machine import SHEET, records
from ..importing.source import MARK
from ..injection import mark_xlsx_cell
from ..xlsxstyle import (
    BORDER,
    HEADER_FILL,
    WRAP_LEFT_CENTER,
    WRAP_TOP,
    fit_row,
    fit_scale,
    font,
    page_breaks,
    print_setup,
)
from .table import COLUMNS, Table

#: column widths (characters): each level, then 分值, 指标解释, 评分标准, 数据来源
_LEVEL_WIDTH = 16
_WIDTHS = {"weight": 7, "explanation": 34, "criteria": 42, "source": 18}
_FIRST_BODY_ROW = 3
#: the most characters an xlsx cell holds
_CELL_LIMIT = 32767
_CENTER = Alignment(horizontal="center", vertical="center", wrap_text=True)


def _put(ws: Worksheet, row: int, column: int, value: str, alignment: Alignment) -> None:
    cell = ws.cell(row=row, column=column, value=value or None)
    cell.font, cell.border, cell.alignment = font(10), BORDER, alignment
    mark_xlsx_cell(cell)


def _header(ws: Worksheet, table: Table) -> None:
    width = len(table.header)
    ws.cell(row=1, column=1, value=table.title).font = font(14, bold=True)
    ws.cell(row=1, column=1).alignment = _CENTER
    ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=width)
    ws.row_dimensions[1].height = 28
    for column, name in enumerate(table.header, 1):
        _put(ws, 2, column, name, _CENTER)
        ws.cell(row=2, column=column).font = font(10, bold=True)
        ws.cell(row=2, column=column).fill = HEADER_FILL
    for column in range(1, table.depth + 1):
        ws.column_dimensions[get_column_letter(column)].width = _LEVEL_WIDTH
    for offset, (_, role) in enumerate(COLUMNS):
        ws.column_dimensions[get_column_letter(table.depth + 1 + offset)].width = _WIDTHS[role]


def _body(ws: Worksheet, table: Table) -> None:
    for index, row in enumerate(table.rows):
        at = _FIRST_BODY_ROW + index
        texts: dict[int, str] = {}
        for column, text in enumerate(row.levels, 1):
            _put(ws, at, column, text, WRAP_LEFT_CENTER)
            texts[column] = text
        for offset, (_, role) in enumerate(COLUMNS):
            column = table.depth + 1 + offset
            _put(ws, at, column, row.cells[role], _CENTER if role == "weight" else WRAP_TOP)
            texts[column] = row.cells[role]
        fit_row(ws, at, texts)
    for column, first, last in table.merges():
        ws.merge_cells(
            start_row=_FIRST_BODY_ROW + first,
            start_column=column + 1,
            end_row=_FIRST_BODY_ROW + last,
            end_column=column + 1,
        )


def _part_sheet(book: Workbook, table: Table) -> None:
    ws = book.create_sheet(SHEET)
    ws.sheet_state = "hidden"
    ws.append([MARK, "机读数据：perfscore export 写出，perfscore import 读回；请勿改动"])
    for key, text in records(table.part):
        if len(text) > _CELL_LIMIT:
            raise OutputError(
                say("error.export.cell-too-long", code=key, length=len(text), limit=_CELL_LIMIT)
            )
        ws.append([key, text])
    for row in ws.iter_rows():
        for cell in row:
            mark_xlsx_cell(cell)


def xlsx_bytes(table: Table, *, machine: bool = True) -> bytes:
    """The workbook (module docstring); without the hidden sheet when not `machine`."""
    book = Workbook()
    ws = book.active
    assert ws is not None
    ws.title = "指标体系"
    _header(ws, table)
    _body(ws, table)
    ws.freeze_panes = ws.cell(row=_FIRST_BODY_ROW, column=1)
    scale = fit_scale(ws, len(table.header))
    print_setup(ws, title_rows="2:2", scale=scale)
    blocks = [(_FIRST_BODY_ROW + a, _FIRST_BODY_ROW + b) for a, b in table.blocks()]
    page_breaks(
        ws,
        blocks,
        start=_FIRST_BODY_ROW,
        repeated=float(ws.row_dimensions[2].height or 15.0),
        scale=scale,
    )
    if machine:
        _part_sheet(book, table)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
