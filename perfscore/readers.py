"""DATA in the forms people keep it: a filled-in form (.xlsx, .xls, .ods or .csv), a one-record
table, JSON.

`read_data(path)` picks the reader by suffix (YAML goes to `records.load_record`); the command
line reads DATA through it too.

- .xlsx — the form `perfscore template` writes (sheets found by their header rows, columns by
  their headers), or a one-record table: a header row (`id`, `external_scores.CODE`, one column
  per field or input) and one row of values, as `perfscore batch` reads many.
- .xls, .ods, .xlsb (and a WPS .et that is .xls inside) — the same two layouts, read with
  python-calamine (perfscore.sheets): no number formats there, so a number in a % field is
  refused rather than guessed; no merged cells in .ods, so a rows form must be .xlsx or .xls.
- .csv — the same two layouts: the form as one table (a 类别 column), or header + one row.
  UTF-8 (with or without BOM), GB18030/GBK (what Excel writes on a Chinese Windows) or UTF-16
  with a BOM, as `perfscore.encodings` decides for every text input.
- .json — a record (`values`, `external_scores`, `reported` …) or a flat mapping of values.

Values are read as people write them — "697.71万元", "98%", "1,234.5", "９８％", a cell Excel
formats as a percentage — and a value that cannot be read is a DataError naming the file, the
sheet and the cell: `基础数据.xlsx: 基础数据!C7: 编制数: expected a number, got '三十七'`. Base-data
values keep the unit the form states ("697.71万元"), so the engine checks it against the field's
own unit; every value's cell is remembered in `Record.locations`, so that errors the engine
finds later (a value out of range, a missing field) name the cell too.
"""

from __future__ import annotations

import csv
import datetime
import html
import io
import re
import warnings
import zipfile
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

from .encodings import PREFIX_BYTES, DamagedLine, csv_records, decode_prefix, read_text
from .errors import DataError
from .forms.layout import (
    COUNT,
    FIELDS_SHEET,
    FLAG,
    GRADE_KEY,
    INPUTS_SHEET,
    INTEGER,
    ITEM,
    META,
    NUMBER,
    POINTS,
    ROWS_COLUMNS,
    ROWS_KEY_LABEL,
    ROWS_REPORTED,
    SCORES_SHEET,
    SURVEY,
    TOTAL_KEY,
    VALUE,
)
from .injection import restore
from .numbers import plain, to_decimal
from .records import RECORD_KEYS, Record, load_record
from .sheets import CALAMINE_SUFFIXES, SPREADSHEET_SUFFIXES, Sheet, column_letter, read_sheets
from .values import parse_number, read_flag
from .yamlio import read_json as read_json_file

MAX_ROWS = 100_000  # per sheet or CSV file: a form has a few hundred
EXTERNAL_PREFIX = "external_scores."


# --------------------------------------------------------------------------- cells


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


def _decimal(value: Any) -> Decimal:
    """A spreadsheet number: floats at Excel's 15 significant digits (98.00000000000001 -> 98)."""
    if isinstance(value, float):
        return to_decimal(format(value, ".15g"))
    return to_decimal(value)


def parse_cell(cell: Cell, unit: str = "") -> Decimal:
    """A number in `unit` from a cell, as people write it; ValueError if it is not one."""
    value = cell.value
    if isinstance(value, (bool, datetime.date, datetime.time)):
        shown = value.isoformat() if not isinstance(value, bool) else value
        raise ValueError(f"expected a number, got {shown!r}")
    if isinstance(value, (int, float, Decimal)):
        number = _decimal(value)
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


# --------------------------------------------------------------------------- building a record


