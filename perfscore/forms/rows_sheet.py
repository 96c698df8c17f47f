"""A rows sheet of the form (项目支出自评表): one line per 三级指标, read as the list of rows
perfscore.rows reads.

The lines of one merged 分值 cell are the `items` of one row (their 说明 cells joined as the
row's 说明); a merged 二级指标 cell applies to every line it spans. Lines with nothing but
二级指标 and 代码 are not rows. Each cell's place goes into `locations` under the row's path in
the data (产出指标[0].items[1].actual), so that the engine's errors name it; 报告得分 goes to
reported.scores under the row's 代码.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from ..cells import Cell, cell_text, spreadsheet_number
from ..i18n import say
from ..numbers import plain
from .builder import RecordBuilder
from .layout import (
    ROWS_COLUMNS,
    ROWS_KEY_LABEL,
    ROWS_MORE_COLUMNS,
    ROWS_REPORTED,
    ROWS_REPORTED_ALIAS,
)
from .tables import Table

_BLANK = Cell(None, "")
#: what makes a line a row (二级指标 and 代码 alone do not)
_CONTENT = ("name", "target", "actual", "weight", "level", "share", "reported", "note",
            "deviation")  # fmt: skip
#: a row's cells that a merged cell gives every line it spans
_SPANNING = ("group", "weight", "code", "reported")
#: the cells of each item of a row whose lines share one merged 分值
_ITEM_CELLS = ("name", "nature", "target", "unit", "actual", "level", "share")


def row_text(cell: Cell) -> str | Decimal | None:
    """A cell of a rows sheet as perfscore.rows reads it: the text as written ("≥98%",
    "1--1.2万人"); a number Excel stores as a number in the form a table writes it."""
    value = cell.value
    if cell.blank:
        return None
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, datetime.datetime) and value.time() == datetime.time():
        return value.date().isoformat()
    if isinstance(value, (datetime.date, datetime.time)):
        return value.isoformat()
    if isinstance(value, (int, float, Decimal)):
        number = spreadsheet_number(value)
        return f"{plain(number * 100)}%" if cell.percent else plain(number)
    return str(value).strip()


def row_weight(cell: Cell) -> Any:
    """A 分值 cell: a number as a Decimal (Excel's floats at 15 digits), text as written."""
    if cell.blank:
        return None
    value = cell.value
    if isinstance(value, (int, float, Decimal)) and not isinstance(value, bool):
        return spreadsheet_number(value)
    return row_text(cell)


@dataclass
class _Sheet:
    """The table with its columns by row key (group, name … reported) and its merged ranges."""

    table: Table
    columns: dict[str, int] = field(default_factory=dict)
    #: (row, col) -> the first and last row of the merged range it is in
    spans: dict[tuple[int, int], tuple[int, int]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        table = self.table
        self.columns = {
            name: table.columns[header]
            for header, name in ROWS_COLUMNS.items()
            if header in table.columns
        }
        for header, name in ROWS_MORE_COLUMNS.items():  # 指标性质, 度量单位; 指标值
            if header in table.columns and name not in self.columns:
                self.columns[name] = table.columns[header]
        reported = table.columns.get(ROWS_REPORTED, table.columns.get(ROWS_REPORTED_ALIAS))
        if reported is not None:
            self.columns["reported"] = reported
        for r1, r2, c1, c2 in table.merged:
            if r2 > r1 and r1 >= table.header_index + 1:
                for r in range(r1, r2 + 1):
                    for c in range(c1, c2 + 1):
                        self.spans[(r, c)] = (r1, r2)

    def cell(self, r: int, name: str) -> Cell:
        col = self.columns.get(name)
        if col is None:
            return _BLANK
        line = self.table.rows[r]
        here = line[col] if col < len(line) else _BLANK
        top = self.spans.get((r, col), (r, r))[0]
        if top != r and name in _SPANNING:
            above = self.table.rows[top]
            return above[col] if col < len(above) else here  # a merged cell: its value
        return here

    def filled(self, r: int) -> bool:
        return any(not self.cell(r, name).blank for name in _CONTENT)

    def row_lines(self) -> list[list[int]]:
        """The lines of each row: one line, or the filled lines under one merged 分值."""
        found = []
        r, last = self.table.header_index + 1, len(self.table.rows) - 1
        weight = self.columns.get("weight")
        while r <= last:
            bottom = self.spans.get((r, weight), (r, r))[1] if weight is not None else r
            lines = [i for i in range(r, bottom + 1) if self.filled(i)]
            r = bottom + 1
            if lines:
                found.append(lines)
        return found


def _data_key(table: Table, builder: RecordBuilder) -> str:
    """The data key the rows are listed under: the cell after 数据项 above the header, else the
    sheet's name; the key is claimed once, at that cell."""
    key, key_cell = "", None
    for above in table.rows[: table.header_index]:  # 数据项 | 产出指标
        texts = [cell_text(c.value) for c in above]
        if ROWS_KEY_LABEL in texts:
            after = above[texts.index(ROWS_KEY_LABEL) + 1 :]
            key_cell = next((cell for cell in after if not cell.blank), None)
            key = cell_text(key_cell.value) if key_cell is not None else ""
            break
    key = key or table.name
    where = key_cell.where if key_cell is not None else f"{table.name}!A{table.header_index + 1}"
    builder.once(key, Cell(None, where))
    builder.locations[key] = where
    return key


def read_rows_sheet(table: Table, builder: RecordBuilder) -> None:
    """The rows of a rows sheet into `builder.values` under its data key; 报告得分 into
    reported.scores."""
    key = _data_key(table, builder)
    sheet = _Sheet(table)
    rows: list[dict[str, Any]] = []
    for lines in sheet.row_lines():
        path = f"{key}[{len(rows)}]"
        row = _read_row(sheet, lines, path, builder)
        _read_reported(sheet, lines[0], row, path, builder)
        rows.append(row)
    if rows:
        builder.values[key] = rows


def _read_row(sheet: _Sheet, lines: list[int], path: str, builder: RecordBuilder) -> dict[str, Any]:
    """One row from its lines: its own cells from the first; several lines are its items."""
    head = lines[0]
    row: dict[str, Any] = {}
    shared = ("group", "weight", "code") if len(lines) > 1 else tuple(sheet.columns)
    for name in shared:
        if name == "reported":
            continue
        found = sheet.cell(head, name)
        builder.locations[f"{path}.{name}"] = found.where
        value = row_text(found) if name != "weight" else row_weight(found)
        if value is not None:
            row[name] = value
    where = sheet.cell(head, "group").where or sheet.cell(head, "name").where
    builder.locations.setdefault(path, where)
    if len(lines) > 1:  # several indicators under one merged 分值
        row["items"] = [_read_item(sheet, i, j, row, path, builder) for j, i in enumerate(lines)]
        for name in ("note", "deviation"):
            notes = [row_text(sheet.cell(i, name)) for i in lines]
            joined = "；".join(str(t) for t in dict.fromkeys(notes) if t)
            if joined:
                row[name] = joined
            builder.locations[f"{path}.{name}"] = sheet.cell(head, name).where
    return row


def _read_item(
    sheet: _Sheet, i: int, j: int, row: dict[str, Any], path: str, builder: RecordBuilder
) -> dict[str, Any]:
    """Item `j` of a row, on line `i`; its 二级指标 must be the row's."""
    item: dict[str, Any] = {}
    for name in _ITEM_CELLS:
        found = sheet.cell(i, name)
        builder.locations[f"{path}.items[{j}].{name}"] = found.where
        value = row_text(found)
        if value is not None:
            item[name] = value
    group = row_text(sheet.cell(i, "group"))
    if group is not None and group != row.get("group"):
        raise builder.error(
            say("error.form.merged-groups", first=row.get("group"), other=group),
            sheet.cell(i, "group"),
            path,
        )
    return item


def _read_reported(
    sheet: _Sheet, head: int, row: dict[str, Any], path: str, builder: RecordBuilder
) -> None:
    """The row's 报告得分, into reported.scores under its 代码 (which it then needs)."""
    reported = sheet.cell(head, "reported")
    if reported.blank:
        return
    code = row.get("code")
    if not code:
        raise builder.error(
            say("error.form.reported-without-code"),
            reported,
            path,
        )
    builder.reported.setdefault("scores", {})[str(code)] = builder.number(str(code), reported, "分")