@dataclass
class _Builder:
    file: str
    values: dict[str, Any] = field(default_factory=dict)
    external: dict[str, Any] = field(default_factory=dict)
    reported: dict[str, Any] = field(default_factory=dict)
    meta: dict[str, Any] = field(default_factory=dict)
    locations: dict[str, str] = field(default_factory=dict)
    items: dict[str, dict[str, Cell]] = field(default_factory=dict)
    surveys: dict[str, list[tuple[str, str, Cell, Cell]]] = field(default_factory=dict)
    seen: dict[str, str] = field(default_factory=dict)

    def error(self, message: str, cell: Cell | str, key: str | None) -> DataError:
        where = cell.where if isinstance(cell, Cell) else cell
        if where.startswith("line "):
            return DataError(message, file=self.file, line=int(where[5:]), field=key)
        return DataError(message, file=self.file, path=where, field=key)

    def once(self, key: str, cell: Cell) -> None:
        if key in self.seen:
            raise self.error(f"{key!r} is listed twice (first at {self.seen[key]})", cell, key)
        self.seen[key] = cell.where

    def metadata(self, label: str, cell: Cell) -> None:
        if not cell.blank:
            self.meta[META[label]] = str(cell.value).strip()

    def field(self, key: str, kind: str, unit: str, cell: Cell) -> None:
        """A base-data field: kept with the form's unit, for the engine to check and convert."""
        self.once(key, cell)
        self.locations[key] = cell.where
        if cell.blank:
            return
        if kind == FLAG:
            self.values[key] = self.flag(key, cell)
        elif kind == SURVEY:
            self.surveys.setdefault(key, [])
            self.values[key] = {"valid": self.number(key, cell, "")}
        else:
            number = self.number(key, cell, unit)
            self.values[key] = f"{plain(number)}{unit}" if unit else number

    def input(self, key: str, item: str, kind: str, unit: str, cell: Cell) -> None:
        """An indicator input: a judgment score, a count, a checklist item, a value."""
        if item or kind == ITEM:
            self.locations.setdefault(key, cell.where)
            items = self.items.setdefault(key, {})
            if item in items:
                raise self.error(f"item {item!r} of {key!r} is listed twice", cell, key)
            items[item] = cell
            return
        self.once(key, cell)
        self.locations[key] = cell.where
        if cell.blank:
            return
        if kind == FLAG:
            self.values[key] = self.flag(key, cell)
        elif kind in (NUMBER, POINTS, COUNT, INTEGER):
            self.values[key] = self.number(key, cell, unit)
        else:  # no 类型 column: a number if it reads as one, else the text for the engine
            try:
                self.values[key] = parse_cell(cell, unit)
            except ValueError:
                self.values[key] = cell.value

    def score(self, code: str, external: Cell | None, reported: Cell | None, leaf: bool) -> None:
        if external is not None and not external.blank:
            if code in (TOTAL_KEY, GRADE_KEY) or not leaf:
                raise self.error(
                    "an external score can only be given for a leaf indicator (末级指标)",
                    external,
                    code,
                )
            self.external[code] = self.number(code, external, "分")
            self.locations[f"external_scores.{code}"] = external.where
        if reported is None or reported.blank:
            return
        if code == GRADE_KEY:
            self.reported["grade"] = str(reported.value).strip()
        elif code == TOTAL_KEY:
            self.reported["total"] = self.number(code, reported, "分")
        else:
            self.reported.setdefault("scores", {})[code] = self.number(code, reported, "分")

    def number(self, key: str, cell: Cell, unit: str) -> Decimal:
        try:
            return parse_cell(cell, unit)
        except ValueError as exc:
            raise self.error(str(exc), cell, key) from None

    def flag(self, key: str, cell: Cell) -> bool:
        value = cell.value
        if isinstance(value, float) and value in (0, 1):
            value = int(value)
        try:
            return read_flag(value.strip() if isinstance(value, str) else value)
        except ValueError as exc:
            raise self.error(f"{exc}; write 是 or 否", cell, key) from None

    def finish(self, default_id: str) -> Record:
        for key, items in self.items.items():
            filled = {item: cell for item, cell in items.items() if not cell.blank}
            if not filled:
                continue  # the whole checklist left blank: not provided
            for item, cell in items.items():
                if cell.blank:
                    raise self.error(f"checklist item {item!r} is blank; write 是 or 否", cell, key)
            self.values[key] = {item: self.flag(key, cell) for item, cell in items.items()}
        for key, options in self.surveys.items():
            if key in self.values:
                self.values[key]["questions"] = self.questions(key, options)
        return Record(
            values=self.values,
            external_scores=self.external,
            reported=self.reported,
            id=self.meta.get("id") or default_id,
            title=self.meta.get("title", ""),
            framework=self.meta.get("framework"),
            file=self.file,
            locations=self.locations,
        )

    def questions(self, key: str, options: list[tuple[str, str, Cell, Cell]]) -> list[Any]:
        questions: dict[str, list[dict[str, Any]]] = {}
        for question, option, points, count in options:
            questions.setdefault(question, []).append(
                {
                    "option": option,
                    "points": self.number(key, points, "分"),
                    "count": self.number(key, count, "份"),
                }
            )
        return [{"question": q, "options": opts} for q, opts in questions.items()]


# --------------------------------------------------------------------------- tables


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


@dataclass
class _Table:
    """Rows of cells with a header row found by its names."""

    name: str  # sheet name ("" for csv)
    rows: list[list[Cell]]  # every row, header included
    header_index: int
    columns: dict[str, int]
    #: merged cell ranges (xlsx), 0-based and inclusive: (first row, last row, first col, last col)
    merged: tuple[tuple[int, int, int, int], ...] = ()

    def get(self, row: list[Cell], column: str) -> Cell | None:
        index = self.columns.get(column)
        if index is None:
            return None
        return row[index] if index < len(row) else Cell(None, "")

    def text(self, row: list[Cell], column: str) -> str:
        cell = self.get(row, column)
        return _text(cell.value) if cell is not None else ""

    def body(self) -> Iterable[list[Cell]]:
        return self.rows[self.header_index + 1 :]


def _find_header(rows: Sequence[list[Cell]], wanted: Callable[[set[str]], bool]) -> int | None:
    for i, row in enumerate(rows[:15]):
        names = {_text(cell.value) for cell in row}
        if wanted(names):
            return i
    return None


def _table(name: str, rows: list[list[Cell]]) -> tuple[str, _Table] | None:
    kinds: list[tuple[str, Callable[[set[str]], bool]]] = [
        ("rows", lambda n: {"二级指标", "三级指标", "实际完成值"} <= n),
        ("survey", lambda n: {"字段", "题目", "选项"} <= n),
        ("fields", lambda n: {"字段", VALUE} <= n and "类别" not in n),
        ("inputs", lambda n: {"输入", VALUE} <= n),
        ("scores", lambda n: "代码" in n and bool({"外部提供得分", "报告得分"} & n)),
        ("long", lambda n: {"类别", "字段", VALUE} <= n),
    ]
    for kind, wanted in kinds:
        index = _find_header(rows, wanted)
        if index is not None:
            columns: dict[str, int] = {}
            for i, cell in enumerate(rows[index]):
                columns.setdefault(_text(cell.value), i)
            return kind, _Table(name, rows, index, columns)
    return None


def _read_form(tables: list[tuple[str, _Table]], builder: _Builder) -> None:
    # rows sheets last: the report's scores read in the order a record lists them (得分 first)
    tables = sorted(tables, key=lambda found: found[0] == "rows")
    for kind, table in tables:
        if kind == "fields":
            _read_meta(table, builder)
            for row in table.body():
                key = table.text(row, "字段")
                cell = table.get(row, VALUE)
                if key and cell is not None:
                    builder.field(key, table.text(row, "类型"), table.text(row, "单位"), cell)
        elif kind == "inputs":
            for row in table.body():
                key = table.text(row, "输入")
                cell = table.get(row, VALUE)
                if key and cell is not None:
                    item, kind_ = table.text(row, "要点"), table.text(row, "类型")
                    builder.input(key, item, kind_, table.text(row, "单位"), cell)
        elif kind == "scores":
            for row in table.body():
                code = table.text(row, "代码")
                if code:
                    leaf = table.text(row, "类型") != "汇总"
                    builder.score(
                        code, table.get(row, "外部提供得分"), table.get(row, "报告得分"), leaf
                    )
        elif kind == "survey":
            for row in table.body():
                key = table.text(row, "字段")
                if not key:
                    continue
                number, question = table.text(row, "题号"), table.text(row, "题目")
                points, count = table.get(row, "分值"), table.get(row, "份数")
                assert points is not None and count is not None
                builder.surveys.setdefault(key, []).append(
                    (
                        f"{number}. {question}" if number else question,
                        table.text(row, "选项"),
                        points,
                        count,
                    )
                )
        elif kind == "long":
            _read_long(table, builder)
        elif kind == "rows":
            _read_rows(table, builder)


def _row_text(cell: Cell) -> str | Decimal | None:
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
        number = _decimal(value)
        return f"{plain(number * 100)}%" if cell.percent else plain(number)
    return str(value).strip()


def _read_rows(table: _Table, builder: _Builder) -> None:
    """A sheet of 三级指标 (项目支出自评表) as the list of rows perfscore.rows reads: one row per
    line; the lines of one merged 分值 cell are the `items` of one row (its 说明 cells joined
    as the row's 说明); a merged 二级指标 cell applies to every line it spans. Lines with
    nothing but 二级指标 and 代码 are not rows. Each cell's place goes into `locations` under
    the row's path in the data (产出指标[0].items[1].actual), so that the engine's errors name
    it; 报告得分 goes to reported.scores under the row's 代码."""
    key, key_cell = "", None
    for above in table.rows[: table.header_index]:  # 数据项 | 产出指标
        texts = [_text(c.value) for c in above]
        if ROWS_KEY_LABEL in texts:
            after = above[texts.index(ROWS_KEY_LABEL) + 1 :]
            key_cell = next((cell for cell in after if not cell.blank), None)
            key = _text(key_cell.value) if key_cell is not None else ""
            break
    key = key or table.name
    where = key_cell.where if key_cell is not None else f"{table.name}!A{table.header_index + 1}"
    builder.once(key, Cell(None, where))
    builder.locations[key] = where
    columns = {
        name: table.columns[header]
        for header, name in ROWS_COLUMNS.items()
        if header in table.columns
    }
    reported_col = table.columns.get(ROWS_REPORTED, table.columns.get("得分"))
    if reported_col is not None:
        columns["reported"] = reported_col
    first = table.header_index + 1
    spans: dict[tuple[int, int], tuple[int, int]] = {}  # (row, col) -> its merged range's rows
    for r1, r2, c1, c2 in table.merged:
        if r2 > r1 and r1 >= first:
            for r in range(r1, r2 + 1):
                for c in range(c1, c2 + 1):
                    spans[(r, c)] = (r1, r2)

    def cell(r: int, name: str) -> Cell:
        col = columns.get(name)
        if col is None:
            return Cell(None, "")
        line = table.rows[r]
        here = line[col] if col < len(line) else Cell(None, "")
        top = spans.get((r, col), (r, r))[0]
        if top != r and name in ("group", "weight", "code", "reported"):
            above = table.rows[top]
            return above[col] if col < len(above) else here  # a merged cell: its value
        return here

    content = ("name", "target", "actual", "weight", "level", "share", "reported", "note",
               "deviation")  # fmt: skip

    def filled(r: int) -> bool:
        return any(not cell(r, f).blank for f in content)

    rows: list[dict[str, Any]] = []
    r, last = first, len(table.rows) - 1
    while r <= last:
        weight_col = columns.get("weight")
        bottom = spans.get((r, weight_col), (r, r))[1] if weight_col is not None else r
        lines = [i for i in range(r, bottom + 1) if filled(i)]
        r = bottom + 1
        if not lines:
            continue
        path = f"{key}[{len(rows)}]"
        head = lines[0]
        row: dict[str, Any] = {}
        shared = ("group", "weight", "code") if len(lines) > 1 else tuple(columns)
        for name in shared:
            if name == "reported":
                continue
            found = cell(head, name)
            builder.locations[f"{path}.{name}"] = found.where
            value = _row_text(found) if name != "weight" else _row_weight(found)
            if value is not None:
                row[name] = value
        builder.locations.setdefault(path, cell(head, "group").where or cell(head, "name").where)
        if len(lines) > 1:  # several indicators under one merged 分值
            items = []
            for j, i in enumerate(lines):
                item: dict[str, Any] = {}
                for name in ("name", "target", "actual", "level", "share"):
                    found = cell(i, name)
                    builder.locations[f"{path}.items[{j}].{name}"] = found.where
                    value = _row_text(found)
                    if value is not None:
                        item[name] = value
                group = _row_text(cell(i, "group"))
                if group is not None and group != row.get("group"):
                    raise builder.error(
                        f"the lines of one merged 分值 cell must share one 二级指标 "
                        f"({row.get('group')!r}, not {group!r})",
                        cell(i, "group"),
                        path,
                    )
                items.append(item)
            row["items"] = items
            for name in ("note", "deviation"):
                notes = [_row_text(cell(i, name)) for i in lines]
                joined = "；".join(str(t) for t in dict.fromkeys(notes) if t)
                if joined:
                    row[name] = joined
                builder.locations[f"{path}.{name}"] = cell(head, name).where
        reported = cell(head, "reported")
        if not reported.blank:
            code = row.get("code")
            if not code:
                raise builder.error(
                    "a 报告得分 needs the row's 代码 (its indicator code) to be compared with",
                    reported,
                    path,
                )
            builder.reported.setdefault("scores", {})[str(code)] = builder.number(
                str(code), reported, "分"
            )
        rows.append(row)
    if rows:
        builder.values[key] = rows


def _row_weight(cell: Cell) -> Any:
    """A 分值 cell: a number as a Decimal (Excel's floats at 15 digits), text as written."""
    if cell.blank:
        return None
    value = cell.value
    if isinstance(value, (int, float, Decimal)) and not isinstance(value, bool):
        return _decimal(value)
    return _row_text(cell)


def _read_meta(table: _Table, builder: _Builder) -> None:
    """记录编号, 评价对象, 评价框架: the lines above the 基础数据 header."""
    for row in table.rows[: table.header_index]:
        label = table.text(row, "字段") or (_text(row[0].value) if row else "")
        cell = table.get(row, VALUE)
        if label in META and cell is not None:
            builder.metadata(label, cell)


def _read_long(table: _Table, builder: _Builder) -> None:
    """The form as one CSV table: 类别 记录 / 基础数据 / 评价输入 / 得分."""
    for row in table.body():
        category, key = table.text(row, "类别"), table.text(row, "字段")
        cell = table.get(row, VALUE)
        if not key or cell is None:
            continue
        kind, unit = table.text(row, "类型"), table.text(row, "单位")
        if category == "记录":
            if key in META:
                builder.metadata(key, cell)
        elif category == "基础数据":
            builder.field(key, kind, unit, cell)
        elif category == "评价输入":
            builder.input(key, table.text(row, "要点"), kind, unit, cell)
        elif category == "得分":
            builder.score(key, cell, table.get(row, "报告得分"), kind != "汇总")
        else:
            raise builder.error(
                f"unknown 类别 {category!r}; expected 记录, 基础数据, 评价输入 or 得分",
                cell.where,
                key,
            )


def _read_wide(rows: list[list[Cell]], builder: _Builder) -> None:
    """A header row of names and one row of values (the layout `perfscore batch` reads)."""
    data = [row for row in rows[1:] if any(not c.blank for c in row)]
    if not data:
        where = rows[0][0].where if rows and rows[0] else "line 1"
        raise builder.error(
            "no data: expected a form, or a header row and one row of values", where, None
        )
    if len(data) > 1:
        raise builder.error(
            f"{len(data)} rows of values: one record per file here; use perfscore batch for many",
            data[1][0].where,
            None,
        )
    for head, cell in zip(rows[0], data[0], strict=False):
        name = _text(head.value)
        if not name or cell.blank:
            continue
        if name == "id":
            builder.meta["id"] = _text(cell.value)
        elif name.startswith(EXTERNAL_PREFIX):
            builder.score(name[len(EXTERNAL_PREFIX) :], cell, None, True)
        else:
            builder.once(name, cell)
            builder.locations[name] = cell.where
            value = cell.value
            if isinstance(value, float):
                value = _decimal(value)
            if cell.percent and isinstance(value, (int, Decimal)):
                value = f"{plain(Decimal(value) * 100)}%"
            builder.values[name] = value


# --------------------------------------------------------------------------- xlsx


def _sheet_rows(ws: Any, name: str, file: str) -> list[list[Cell]]:
    rows: list[list[Cell]] = []
    for r, row in enumerate(ws.iter_rows(), 1):
        if r > MAX_ROWS:
            raise DataError(f"sheet {name!r} has more than {MAX_ROWS} rows", file=file)
        rows.append(
            [
                Cell(c.value, f"{name}!{c.coordinate}", "%" in str(c.number_format or ""))
                for c in row
                if hasattr(c, "coordinate")
            ]
        )
    return rows


_NOT_A_FORM = (
    "not a filled-in form: no sheet holds the form's header rows (字段 … 填写值, 输入 … 填写值, "
    "代码 … 报告得分); write one with perfscore template"
)


def read_xlsx(path: str | Path, *, form_only: bool = False) -> Record:
    """A filled-in form, or a one-record table, from an .xlsx file (only a form: `form_only`)."""
    from openpyxl import load_workbook
    from openpyxl.utils.exceptions import InvalidFileException

    file = str(path)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # openpyxl warns about Excel extensions it drops
            wb = load_workbook(file, data_only=True)
    except FileNotFoundError:
        raise DataError("no such file", file=file) from None
    except (InvalidFileException, zipfile.BadZipFile, KeyError, ValueError, OSError) as exc:
        raise DataError(f"not a readable .xlsx workbook: {exc}", file=file) from None
    builder = _Builder(file)
    tables = []
    sheets = []
    for ws in wb.worksheets:
        rows = _sheet_rows(ws, ws.title, file)
        sheets.append(rows)
        found = _table(ws.title, rows)
        if found is not None:
            found[1].merged = tuple(
                (m.min_row - 1, m.max_row - 1, m.min_col - 1, m.max_col - 1)
                for m in ws.merged_cells.ranges
            )
            tables.append(found)
    return _workbook_record(builder, tables, sheets, form_only=form_only)


def _workbook_record(
    builder: _Builder,
    tables: list[tuple[str, _Table]],
    sheets: list[list[list[Cell]]],
    *,
    form_only: bool,
) -> Record:
    """The record a workbook holds, whatever read it: a form when a sheet has a form's header
    row, else (not `form_only`) the one-record table on its first sheet."""
    if tables:
        _read_form(tables, builder)
    elif form_only:
        raise DataError(_NOT_A_FORM, file=builder.file)
    else:
        _read_wide(sheets[0] if sheets else [], builder)
    return builder.finish(Path(builder.file).stem)


# --------------------------------------------------------------------------- xls, ods, xlsb, et


def _calamine_rows(sheet: Sheet) -> list[list[Cell]]:
    """A calamine sheet as rows of Cells named like openpyxl's ("基础数据!C7"); the number
    format is unknown (`percent` None)."""
    return [
        [
            Cell(None if value == "" else value, f"{sheet.name}!{column_letter(c)}{r}", None)
            for c, value in enumerate(row)
        ]
        for r, row in enumerate(sheet.rows, 1)
    ]


def read_workbook(path: str | Path, *, form_only: bool = False) -> Record:
    """A filled-in form, or a one-record table, from an .xls, .ods, .xlsb or WPS .et workbook
    (python-calamine): read as `read_xlsx` reads an .xlsx. Merged cells are known for .xls
    (not .ods: a form with a rows sheet must then be saved as .xlsx); number formats are not
    known, so a number in a % field must be typed as text ("98%")."""
    file = str(path)
    builder = _Builder(file)
    tables = []
    sheets = []
    for sheet in read_sheets(file, max_rows=MAX_ROWS):
        rows = _calamine_rows(sheet)
        sheets.append(rows)
        found = _table(sheet.name, rows)
        if found is not None:
            if found[0] == "rows" and sheet.merged is None:
                raise DataError(
                    f"sheet {sheet.name!r}: the merged cells of this file type cannot be read, "
                    "and a rows sheet needs them; 请另存为 .xlsx / save it as .xlsx",
                    file=file,
                )
            found[1].merged = sheet.merged or ()
            tables.append(found)
    return _workbook_record(builder, tables, sheets, form_only=form_only)


# --------------------------------------------------------------------------- csv


def read_csv(path: str | Path, *, form_only: bool = False) -> Record:
    """The form as one CSV table, or a header row and one row of values (not: `form_only`).
    The encoding — UTF-8 (BOM or not), GB18030/GBK, UTF-16 with a BOM — is decided by
    `perfscore.encodings.detect_encoding`, as for every text input."""
    file = str(path)
    text = read_text(file)
    rows: list[list[Cell]] = []
    # split as a batch table is (docs/batch.md): a line whose quote cannot close is named
    for line, row in csv_records(io.StringIO(text, newline="")):
        if line > MAX_ROWS:
            raise DataError(f"more than {MAX_ROWS} lines", file=file)
        if isinstance(row, DamagedLine):
            raise DataError(f"not valid CSV: {row.reason}", file=file, line=line)
        # a form perfscore wrote quoted dangerous text ('=x, OWASP): read back what was meant
        rows.append([Cell(restore(value), f"line {line}") for value in row])
    builder = _Builder(file)
    found = _table("", rows)
    if found is not None:
        _read_form([found], builder)
    elif form_only:
        raise DataError(_NOT_A_FORM.replace("no sheet holds", "no line holds"), file=file)
    else:
        _read_wide(rows, builder)
    return builder.finish(Path(file).stem)


# --------------------------------------------------------------------------- json


def read_json(path: str | Path) -> Record:
    """A record file in JSON (as `load_record` reads it), or a flat mapping of values. Both go
    through the bounded JSON reader (`yamlio.read_json`: the size limit, duplicate keys and
    NaN refused, nesting bounded, numbers exact)."""
    file = str(path)
    data = read_json_file(file, DataError)
    if not isinstance(data, dict):
        raise DataError("a data file must be a JSON object", file=file, line=1)
    if not data or "values" in data or set(data) & RECORD_KEYS - {"id", "title", "source"}:
        return load_record(file)
    return Record(values=dict(data), id=Path(file).stem, file=file)


READERS: dict[str, Callable[[str], Record]] = {
    ".xlsx": read_xlsx,
    ".xlsm": read_xlsx,
    **{suffix: read_workbook for suffix in CALAMINE_SUFFIXES},
    ".csv": read_csv,
    ".json": read_json,
}
#: what DATA may be, for the message about any other suffix
DATA_FORMATS = ".yaml, .yml, .json, .csv, .xlsx, .xlsm, .xls, .ods, .xlsb"
YAML_SUFFIXES = ("", ".yaml", ".yml")


FORM_SUFFIXES = (*SPREADSHEET_SUFFIXES, ".csv")
#: sheets that only the form has: a workbook with two of them is a form, whatever else it holds
_FORM_SHEETS = {FIELDS_SHEET, INPUTS_SHEET, SCORES_SHEET}
_FORM_MAX_BYTES = 8 << 20  # uncompressed: a form with renamed sheets is looked into below this
_SHEET_NAME = re.compile(r"<(?:\w+:)?sheet\b[^>]*?\bname=\"([^\"]*)\"")


def is_form(path: str | Path) -> bool | None:
    """Whether `path` (.xlsx, .xlsm or .csv) is a form as `perfscore template` writes it —
    one record — rather than a table of records (a header row, a record a row). Told by its
    layout: the form's sheet names, else a sheet (or the CSV) whose first rows hold one of the
    form's header rows, as `read_xlsx` finds them (looked for only in a workbook of less than
    8 MB uncompressed: a form has some kilobytes, a big table is not parsed twice). None when
    the file cannot be opened."""
    file = str(path)
    suffix = Path(file).suffix.lower()
    if suffix == ".csv":
        try:
            with open(file, "rb") as handle:
                head = handle.read(PREFIX_BYTES + 1)
        except OSError:
            return None
        text = decode_prefix(head[:PREFIX_BYTES], complete=len(head) <= PREFIX_BYTES)
        if text is None:
            return None
        lines = text.splitlines()[:15]
        try:
            rows = [[Cell(v, "") for v in row] for row in csv.reader(lines)]
        except csv.Error:
            return False
        return _table("", rows) is not None
    if suffix in CALAMINE_SUFFIXES:
        try:
            if Path(file).stat().st_size > _FORM_MAX_BYTES:
                return False
            sheets = read_sheets(file, max_rows=MAX_ROWS, max_sheets=20, head=15)
        except (OSError, DataError):
            return None
        return any(_table(s.name, _calamine_rows(s)) is not None for s in sheets)
    try:
        with zipfile.ZipFile(file) as book:
            names = {html.unescape(n) for n in _SHEET_NAME.findall(
                book.read("xl/workbook.xml").decode("utf-8", "replace"))}  # fmt: skip
            size = sum(info.file_size for info in book.infolist())
    except (OSError, zipfile.BadZipFile, KeyError, ValueError):
        return None
    if len(names & _FORM_SHEETS) >= 2:
        return True
    if size > _FORM_MAX_BYTES:  # a form is some kilobytes: this is a table (and not parsed twice)
        return False
    from openpyxl import load_workbook

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            wb = load_workbook(file, read_only=True, data_only=True)
    except Exception:  # openpyxl raises many kinds on a damaged file
        return None
    try:
        for ws in wb.worksheets[:20]:
            ws.reset_dimensions()  # read-only mode trusts <dimension>, which may be wrong
            rows = [
                [Cell(value, "") for value in row]
                for row in ws.iter_rows(max_row=15, values_only=True)
            ]
            if _table(ws.title, rows) is not None:
                return True
        return False
    except Exception:
        return None
    finally:
        wb.close()


def read_form(path: str | Path) -> Record:
    """A filled-in form (.xlsx, .xlsm, .xls, .ods, .xlsb, .et or .csv) as one record; DataError
    naming the file when it is something else (a table of records, another suffix) or the sheet
    and cell it cannot read.
    The record's id is the form's 记录编号, else the file's name without its suffix."""
    file = str(path)
    suffix = Path(file).suffix.lower()
    if suffix not in FORM_SUFFIXES:
        raise DataError(
            f"not a form: {suffix or 'a file without a suffix'!r} is not read; forms are "
            f"{', '.join(FORM_SUFFIXES)} (请另存为 .xlsx / save it as .xlsx)",
            file=file,
        )
    if suffix == ".csv":
        return read_csv(file, form_only=True)
    if suffix in CALAMINE_SUFFIXES:
        return read_workbook(file, form_only=True)
    return read_xlsx(file, form_only=True)


def form_id(path: str | Path) -> str | None:
    """The 记录编号 a form states, read on its own (for a form that cannot be read in full, so
    that its error row still says whose it is); None when there is none or it cannot be read."""
    file = str(path)
    builder = _Builder(file)
    try:
        suffix = Path(file).suffix.lower()
        if suffix == ".csv":
            with open(file, "rb") as handle:
                head = handle.read(PREFIX_BYTES + 1)
            text = decode_prefix(head[:PREFIX_BYTES], complete=len(head) <= PREFIX_BYTES)
            if text is None:
                return None
            rows = [
                [Cell(restore(value), f"line {n}") for value in row]
                for n, row in enumerate(csv.reader(io.StringIO(text, newline="")), 1)
                if n <= 20
            ]
            found = _table("", rows)
            if found is not None and found[0] == "long":
                for row in found[1].body():
                    label, cell = found[1].text(row, "字段"), found[1].get(row, VALUE)
                    if found[1].text(row, "类别") == "记录" and label in META and cell is not None:
                        builder.metadata(label, cell)
            return builder.meta.get("id")
        if suffix in CALAMINE_SUFFIXES:
            for sheet in read_sheets(file, max_rows=MAX_ROWS, max_sheets=20, head=15):
                found = _table(sheet.name, _calamine_rows(sheet))
                if found is not None and found[0] == "fields":
                    _read_meta(found[1], builder)
                    break
            return builder.meta.get("id")
        from openpyxl import load_workbook

        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            wb = load_workbook(file, read_only=True, data_only=True)
        try:
            for ws in wb.worksheets[:20]:
                ws.reset_dimensions()  # read-only mode trusts <dimension>, which may be wrong
                rows = [
                    [Cell(value, "") for value in row]
                    for row in ws.iter_rows(max_row=15, values_only=True)
                ]
                found = _table(ws.title, rows)
                if found is not None and found[0] == "fields":
                    _read_meta(found[1], builder)
                    break
        finally:
            wb.close()
    except Exception:  # whatever kept the form from being read may keep this from it too
        return None
    return builder.meta.get("id")


def read_data(path: str | Path) -> Record:
    """Read DATA of any supported kind (YAML, JSON, CSV, XLSX, XLS, ODS, XLSB), by suffix;
    DataError naming the file and the formats read for any other suffix."""
    suffix = Path(path).suffix.lower()
    reader = READERS.get(suffix)
    if reader is not None:
        return reader(str(path))
    if suffix in YAML_SUFFIXES:
        return load_record(path)
    raise DataError(unknown_format(suffix), file=str(path))


def unknown_format(suffix: str) -> str:
    """The message for a DATA file whose suffix is not read."""
    return (
        f"cannot read {suffix or 'a file without a suffix'!r} files; DATA may be {DATA_FORMATS} "
        "(请另存为 .xlsx 或 CSV UTF-8 / save it as .xlsx or CSV UTF-8)"
    )
